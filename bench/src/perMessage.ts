/**
 * `npm run bench:messages -w bench`: what one message costs the sync server, in-process and
 * without the network: CPU time per message on one board (median of 5 repetitions), for an edit
 * fanned out to 49 others (one per event-loop turn, and 10 per turn), a cursor move to 59 others
 * and the echo of one, and a participant joining a board of 2,000 case events. The store keeps
 * updates in memory: this measures the sync path, not the database. CPU time is far steadier than
 * wall-clock under load. For instruction counts run a case under `valgrind --tool=callgrind`
 * (`--only <case> --rounds 1 --count N`) and subtract the same run with `--prepare-only`; the
 * difference over 2N (the uncounted warm-up round runs too) is per message.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { BoardDocument } from '../../server/src/sync/BoardDocument.js';
import { Connection } from '../../server/src/sync/Connection.js';
import { parseClientMessage } from '../../server/src/sync/messages.js';
import { acceptMessage } from '../../server/src/sync/pipeline.js';
import type { DocumentStore } from '../../server/src/storage/types.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const rounds = arg('rounds', 5);
const countOverride = process.argv.includes('--count') ? arg('count', 0) : undefined;
/** sets every case up without running it: what to subtract from an instruction count */
const prepareOnly = process.argv.includes('--prepare-only');

function memoryStore(): DocumentStore {
  const updates = new Map<string, Uint8Array[]>();
  return {
    load: async (id) => updates.get(id) ?? [],
    appendUpdate: async (id, update) => void (updates.get(id) ?? updates.set(id, []).get(id)!).push(update),
    compact: async () => {},
    countUpdates: async (id) => updates.get(id)?.length ?? 0,
    deleteDocument: async (id) => void updates.delete(id),
  };
}

let sentTotal = 0;
/** A socket that takes what is sent and counts it. */
function fakeSocket() {
  const socket = { readyState: 1, bufferedAmount: 0, sent: 0, bytes: 0 } as Record<string, unknown> & { sent: number; bytes: number };
  Object.assign(socket, {
    send: (message: Uint8Array) => {
      sentTotal++;
      socket.sent++;
      socket.bytes += message.byteLength;
    },
    close: () => {},
    terminate: () => {},
    once: () => {},
    on: () => {},
  });
  return socket;
}

async function boardWith(connections: number) {
  const board = await BoardDocument.load(`bench-${Math.random()}`, memoryStore(), { compactAfterUpdates: 1e9, onIdle: () => {}, onStoreFailure: () => {} });
  const sockets = Array.from({ length: connections }, () => fakeSocket());
  const conns = sockets.map(
    (socket, i) => new Connection(socket as never, { sub: `p${i}`, name: `Person ${i}`, role: 'editor', board: board.boardId } as never),
  );
  conns.forEach((connection) => board.addConnection(connection));
  return { board, sockets, conns };
}

function syncMessage(kind: 0 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(client: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, client);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The edits a client makes: one map entry set per update, as the fan-out scenario does. */
function clientEdits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let seq = 0; seq < count; seq++) doc.getMap('bench').set('ping', { seq, sentAt: seq * 1.5 });
  return updates;
}

interface Case {
  name: string;
  count: number;
  /** sets up, then answers the timed work */
  prepare(count: number): Promise<() => Promise<void>>;
}

const cursorState = (i: number, clock: number) => ({
  user: { name: `Teilnehmer ${i}`, color: '#3366cc' },
  presence: { cursor: { x: (clock * 7) % 1600, y: (clock * 3) % 900, type: 'default', rotation: 0 }, chatMessage: '' },
});

