import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRecord, migrateCaseModel } from './caseModel.js';
import { parseFuzzyDate } from './fuzzyDate.js';
import { caseNumbering, procedureFindingNumbers } from './numbering.js';

/** The same records written in the given order, each by its own client (so Y.Map order follows client ids, not time). */
function board(order: number[]): Y.Doc {
  const merged = new Y.Doc();
  const base = new Y.Doc();
  migrateCaseModel(base);
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(base));
  const dates = ['2021', '03/2021', '11.02.2021', '11.02.2021', 'unbekannt'];
  for (const index of order) {
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(merged));
    createRecord(client, 'events', { id: `ev-${index}`, date: parseFuzzyDate(dates[index]!), laneId: 'lane-1', fact: `Ereignis ${index}` });
    createRecord(client, 'keySituations', { id: `ks-${index}`, title: index === 3 ? 'B' : 'A', eventIds: [`ev-${index % 4}`] });
    createRecord(client, 'findings', { id: `fin-${index}`, text: `Befund ${index}` });
    createRecord(client, 'recommendations', {
      id: `rec-${index}`,
      title: 'Gleich',
      priority: index === 4 ? 'hoch' : 'mittel',
      status: index === 0 ? 'verworfen' : 'Entwurf',
      discardReason: index === 0 ? 'nein' : '',
    });
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(client));
  }
  return merged;
}

const numbers = (doc: Y.Doc) => {
  const n = caseNumbering(doc);
  return {
    events: n.events.map((e) => e.id),
    keySituations: n.keySituations.map((k) => k.id),
    findings: n.findings.map((f) => f.id),
    recommendations: n.recommendations.map((r) => r.id),
  };
};

describe('caseNumbering', () => {
  it('gives the same numbers whatever order the records arrived in', () => {
    const first = numbers(board([0, 1, 2, 3, 4]));
    expect(numbers(board([4, 3, 2, 1, 0]))).toEqual(first);
    expect(numbers(board([2, 0, 4, 1, 3]))).toEqual(first);
    expect(first).toEqual({
      // 11.02.2021 twice: the id decides; "2021" sorts as 01.01.2021; unknown last
      events: ['ev-0', 'ev-2', 'ev-3', 'ev-1', 'ev-4'],
      // by the first linked event, then title, then id
      keySituations: ['ks-0', 'ks-4', 'ks-2', 'ks-3', 'ks-1'],
      findings: ['fin-0', 'fin-1', 'fin-2', 'fin-3', 'fin-4'],
      // priority first, discarded last
      recommendations: ['rec-4', 'rec-1', 'rec-2', 'rec-3', 'rec-0'],
    });
  });
});

describe('procedureFindingNumbers', () => {
  it("runs on across the procedure's case boards in their order, each board's findings as they were written", () => {
    const numbers = procedureFindingNumbers([
      { key: 'a', findings: [{ id: 'f-2' }, { id: 'f-1' }] },
      { key: 'b', findings: [{ id: 'f-0' }] },
    ]);
    expect([...numbers]).toEqual([
      ['a|f-1', 1],
      ['a|f-2', 2],
      ['b|f-0', 3],
    ]);
  });
});
