import { SYNC_CLOSE } from '@qe/shared';
import { describe, expect, it } from 'vitest';
import { accessEnd } from './accessEnd.js';

const exp = 2_000_000_000; // seconds
const at = (ms: number) => new Date(ms).toISOString();

describe('accessEnd', () => {
  it("ends at the token's exp with 4001 (reconnect with the renewed token)", () => {
    expect(accessEnd(exp, undefined)).toEqual({ at: exp * 1000, code: SYNC_CLOSE.tokenExpired, reason: 'token expired' });
    expect(accessEnd(exp, at(exp * 1000 + 3_600_000)), 'a link that outlives the token').toMatchObject({ code: SYNC_CLOSE.tokenExpired });
  });

  it('ends with the invite link (4411) when the token cannot be renewed past it', () => {
    expect(accessEnd(exp, at(exp * 1000 - 5000))).toEqual({ at: exp * 1000 - 5000, code: SYNC_CLOSE.accessRevoked, reason: 'invite link expired' });
    expect(accessEnd(exp, at(exp * 1000 + 30_000))).toEqual({ at: exp * 1000, code: SYNC_CLOSE.accessRevoked, reason: 'invite link expired' });
  });

  it('does not end without exp or link', () => {
    expect(accessEnd(undefined, undefined)).toBeUndefined();
    expect(accessEnd(undefined, at(exp * 1000))).toMatchObject({ at: exp * 1000, code: SYNC_CLOSE.accessRevoked });
  });
});
