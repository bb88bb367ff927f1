import { SYNC_CLOSE } from '@qe/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { awareness } from '../helpers/fuzzMessages.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

type State = { participant?: { id: string; name: string; role: string }; user?: { name: string }; presence?: { userId: string; userName: string } } | undefined;

/** One awareness message as the protocol frames it, for a client id of the sender's choosing. */
function rawAwareness(client: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, client);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1); // awareness
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

describe('presence carries the identity the token proved', () => {
  it('replaces claimed names, ids and roles, and refuses to speak for someone else', async () => {
    const board = await t.createBoard();
    const anna = connectProvider(t.server.url, board, t.token({ sub: 'anna', name: 'Anna Editor', role: 'editor', board }));
    const bob = connectProvider(t.server.url, board, t.token({ sub: 'bob', name: 'Bob Beobachter', role: 'observer', board }));
    await Promise.all([waitForSynced(anna.provider), waitForSynced(bob.provider)]);

    bob.provider.awareness.setLocalStateField('participant', { id: 'bob', name: 'Bob Beobachter', role: 'observer' });
    anna.provider.awareness.setLocalState({
      participant: { id: 'moderation', name: 'Die Moderation', role: 'moderator' },
      user: { name: 'Die Moderation', color: '#000' },
      // tldraw's presence: followers and the presentation find the presenter by its userId
      presence: { userId: 'user:moderation', userName: 'Die Moderation', cursor: { x: 1, y: 2 } },
    });
    const annaAtBob = () => bob.provider.awareness.getStates().get(anna.doc.clientID) as State;
    await eventually(() => annaAtBob()?.participant !== undefined, 5000, "Anna's presence at Bob");
    expect(annaAtBob()).toMatchObject({
      participant: { id: 'anna', name: 'Anna Editor', role: 'editor' },
      user: { name: 'Anna Editor' },
      presence: { userId: 'user:anna', userName: 'Anna Editor', cursor: { x: 1, y: 2 } },
    });

    // Anna forges an update for Bob's client id with a higher clock: it must change nothing
    const live = await t.server.registry.open(board);
    await eventually(() => (live.awareness.getStates().get(bob.doc.clientID) as State)?.participant?.id === 'bob', 5000, "Bob's presence on the server");
    const bobClock = bob.provider.awareness.meta.get(bob.doc.clientID)!.clock;
    anna.provider.ws!.send(rawAwareness(bob.doc.clientID, bobClock + 10, { participant: { id: 'bob', name: 'Bob (gefälscht)', role: 'moderator' } }));
    anna.provider.ws!.send(rawAwareness(bob.doc.clientID, bobClock + 11, null));
    // a message after the forgeries, to know they have been handled
    anna.provider.awareness.setLocalStateField('user', { name: 'x', color: '#111' });
    await eventually(() => (annaAtBob() as { user?: { color?: string } })?.user?.color === '#111', 5000, 'the later update');
    expect(live.awareness.getStates().get(bob.doc.clientID)).toMatchObject({ participant: { id: 'bob', name: 'Bob Beobachter', role: 'observer' } });
    expect(anna.provider.awareness.getStates().get(bob.doc.clientID)).toMatchObject({ participant: { name: 'Bob Beobachter' } });

    anna.provider.destroy();
    bob.provider.destroy();
  });
});

describe('presence stays within limits', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('refuses one message that speaks for 20,000 awareness client ids; the others do not see them', async () => {
    const board = await t.createBoard();
    const anna = connectProvider(t.server.url, board, t.token({ sub: 'anna', name: 'Anna', role: 'editor', board }));
    const bob = connectProvider(t.server.url, board, t.token({ sub: 'bob', name: 'Bob', role: 'editor', board }));
    await Promise.all([waitForSynced(anna.provider), waitForSynced(bob.provider)]);
    let mostSeenByBob = 0;
    bob.provider.awareness.on('change', () => (mostSeenByBob = Math.max(mostSeenByBob, bob.provider.awareness.getStates().size)));

    const observer = new WebSocket(
      `${t.server.url.replace('http', 'ws')}/sync/${board}?token=${t.token({ sub: 'olaf', name: 'Olaf', role: 'observer', board })}`,
    );
    await new Promise((resolve) => observer.once('open', resolve));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      observer.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const ids = Array.from({ length: 20_000 }, (_, i) => ({
      client: 1_000_000 + i,
      clock: 1,
      stateJson: JSON.stringify({ participant: { id: `p${i}`, name: `P${i}` } }),
    }));
    observer.send(awareness(ids));
    const result = await Promise.race([closed, sleep(3000).then(() => undefined)]);
    // a later honest update arrives, so the flood has been handled by then
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna', color: '#123' });
    await eventually(
      () => (bob.provider.awareness.getStates().get(anna.doc.clientID) as { user?: { color?: string } })?.user?.color === '#123',
      5000,
      "Anna's update",
    );

    expect(mostSeenByBob, 'participants Bob saw at most').toBeLessThanOrEqual(2);
    expect(bob.provider.awareness.getStates().size).toBe(2);
    expect(result, 'close of the flooding connection').toMatchObject({
      code: SYNC_CLOSE.malformedMessage,
      reason: expect.stringMatching(/awareness for 20000 client ids/),
    });
    observer.terminate();
    anna.provider.destroy();
    bob.provider.destroy();
  });

  it('does not relay an oversized state, and keeps the sender connected and present', async () => {
    const board = await t.createBoard();
    const anna = connectProvider(t.server.url, board, t.token({ sub: 'anna', name: 'Anna', role: 'editor', board }));
    const bob = connectProvider(t.server.url, board, t.token({ sub: 'bob', name: 'Bob', role: 'editor', board }));
    await Promise.all([waitForSynced(anna.provider), waitForSynced(bob.provider)]);
    const annaCloses: number[] = [];
    anna.provider.on('connection-close', (event) => annaCloses.push(event?.code ?? 0));
    let largestAtBob = 0;
    bob.provider.awareness.on('change', () => {
      const state = bob.provider.awareness.getStates().get(anna.doc.clientID);
      largestAtBob = Math.max(largestAtBob, JSON.stringify(state ?? null).length);
    });
    const annaAtBob = () => bob.provider.awareness.getStates().get(anna.doc.clientID) as { step?: number } | undefined;

    anna.provider.awareness.setLocalState({ step: 1 });
    await eventually(() => annaAtBob()?.step === 1, 5000, 'the small state');
    // e.g. a selection of thousands of shapes: 100 KB of presence
    anna.provider.awareness.setLocalState({ step: 2, selectedShapeIds: Array.from({ length: 3000 }, (_, i) => `shape:${String(i).padStart(21, 'x')}`) });
    anna.provider.awareness.setLocalState({ step: 3 });
    await eventually(() => annaAtBob()?.step === 3, 5000, 'the small state after the big one');

    expect(largestAtBob, "largest state of Anna's Bob saw (bytes of JSON)").toBeLessThan(1000);
    expect(annaCloses, "Anna's connection closed").toEqual([]);
    anna.provider.destroy();
    bob.provider.destroy();
  });
});
