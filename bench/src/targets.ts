import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { signToken } from '@qe/server';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { freePort, killHard, spawnServer } from '../../test/helpers/serverProcess.js';
import { createTestDatabase, REDIS_URL } from '../../test/helpers/services.js';

/** A headless client: a Y.Doc kept in sync by the target's provider. */
export interface BenchClient {
  doc: Y.Doc;
  synced: Promise<void>;
  destroy(): void;
}

/**
 * A bare protocol client for load that a stock client would spend the bench's CPU on (cursors): it
 * sends y-protocol messages as they are and gets every message the server sends, undecoded.
 */
export interface RawClient {
  open: Promise<void>;
  send(message: Uint8Array): void;
  close(): void;
}

/** A server under test, running in its own process(es). */
export interface Target {
  name: string;
  pids(): number[];
  createBoards(count: number): Promise<string[]>;
  /** `instance` picks one of several instances (round robin) */
  connect(board: string, instance: number, role: 'editor' | 'observer'): BenchClient;
  connectRaw(board: string, instance: number, onMessage: (message: Uint8Array) => void): RawClient;
  stop(): Promise<void>;
}

/** A raw client on a y-websocket URL; `frame` wraps each message (Hocuspocus: the document name first). */
function rawClient(url: string, onMessage: (message: Uint8Array) => void, frame = (m: Uint8Array) => m, first?: Uint8Array): RawClient {
  const ws = new WebSocket(url);
  ws.binaryType = 'nodebuffer';
  const open = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      if (first) ws.send(first);
      resolve();
    });
    ws.once('error', reject);
  });
  ws.on('message', (data: Buffer) => onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
  return {
    open,
    send: (message) => {
      if (ws.readyState === ws.OPEN) ws.send(frame(message));
    },
    close: () => ws.terminate(),
  };
}

const SECRET = 'benchmark-secret-0123456789-abcdefghijkl';
const here = path.dirname(new URL(import.meta.url).pathname);

function whenSynced(on: (resolve: () => void) => void, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('client did not sync')), timeoutMs);
    on(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function yWebsocketClient(serverUrl: string, board: string, params: Record<string, string>): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, board, doc, {
    params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const synced = whenSynced((done) => provider.once('sync', () => done()));
  return { doc, synced, destroy: () => (provider.destroy(), doc.destroy()) };
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer`);
}

let built = false;
/** Compiles the server once per bench run: it runs as in production (`npm start`), without a TypeScript loader. */
function buildServer(): void {
  if (built) return;
  execFileSync('npm', ['run', 'build', '-w', 'server'], { cwd: path.resolve(here, '../..'), stdio: 'ignore' });
  built = true;
}

/** QE-Werkstatt's server (compiled): SQLite, PostgreSQL, or several instances on PostgreSQL + Redis. */
export async function startOurs(storage: 'sqlite' | 'postgres', instances = 1, nodeArgs: string[] = []): Promise<Target> {
  buildServer();
  const database = storage === 'postgres' ? await createTestDatabase() : undefined;
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < instances; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'qe-bench-'));
    dirs.push(dir);
    const port = await freePort();
    ports.push(port);
    children.push(
      await spawnServer(
        {
          PORT: String(port),
          DATA_DIR: dir,
          JWT_SECRET: SECRET,
          DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
          // the reference servers have no per-connection limits; the sustained-rate run needs none either
          SYNC_MESSAGES_PER_SECOND: '1000000',
          SYNC_MESSAGE_BURST: '1000000',
          SYNC_BYTES_PER_SECOND: String(2 ** 40),
          SYNC_BYTE_BURST: String(2 ** 40),
          // its clients all use one token per instance and one address
          SYNC_CONNECTIONS_PER_PERSON: '1000000',
          SYNC_CONNECTIONS_PER_ADDRESS: '1000000',
          ...(database ? { DATABASE_URL: database.url } : {}),
          ...(instances > 1 ? { REDIS_URL } : {}),
        },
        { nodeArgs, compiled: true },
      ),
    );
  }
  const admin = signToken({ sub: 'bench', name: 'Bench', role: 'admin' }, SECRET, 3600);
  return {
    name: `QE-Werkstatt (${storage === 'sqlite' ? 'SQLite' : 'PostgreSQL'}${instances > 1 ? `, ${instances} instances + Redis` : ''})`,
    pids: () => children.map((child) => child.pid!),
    async createBoards(count) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const response = await fetch(`http://127.0.0.1:${ports[0]}/api/boards`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Bench ${i}` }),
        });
        ids.push(((await response.json()) as { id: string }).id);
      }
      return ids;
    },
    connect(board, instance, role) {
      const token = signToken({ sub: `c${instance}`, name: 'Client', role, board }, SECRET, 3600);
      return yWebsocketClient(`ws://127.0.0.1:${ports[instance % ports.length]}/sync`, board, { token });
    },
    connectRaw(board, instance, onMessage) {
      const token = signToken({ sub: `c${instance}`, name: 'Client', role: 'editor', board }, SECRET, 3600);
      return rawClient(`ws://127.0.0.1:${ports[instance % ports.length]}/sync/${board}?token=${token}`, onMessage);
    },
    async stop() {
      // a profiled server writes its profile when it exits by itself
      if (nodeArgs.length > 0) await Promise.all(children.map(stopGently));
      await Promise.all(children.filter((child) => child.exitCode === null && child.signalCode === null).map(killHard));
      dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
      await database?.drop();
    },
  };
}

