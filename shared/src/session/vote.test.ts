import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ballotsOf, castDots, openVote, saveVoteResult, tally, voteProgress } from './vote.js';

const targets = ['Fallverstehen', 'Personal', 'Kooperation'].map((label, index) => ({ kind: 'themes', id: `t${index}`, label }));

describe('dot voting', () => {
  it('counts dots per target, sorted by count', () => {
    const result = tally({ targets, dotsPerPerson: 3 }, [['t0', 't0', 't1'], ['t2', 't0', 't1'], ['t1']]);
    expect(result.map((r) => [r.target.label, r.count])).toEqual([
      ['Fallverstehen', 3],
      ['Personal', 3],
      ['Kooperation', 1],
    ]);
  });

  it('ignores dots over the limit and on unknown targets', () => {
    const result = tally({ targets, dotsPerPerson: 2 }, [
      ['t0', 't1', 't2'],
      ['gelöscht', 't2'],
    ]);
    expect(Object.fromEntries(result.map((r) => [r.target.id, r.count]))).toEqual({ t0: 1, t1: 1, t2: 1 });
  });

  it('merges concurrent ballots and refuses too many dots or a closed vote', () => {
    const a = new Y.Doc();
    openVote(a, { id: 'v1', title: 'Themen gewichten', targets, dotsPerPerson: 3, anonymous: true });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    castDots(a, 'v1', 'anna', ['t0', 't0', 't1']);
    castDots(b, 'v1', 'ben', ['t2']);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(ballotsOf(a, 'v1').size).toBe(2);
    expect(() => castDots(a, 'v1', 'anna', ['t0', 't1', 't2', 't0'])).toThrow(/Höchstens 3/);
    saveVoteResult(a, '2026-11-25');
    expect(a.getArray('session.voteResults').toJSON()[0].results[0]).toMatchObject({ target: { id: 't0' }, count: 2 });
    expect(() => castDots(a, 'v1', 'ben', ['t1'])).toThrow(/nicht offen/);
  });
});

describe('vote progress', () => {
  it('counts ballots with dots of those who may vote, never fewer than have voted', () => {
    expect(voteProgress([['t0'], [], ['t1', 't1']], 30)).toEqual({ voted: 2, of: 30 });
    expect(voteProgress([['t0'], ['t1'], ['t2']], 2)).toEqual({ voted: 3, of: 3 });
    expect(voteProgress([], 0)).toEqual({ voted: 0, of: 0 });
  });
});
