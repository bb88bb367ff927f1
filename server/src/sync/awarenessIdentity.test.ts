import { describe, expect, it } from 'vitest';
import { stampAwarenessEntries } from './awarenessIdentity.js';

const mine = { ownedBySender: (client: number) => client === 1, heldByOthers: (client: number) => client === 2 };
const identity = { sub: 'erik', name: 'Erik', role: 'editor' as const };

describe('stampAwarenessEntries', () => {
  it('replaces who a state claims to be by the token’s identity', () => {
    const forged = [
      {
        client: 1,
        clock: 1,
        bytes: 0,
        state: { participant: { id: 'mona', name: 'Mona', role: 'moderator' }, user: { name: 'Mona' }, presence: { userId: 'user:mona', userName: 'Mona' } },
      },
    ];
    const [entry] = stampAwarenessEntries(forged, identity, mine);
    expect(entry!.state).toEqual({
      participant: { id: 'erik', name: 'Erik', role: 'editor' },
      user: { name: 'Erik' },
      presence: { userId: 'user:erik', userName: 'Erik' },
    });
  });

  it('drops states for a client id held by someone else', () => {
    expect(stampAwarenessEntries([{ client: 2, clock: 9, bytes: 0, state: { participant: {} } }], identity, mine)).toEqual([]);
  });

  it('keeps removals (null states) of one’s own ids', () => {
    const [entry] = stampAwarenessEntries([{ client: 1, clock: 2, bytes: 0, state: null }], identity, mine);
    expect(entry!.state).toBeNull();
  });
});
