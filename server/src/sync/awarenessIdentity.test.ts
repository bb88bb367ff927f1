import { describe, expect, it } from 'vitest';
import { stampAwarenessUpdate } from './awarenessIdentity.js';
import { parseClientMessage, type AwarenessEntry } from './messages.js';
import * as encoding from 'lib0/encoding';

function entriesOf(update: Uint8Array): AwarenessEntry[] {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, update);
  const message = parseClientMessage(encoding.toUint8Array(encoder));
  if (message.type !== 'awareness') throw new Error('not an awareness message');
  return message.entries;
}

const mine = { ownedBySender: (client: number) => client === 1, heldByOthers: (client: number) => client === 2 };
const identity = { sub: 'erik', name: 'Erik', role: 'editor' as const };

describe('stampAwarenessUpdate', () => {
  it('replaces who a state claims to be by the token’s identity', () => {
    const forged = [
      {
        client: 1,
        clock: 1,
        bytes: 0,
        state: { participant: { id: 'mona', name: 'Mona', role: 'moderator' }, user: { name: 'Mona' }, presence: { userId: 'user:mona', userName: 'Mona' } },
      },
    ];
    const stamped = stampAwarenessUpdate(forged, identity, mine)!;
    const [entry] = entriesOf(stamped);
    expect(entry!.state).toEqual({
      participant: { id: 'erik', name: 'Erik', role: 'editor' },
      user: { name: 'Erik' },
      presence: { userId: 'user:erik', userName: 'Erik' },
    });
  });

  it('drops states for a client id held by someone else', () => {
    expect(stampAwarenessUpdate([{ client: 2, clock: 9, bytes: 0, state: { participant: {} } }], identity, mine)).toBeNull();
  });

  it('keeps removals (null states) of one’s own ids', () => {
    const stamped = stampAwarenessUpdate([{ client: 1, clock: 2, bytes: 0, state: null }], identity, mine)!;
    expect(entriesOf(stamped)[0]!.state).toBeNull();
  });
});
