import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  brokenLinks,
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  migrateCaseModel,
  recordsMap,
  RecordValidationError,
  richText,
  updateRecord,
} from './caseModel.js';
import { parseFuzzyDate } from './fuzzyDate.js';

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

function newEvent(doc: Y.Doc) {
  return createRecord(doc, 'events', { date: parseFuzzyDate('21.03.2019'), laneId: 'lane-2', fact: 'Hausbesuch' });
}

describe('case model in a Y.Doc', () => {
  it('seeds default lanes and themes once, also when two clients migrate at the same time', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    migrateCaseModel(a);
    migrateCaseModel(b);
    sync(a, b);
    sync(b, a);
    migrateCaseModel(a);
    expect(listRecords(a, 'lanes').records.map((lane) => lane.name)).toContain('Familiengericht');
    expect(listRecords(a, 'lanes').records).toHaveLength(7);
    expect(listRecords(b, 'themes').records).toHaveLength(9);
  });

  it('validates records with clear German messages and writes nothing invalid', () => {
    const doc = new Y.Doc();
    expect(() => createRecord(doc, 'events', { date: parseFuzzyDate('2020'), laneId: 'x', fact: '  ' })).toThrow(/Was ist passiert\? fehlt/);
    expect(recordsMap(doc, 'events').size).toBe(0);
    const rec = createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip' });
    expect(() => updateRecord(doc, 'recommendations', rec.id, { status: 'verworfen' })).toThrow(RecordValidationError);
    expect(getRecord(doc, 'recommendations', rec.id)?.status).toBe('Entwurf');
  });

  it('merges concurrent edits of different fields of one event', () => {
    const a = new Y.Doc();
    const event = newEvent(a);
    const b = new Y.Doc();
    sync(a, b);
    updateRecord(a, 'events', event.id, { source: 'Akte Bl. 4' });
    updateRecord(b, 'events', event.id, { knownAtTheTime: 'nur die Kita-Mitteilung' });
    sync(a, b);
    sync(b, a);
    expect(getRecord(a, 'events', event.id)).toMatchObject({ source: 'Akte Bl. 4', knownAtTheTime: 'nur die Kita-Mitteilung' });
    expect(getRecord(b, 'events', event.id)).toEqual(getRecord(a, 'events', event.id));
  });

  it('gives recommendations a collaborative rich-text rationale', () => {
    const doc = new Y.Doc();
    const rec = createRecord(doc, 'recommendations', { title: 'Dienstanweisung § 8a ergänzen', priority: 'hoch' });
    expect(richText(doc, 'recommendations', rec.id, 'rationale')).toBeInstanceOf(Y.XmlFragment);
  });

  it('shows a deleted link target as broken instead of failing', () => {
    const doc = new Y.Doc();
    const event = newEvent(doc);
    const situation = createRecord(doc, 'keySituations', { title: 'Erster Hausbesuch', eventIds: [event.id] });
    deleteRecord(doc, 'events', event.id);
    expect(getRecord(doc, 'keySituations', situation.id)?.eventIds).toEqual([event.id]);
    expect(brokenLinks(doc, { events: situation.eventIds })).toEqual([{ kind: 'events', id: event.id }]);
  });

  it('lists records that fail the schema separately instead of dropping them', () => {
    const doc = new Y.Doc();
    const broken = new Y.Map<unknown>();
    broken.set('id', 'evt-x');
    broken.set('fact', 'ohne Datum');
    recordsMap(doc, 'events').set('evt-x', broken);
    newEvent(doc);
    const list = listRecords(doc, 'events');
    expect(list.records).toHaveLength(1);
    expect(list.invalid.map((entry) => entry.id)).toEqual(['evt-x']);
  });
});
