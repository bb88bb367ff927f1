import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';
import { createRecord, listRecords, migrateCaseModel, richText } from '../records/caseModel.js';
import { canvasTexts } from './canvasTexts.js';
import { scanText } from './preflight.js';
import { applyPseudonyms, findNames } from './pseudonyms.js';

function board(): Y.Doc {
  const doc = new Y.Doc();
  migrateCaseModel(doc);
  const event = (fact: string, knownAtTheTime = '') =>
    createRecord(doc, 'events', {
      date: { text: '2021', precision: 'year', approximate: false, sortKey: '2021-01-01' },
      laneId: 'lane-1',
      fact,
      knownAtTheTime,
    });
  event('Die Kindesmutter, Frau Sabine Krämer, meldet sich beim Jugendamt.', 'Herr Dennis Wagner ist der Vater.');
  event('Hausbesuch: Sabine Krämer öffnet, Dennis Wagner ist nicht da.');
  event('Kind Leonie weint; die Mutter Sabine Krämer tröstet sie.');
  createRecord(doc, 'persons', { alias: 'Kind L. (6)', role: 'Kind', description: 'Tochter von Sabine Krämer' });
  return doc;
}

describe('pseudonymisation assistant', () => {
  it('lists every name with every place and a role-based suggestion', () => {
    const names = findNames(board());
    expect(names.map((candidate) => [candidate.name, candidate.occurrences.length, candidate.suggestion])).toEqual([
      ['Sabine Krämer', 4, 'Mutter A'],
      ['Dennis Wagner', 2, 'Vater A'],
      ['Leonie', 1, 'Kind A'],
    ]);
    expect(names[1]!.occurrences.map((occurrence) => occurrence.field).sort()).toEqual(['fact', 'knownAtTheTime']);
    expect(names[0]!.occurrences.some((occurrence) => occurrence.kind === 'persons' && occurrence.field === 'description')).toBe(true);
  });

  it('replaces every name consistently in one undoable step, rich text included', () => {
    const doc = board();
    const rec = createRecord(doc, 'recommendations', {
      title: 'Rückfragen',
      addressee: 'Leitung ASD',
      actions: ['Gespräch mit Dennis Wagner', 'Brief an Frau Sabine Krämer'],
    });
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    richText(doc, 'recommendations', rec.id, 'rationale')!.insert(0, [paragraph]);
    text.insert(0, 'Weil Herr Dennis Wagner ');
    text.insert(24, 'nie erreichbar', { bold: true });
    text.insert(38, ' war.', { bold: null });
    const origin = { pseudonyms: true };
    const undo = new Y.UndoManager(
      ['events', 'persons', 'recommendations'].map((kind) => doc.getMap(`records.${kind}`)),
      { trackedOrigins: new Set([origin]) },
    );
    const before = JSON.stringify(doc.toJSON());
    const choices = findNames(doc).map((candidate) => ({ name: candidate.name, pseudonym: candidate.suggestion }));
    expect(applyPseudonyms(doc, choices, origin)).toBe(10);

    const texts = [
      ...listRecords(doc, 'events').records.flatMap((event) => [event.fact, event.knownAtTheTime]),
      ...listRecords(doc, 'persons').records.map((person) => person.description),
      ...listRecords(doc, 'recommendations').records.flatMap((r) => r.actions),
      text.toString(),
    ];
    expect(texts.join(' | ')).not.toMatch(/Krämer|Wagner|Leonie/);
    expect(texts).toContain('Die Kindesmutter, Mutter A, meldet sich beim Jugendamt.');
    expect(listRecords(doc, 'recommendations').records[0]!.actions).toEqual(['Gespräch mit Vater A', 'Brief an Mutter A']);
    expect(text.toDelta()).toEqual([{ insert: 'Weil Vater A ' }, { insert: 'nie erreichbar', attributes: { bold: true } }, { insert: ' war.' }]);
    expect(texts.flatMap((t) => scanText(t, { protectedTerms: [], aliases: ['Mutter A', 'Vater A', 'Kind A'] }))).toEqual([]);

    undo.undo();
    expect(JSON.stringify(doc.toJSON())).toBe(before);
  });

  it('changes nothing without a usable choice', () => {
    const doc = board();
    const before = JSON.stringify(doc.toJSON());
    expect(applyPseudonyms(doc, [{ name: 'Sabine Krämer', pseudonym: ' ' }])).toBe(0);
    expect(JSON.stringify(doc.toJSON())).toBe(before);
  });

  it('replaces names in free text on the canvas too, and takes that back with the rest', () => {
    const doc = board();
    const canvas = doc.getArray<{ key: string; val: Record<string, unknown> }>(DOC_LAYOUT.canvasRecords);
    const note = (id: string, props: Record<string, unknown>) => ({ key: id, val: { typeName: 'shape', id, type: 'note', props } });
    canvas.push([
      note('shape:a', {
        richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Anruf von Dennis Wagner wegen Sabine Krämer' }] }] },
      }),
      note('shape:b', { text: 'Frau Sabine Krämer', altText: 'Foto: Dennis Wagner' }),
      { key: 'shape:c', val: { typeName: 'shape', id: 'shape:c', type: 'qe-card', props: { recordId: 'x' } } },
    ]);
    const names = findNames(doc);
    expect(names.find((candidate) => candidate.name === 'Dennis Wagner')!.occurrences.filter((o) => o.kind === 'canvas')).toHaveLength(2);
    const origin = { pseudonyms: true };
    const undo = new Y.UndoManager([doc.getMap('records.events'), doc.getMap('records.persons'), canvas], { trackedOrigins: new Set([origin]) });
    const before = JSON.stringify(canvas.toJSON());
    applyPseudonyms(
      doc,
      names.map((candidate) => ({ name: candidate.name, pseudonym: candidate.suggestion })),
      origin,
    );
    const texts = canvasTexts(doc).map((entry) => entry.text);
    expect(texts).toEqual(['Anruf von Vater A wegen Mutter A', 'Mutter A Foto: Vater A']);
    expect(canvas.toArray().map((entry) => entry.key)).toEqual(['shape:a', 'shape:b', 'shape:c']);
    undo.undo();
    expect(JSON.stringify(canvas.toJSON())).toBe(before);
  });
});
