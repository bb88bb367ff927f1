import { describe, expect, it } from 'vitest';
import { limitAwareness } from './awarenessLimits.js';
import { MalformedMessageError, type AwarenessEntry } from './messages.js';

const limits = { clientsPerConnection: 2, stateBytes: 100 };
const entry = (client: number, clock: number, state: unknown, bytes = 10): AwarenessEntry => ({ client, clock, state, bytes });

/** the board: client 1 is the sender's (clock 5), client 9 someone else's (clock 3) */
const owned = new Set([1]);
const ownership = { ownedBySender: (c: number) => owned.has(c), ownedCount: owned.size, heldByOthers: (c: number) => c === 9 };
const known = {
  clock: (c: number) => ({ 1: 5, 9: 3, 7: 4 })[c],
  state: (c: number) => ({ 1: { mine: true }, 9: { theirs: true } })[c],
};

describe('limitAwareness', () => {
  it('refuses a message that would make the connection speak for too many ids', () => {
    expect(() => limitAwareness([entry(2, 1, {}), entry(3, 1, {})], ownership, known, limits)).toThrow(MalformedMessageError);
    expect(limitAwareness([entry(2, 1, {})], ownership, known, limits)).toHaveLength(1);
  });

  it('does not count echoes, removals or states that would not apply', () => {
    const entries = [entry(9, 3, {}), entry(7, 4, { stale: true }), entry(8, 1, null), entry(2, 1, {})];
    expect(limitAwareness(entries, ownership, known, limits)).toEqual(entries);
  });

  it("keeps the sender's previous state for an oversized one, and drops it without one", () => {
    expect(limitAwareness([entry(1, 6, { big: 1 }, 101)], ownership, known, limits)).toEqual([entry(1, 6, { mine: true }, 101)]);
    expect(limitAwareness([entry(2, 1, { big: 1 }, 101)], ownership, known, limits)).toEqual([]);
  });
});
