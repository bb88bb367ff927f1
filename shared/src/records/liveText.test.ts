import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRecord, getRecord, RecordValidationError, recordsMap, updateLiveText, updateRecord } from './caseModel.js';
import { ensureLiveText, liveText, replaceText } from './liveText.js';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('live text fields', () => {
  it('merges two people typing in the same field at once, losing neither', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const rec = createRecord(a, 'recommendations', { title: 'Vier-Augen-Prinzip' });
    sync(a, b);
    updateLiveText(a, 'recommendations', rec.id, 'intendedOutcome', 'Kinder werden gehört.');
    updateLiveText(b, 'recommendations', rec.id, 'intendedOutcome', 'Eltern verstehen den Ablauf.');
    sync(a, b);
    const merged = getRecord(a, 'recommendations', rec.id)!.intendedOutcome;
    expect(merged).toContain('Kinder werden gehört.');
    expect(merged).toContain('Eltern verstehen den Ablauf.');
    expect(getRecord(b, 'recommendations', rec.id)!.intendedOutcome).toBe(merged);
  });

  it('keeps an edit elsewhere in the text when the whole field is saved by the form', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const rec = createRecord(a, 'events', {
      date: { text: '2020', precision: 'year', approximate: false, sortKey: '2020-01-01' },
      laneId: 'l',
      fact: 'Hausbesuch',
    });
    sync(a, b);
    updateLiveText(a, 'events', rec.id, 'fact', 'Unangekündigter Hausbesuch');
    updateRecord(b, 'events', rec.id, { fact: 'Hausbesuch durch den ASD' });
    sync(a, b);
    expect(getRecord(a, 'events', rec.id)!.fact).toBe('Unangekündigter Hausbesuch durch den ASD');
  });

  it('keeps the text as typed, but never leaves a required field empty', () => {
    const doc = new Y.Doc();
    const rec = createRecord(doc, 'recommendations', { title: 'Titel' });
    updateLiveText(doc, 'recommendations', rec.id, 'title', 'Titel ');
    expect(liveText(doc, 'recommendations', rec.id, 'title')!.toString()).toBe('Titel ');
    expect(() => updateLiveText(doc, 'recommendations', rec.id, 'title', '  ')).toThrow(RecordValidationError);
    expect(liveText(doc, 'recommendations', rec.id, 'title')!.toString()).toBe('Titel ');
    expect(() => updateLiveText(doc, 'recommendations', rec.id, 'priority', 'hoch')).toThrow(RecordValidationError);
  });

  it('turns a field stored as a string by an earlier version into a live text when edited', () => {
    const doc = new Y.Doc();
    const rec = createRecord(doc, 'findings', { text: 'Befund' });
    recordsMap(doc, 'findings').get(rec.id)!.set('text', 'Befund (alt)');
    expect(liveText(doc, 'findings', rec.id, 'text')).toBeUndefined();
    expect(getRecord(doc, 'findings', rec.id)!.text).toBe('Befund (alt)');
    expect(ensureLiveText(doc, 'findings', rec.id, 'text')!.toString()).toBe('Befund (alt)');
    updateLiveText(doc, 'findings', rec.id, 'text', 'Befund (neu)');
    expect(getRecord(doc, 'findings', rec.id)!.text).toBe('Befund (neu)');
  });

  it('replaces by the smallest edit', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'abcdef');
    const deltas: unknown[] = [];
    text.observe((event) => deltas.push(event.delta));
    replaceText(text, 'abXYef');
    expect(text.toString()).toBe('abXYef');
    expect(deltas).toEqual([[{ retain: 2 }, { delete: 2 }, { insert: 'XY' }]]);
  });
});
