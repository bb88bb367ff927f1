import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agendaArray, DEFAULT_PHASES, ensureAgenda, removeDuplicatePhases } from './agenda.js';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};
const ids = (doc: Y.Doc) =>
  agendaArray(doc)
    .toArray()
    .map((phase) => phase.id);

describe('agenda seeding', () => {
  it('repairs the doubled phases of two moderators seeding at the same moment', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    ensureAgenda(a);
    ensureAgenda(b);
    sync(a, b);
    expect(ids(a)).toHaveLength(2 * DEFAULT_PHASES.length);

    // both repair concurrently, as both clients would
    expect(removeDuplicatePhases(a)).toBe(DEFAULT_PHASES.length);
    expect(removeDuplicatePhases(b)).toBe(DEFAULT_PHASES.length);
    sync(a, b);
    expect(ids(a)).toEqual(DEFAULT_PHASES.map((phase) => phase.id));
    expect(ids(b)).toEqual(ids(a));
  });

  it('seeds once and keeps phases added later', () => {
    const doc = new Y.Doc();
    ensureAgenda(doc);
    agendaArray(doc).push([{ id: 'pause', title: 'Pause' }]);
    ensureAgenda(doc);
    expect(ids(doc)).toEqual([...DEFAULT_PHASES.map((phase) => phase.id), 'pause']);
  });
});