function spawnReference(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

let boardCounter = 0;
const roomNames = (count: number) => Array.from({ length: count }, () => `room-${++boardCounter}`);

/** Reference: the upstream y-websocket server for Yjs 13 (no auth, no persistence); `nodeArgs` e.g. to profile it. */
export async function startYWebsocketServer(nodeArgs: string[] = []): Promise<Target> {
  const port = await freePort();
  const script = createRequire(import.meta.url)
    .resolve('@y/websocket-server/package.json')
    .replace('package.json', 'src/server.js');
  const child = spawnReference([...nodeArgs, script], { HOST: '127.0.0.1', PORT: String(port) });
  await waitForHttp(`http://127.0.0.1:${port}/`, child);
  return {
    name: '@y/websocket-server 0.1.1',
    pids: () => [child.pid!],
    createBoards: async (count) => roomNames(count),
    connect: (board) => yWebsocketClient(`ws://127.0.0.1:${port}`, board, {}),
    connectRaw: (board, _instance, onMessage) => rawClient(`ws://127.0.0.1:${port}/${board}`, onMessage),
    stop: () => killHard(child),
  };
}

/** Reference: Hocuspocus 3 with its own provider. */
export async function startHocuspocus(): Promise<Target> {
  const port = await freePort();
  const child = spawnReference(['--import', 'tsx', path.join(here, 'hocuspocusServer.ts')], { PORT: String(port) });
  await waitForHttp(`http://127.0.0.1:${port}/`, child);
  return {
    name: 'Hocuspocus 3',
    pids: () => [child.pid!],
    createBoards: async (count) => roomNames(count),
    connect(board) {
      const doc = new Y.Doc();
      const provider = new HocuspocusProvider({
        url: `ws://127.0.0.1:${port}`,
        name: board,
        document: doc,
        WebSocketPolyfill: WebSocket,
      } as ConstructorParameters<typeof HocuspocusProvider>[0]);
      const synced = whenSynced((done) => provider.on('synced', () => done()));
      return { doc, synced, destroy: () => (provider.destroy(), doc.destroy()) };
    },
    connectRaw(board, _instance, onMessage) {
      // Hocuspocus multiplexes documents: every message starts with the document's name, and
      // a connection speaks for a document after its (here empty) token
      const named = (write: (encoder: encoding.Encoder) => void) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarString(encoder, board);
        write(encoder);
        return encoding.toUint8Array(encoder);
      };
      const auth = named((encoder) => {
        encoding.writeVarUint(encoder, 2); // Auth
        encoding.writeVarUint(encoder, 0); // Token
        encoding.writeVarString(encoder, '');
      });
      const frame = (message: Uint8Array) => named((encoder) => encoding.writeUint8Array(encoder, message));
      const prefix = named(() => {}).byteLength;
      return rawClient(`ws://127.0.0.1:${port}`, (message) => onMessage(message.subarray(prefix)), frame, auth);
    },
    stop: () => killHard(child),
  };
}

function stopGently(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 15_000);
    child.once('exit', () => (clearTimeout(timer), resolve()));
    child.kill('SIGTERM');
  });
}
