import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore } from '../storage/types.js';
import { BoardDocument } from './BoardDocument.js';
import { Connection } from './Connection.js';
import { parseClientMessage } from './messages.js';
import { acceptMessage, BOARD_PARTS, type BoardParts } from './pipeline.js';

/** A store whose appends wait until the test lets them through. */
function heldStore() {
  const stored: Uint8Array[] = [];
  const held: (() => void)[] = [];
  const store: DocumentStore = {
    load: async () => [],
    appendUpdate: (_board, update) =>
      new Promise<void>((resolve) =>
        held.push(() => {
          stored.push(update);
          resolve();
        }),
      ),
    compact: async () => {},
    countUpdates: async () => stored.length,
    deleteDocument: async () => {},
  };
  return { store, stored, release: () => held.splice(0).forEach((write) => write()) };
}

/** A socket that keeps what is sent to it. */
function socket() {
  const sent: Uint8Array[] = [];
  return { sent, readyState: 1, bufferedAmount: 0, send: (m: Uint8Array) => sent.push(m), close() {}, terminate() {}, once() {}, on() {} };
}

async function board(people: number, parts?: BoardParts) {
  const { store, stored, release } = heldStore();
  const doc = await BoardDocument.load('b', store, { compactAfterUpdates: 1e9, onIdle: () => {}, onStoreFailure: () => {}, parts });
  const sockets = Array.from({ length: people }, () => socket());
  const connections = sockets.map((s, i) => new Connection(s as never, { sub: `p${i}`, name: `P${i}`, role: 'editor', board: 'b' } as never));
  connections.forEach((connection) => doc.addConnection(connection));
  sockets.forEach((s) => s.sent.splice(0)); // what joining sends
  return { doc, sockets, connections, stored, release };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** a client that makes changes, each sent as one sync update message */
function client() {
  const doc = new Y.Doc();
  return (key: string, value: number): Uint8Array => {
    let update: Uint8Array = new Uint8Array();
    const keep = (u: Uint8Array) => (update = u);
    doc.on('update', keep);
    doc.getMap('karte').set(key, value);
    doc.off('update', keep);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  };
}

function awareness(client: number, clock: number, x: number): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, client);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify({ cursor: { x } }));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

/** the keys a sent sync update would set */
function keysIn(message: Uint8Array): string[] {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(0);
  decoding.readVarUint(decoder);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  return [...doc.getMap('karte').keys()].sort();
}

describe('BoardDocument pipeline', () => {
  it('sends nothing before the store has the updates, then one message per connection per batch', async () => {
    const { doc, sockets, connections, stored, release } = await board(5);
    // three updates of one sender in one turn of the event loop
    const edit = client();
    for (let i = 0; i < 3; i++) acceptMessage(doc, connections[0]!, parseClientMessage(edit(`k${i}`, i)));
    await turn();
    await turn();
    expect(sockets.map((s) => s.sent.length)).toEqual([0, 0, 0, 0, 0]);
    release();
    await doc.flush();
    expect(stored).toHaveLength(1); // one merged write
    expect(sockets[0]!.sent).toHaveLength(0); // the sender does not get its own changes back
    for (const s of sockets.slice(1)) {
      expect(s.sent).toHaveLength(1);
      expect(keysIn(s.sent[0]!)).toEqual(['k0', 'k1', 'k2']);
    }
  });

  it('gives each of several senders in one batch the others’ changes, everyone else all of them', async () => {
    const { doc, sockets, connections, release } = await board(4);
    acceptMessage(doc, connections[0]!, parseClientMessage(client()('a', 1)));
    acceptMessage(doc, connections[1]!, parseClientMessage(client()('b', 2)));
    await turn();
    release();
    await doc.flush();
    expect(sockets.map((s) => s.sent.length)).toEqual([1, 1, 1, 1]);
    expect(keysIn(sockets[0]!.sent[0]!)).toEqual(['b']);
    expect(keysIn(sockets[1]!.sent[0]!)).toEqual(['a']);
    expect(keysIn(sockets[2]!.sent[0]!)).toEqual(['a', 'b']);
  });

  it('sends the cursor moves of one turn as one awareness message per connection, and drops echoes', async () => {
    const { doc, sockets, connections } = await board(3);
    connections.forEach((connection, i) => acceptMessage(doc, connection, parseClientMessage(awareness(200 + i, 1, i))));
    expect(sockets.map((s) => s.sent.length)).toEqual([0, 0, 0]);
    await turn();
    expect(sockets.map((s) => s.sent.length)).toEqual([1, 1, 1]);
    const decoder = decoding.createDecoder(sockets[0]!.sent[0]!);
    expect(decoding.readVarUint(decoder)).toBe(1);
    expect(decoding.readVarUint(decoding.createDecoder(decoding.readVarUint8Array(decoder)))).toBe(3); // three states
    // a client sends back what it received: nothing changes, nothing is sent
    acceptMessage(doc, connections[1]!, parseClientMessage(awareness(200, 1, 0)));
    await turn();
    expect(sockets.map((s) => s.sent.length)).toEqual([1, 1, 1]);
  });

  it('runs the guard and the awareness admission plugged into it', async () => {
    const seen: string[] = [];
    const parts: BoardParts = {
      // refuses every change to `karte` by P1
      guard: (doc, update, actor, decoded) => (actor.id === 'p1' ? ['karte'] : BOARD_PARTS.guard(doc, update, actor, decoded)),
      admitAwareness: (awareness, connection, entries) => {
        seen.push(connection.claims.sub);
        return BOARD_PARTS.admitAwareness(awareness, connection, entries);
      },
    };
    const { doc, sockets, connections, release } = await board(3, parts);
    acceptMessage(doc, connections[0]!, parseClientMessage(client()('allowed', 1)));
    acceptMessage(doc, connections[1]!, parseClientMessage(client()('refused', 2)));
    await turn();
    release();
    await doc.flush();
    expect([...doc.doc.getMap('karte').keys()]).toEqual(['allowed']);
    // what reaches the third client holds the refused key only as restored (absent)
    const third = new Y.Doc();
    for (const message of sockets[2]!.sent) {
      const decoder = decoding.createDecoder(message);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      Y.applyUpdate(third, decoding.readVarUint8Array(decoder));
    }
    expect([...third.getMap('karte').keys()]).toEqual(['allowed']);
    acceptMessage(doc, connections[2]!, parseClientMessage(awareness(300, 1, 5)));
    expect(seen).toEqual(['p2']);
    expect((doc.awareness.getStates().get(300) as { cursor: { x: number } }).cursor.x).toBe(5);
  });
});
