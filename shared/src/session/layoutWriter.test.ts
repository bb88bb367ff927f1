import { describe, expect, it } from 'vitest';
import { layoutWriter } from './layoutWriter.js';

const person = (role: string) => ({ participant: { id: role, name: role, role } });

describe('layoutWriter', () => {
  it('picks the moderator with the lowest client id, whatever the order', () => {
    const states = new Map<number, unknown>([
      [7, person('editor')],
      [42, person('moderator')],
      [12, person('moderator')],
      [3, person('observer')],
    ]);
    expect(layoutWriter(states)).toBe(12);
  });

  it('falls back to the editors, never an observer or a client without a stamped role', () => {
    expect(
      layoutWriter(
        new Map<number, unknown>([
          [9, person('editor')],
          [4, person('analyst')],
          [1, person('observer')],
          [0, {}],
        ]),
      ),
    ).toBe(4);
    expect(
      layoutWriter(
        new Map<number, unknown>([
          [1, person('observer')],
          [2, null],
          [3, { participant: { role: 'chef' } }],
        ]),
      ),
    ).toBeUndefined();
  });
});