const cases: Case[] = [
  {
    name: 'edit → 49 others, 1 per turn',
    count: 2000,
    async prepare(count) {
      const { board, conns } = await boardWith(50);
      const messages = clientEdits(count).map((update) => syncMessage(2, update));
      return async () => {
        for (const message of messages) {
          acceptMessage(board, conns[0]!, parseClientMessage(message));
          await turn();
          await turn();
        }
        await board.flush();
      };
    },
  },
  {
    name: 'edit → 49 others, 10 per turn',
    count: 2000,
    async prepare(count) {
      const { board, conns } = await boardWith(50);
      const messages = clientEdits(count).map((update) => syncMessage(2, update));
      return async () => {
        for (let i = 0; i < messages.length; i++) {
          acceptMessage(board, conns[0]!, parseClientMessage(messages[i]!));
          if (i % 10 === 9) {
            await turn();
            await turn();
          }
        }
        await board.flush();
      };
    },
  },
  {
    name: 'cursor move → 59 others',
    count: 6000,
    async prepare(count) {
      const { board, conns } = await boardWith(60);
      const messages = Array.from({ length: count }, (_, i) => awarenessMessage(1000 + (i % 60), 1 + Math.floor(i / 60), cursorState(i % 60, i)));
      return async () => {
        for (let i = 0; i < messages.length; i++) {
          acceptMessage(board, conns[i % 60]!, parseClientMessage(messages[i]!));
          if (i % 60 === 59) await turn();
        }
        await turn();
      };
    },
  },
  {
    name: 'cursor echo (changes nothing)',
    count: 6000,
    async prepare(count) {
      const { board, conns } = await boardWith(60);
      const moves = Array.from({ length: 60 }, (_, i) => awarenessMessage(1000 + i, 1, cursorState(i, 1)));
      moves.forEach((message, i) => acceptMessage(board, conns[i]!, parseClientMessage(message)));
      await turn();
      return async () => {
        for (let i = 0; i < count; i++) {
          acceptMessage(board, conns[(i + 1) % 60]!, parseClientMessage(moves[i % 60]!));
          if (i % 60 === 59) await turn();
        }
      };
    },
  },
  {
    name: 'join a board of 2,000 events',
    count: 60,
    async prepare(count) {
      const { board } = await boardWith(1);
      const doc = new Y.Doc();
      const records = doc.getArray('canvas.records');
      for (let i = 0; i < 2000; i += 500) {
        doc.transact(() =>
          records.push(
            Array.from({ length: 500 }, (_, j) => ({
              key: `event:${i + j}`,
              val: { id: `event:${i + j}`, datum: '2021-03-12', was: `Hausbesuch Nr. ${i + j}` },
            })),
          ),
        );
      }
      acceptMessage(
        board,
        new Connection(fakeSocket() as never, { sub: 'admin', name: 'A', role: 'admin' } as never),
        parseClientMessage(syncMessage(2, Y.encodeStateAsUpdate(doc))),
      );
      await board.flush();
      const step1 = syncMessage(0, Y.encodeStateVector(new Y.Doc()));
      return async () => {
        for (let i = 0; i < count; i++) {
          const connection = new Connection(fakeSocket() as never, { sub: `j${i}`, name: 'J', role: 'editor', board: board.boardId } as never);
          board.addConnection(connection);
          acceptMessage(board, connection, parseClientMessage(step1));
        }
      };
    },
  },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const table: Record<string, { messages: number; 'CPU µs per message (median)': number; 'min–max': string; 'sends per message': number }> = {};
for (const testCase of cases) {
  if (only && testCase.name !== only) continue;
  const count = countOverride ?? testCase.count;
  const perMessage: number[] = [];
  let sends = 0;
  // the first round warms the JIT up and is not counted
  for (let round = -1; round < rounds; round++) {
    const work = await testCase.prepare(count);
    const sentBefore = sentTotal;
    const before = process.cpuUsage();
    if (!prepareOnly) await work();
    const spent = process.cpuUsage(before);
    if (round < 0) continue;
    perMessage.push(count === 0 ? 0 : (spent.user + spent.system) / count);
    sends = count === 0 ? 0 : (sentTotal - sentBefore) / count;
  }
  const round1 = (n: number) => Math.round(n * 10) / 10;
  table[testCase.name] = {
    messages: count,
    'CPU µs per message (median)': round1(median(perMessage)),
    'min–max': `${round1(Math.min(...perMessage))}–${round1(Math.max(...perMessage))}`,
    'sends per message': round1(sends),
  };
}
console.table(table);
process.exit(0);
