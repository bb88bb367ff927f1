import { SYNC_CLOSE } from '@qe/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { awareness, syncStep1, syncUpdate } from '../helpers/fuzzMessages.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSpawnedServer, type SpawnedServer } from '../helpers/spawnedServer.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

/** how long an honest edit may take to reach the other client while someone floods the board */
const PROMPT_MS = 2000;

/**
 * The flooding clients run in the test process; the server runs as its own process for the rate
 * test (else the flood would stall the server's event loop from the client side), and in the test
 * process for the slow reader (whose end only the server can see). Both with the default limits:
 * 500 messages/s (burst 1000) and 8 MiB unsent per connection; 1 MiB/s (burst 8 MiB) sent per
 * connection on the spawned server.
 */
interface Target {
  url: string;
  editorToken(board: string, name: string): string;
}
let spawned: SpawnedServer;
let inProcess: TestServer;
const cleanups: (() => void)[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // the slow-reader test's writer sends 6.4 MB/s to fill the reader's buffer within seconds: far
  // more than a person sends, so its server lets a connection send that much
  [spawned, inProcess] = await Promise.all([startSpawnedServer(), startTestServer({ SYNC_BYTES_PER_SECOND: String(64 * 2 ** 20) })]);
});
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
afterAll(async () => Promise.all([spawned?.stop(), inProcess?.stop()]));

const spawnedTarget = (): Target => ({ url: spawned.url, editorToken: (board, name) => spawned.token(board, 'editor', name) });
const inProcessTarget = (): Target => ({
  url: inProcess.server.url,
  editorToken: (board, name) => inProcess.token({ role: 'editor', board, sub: name, name }),
});

function honestClient(target: Target, board: string, name: string) {
  const client = connectProvider(target.url, board, target.editorToken(board, name));
  const closes: number[] = [];
  client.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
  cleanups.push(() => {
    client.provider.destroy();
    client.doc.destroy();
  });
  return { ...client, closes };
}

function rawSocket(target: Target, board: string): Promise<WebSocket> {
  const ws = new WebSocket(`${target.url.replace('http', 'ws')}/sync/${board}?token=${target.editorToken(board, 'raw')}`);
  ws.on('error', () => {});
  cleanups.push(() => ws.terminate());
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
  });
}

/**
 * A writes numbered edits stamped with the time; B records how long each took to arrive.
 * Returns a stop function that resolves with the slowest delivery and the number of edits.
 */
function measureDeliveries(from: Y.Doc, to: Y.Doc, everyMs: number, payloadBytes = 0) {
  const latencies = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const seen = (event: Y.YMapEvent<unknown>) => {
    for (const key of event.keysChanged) {
      const at = sentAt.get(key);
      if (at !== undefined && !latencies.has(key)) latencies.set(key, performance.now() - at);
    }
  };
  to.getMap('edits').observe(seen);
  let n = 0;
  const timer = setInterval(() => {
    const key = String(n++);
    sentAt.set(key, performance.now());
    from.getMap('edits').set(key, payloadBytes > 0 ? `${key}:`.padEnd(payloadBytes, String.fromCharCode(97 + (n % 26))) : key);
  }, everyMs);
  return async (): Promise<{ slowestMs: number; edits: number; missing: number }> => {
    clearInterval(timer);
    // the last edits still get their full time to arrive
    await eventually(() => latencies.size === n, PROMPT_MS + 1000, 'last edits to arrive').catch(() => {});
    to.getMap('edits').unobserve(seen);
    return { slowestMs: Math.max(0, ...latencies.values()), edits: n, missing: n - latencies.size };
  };
}

async function expectHealthy(target: Target): Promise<void> {
  const response = await fetch(`${target.url}/api/health`);
  expect(response.status, 'GET /api/health').toBe(200);
}

describe('a client that floods the board', () => {
  it('is closed with 4429 when sending at up to 10,000 messages/s, while the others keep editing promptly', async () => {
    const target = spawnedTarget();
    const board = await spawned.createBoard('Flood');
    const a = honestClient(target, board, 'A');
    const b = honestClient(target, board, 'B');
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    const stopMeasuring = measureDeliveries(a.doc, b.doc, 100);

    // For 3 s, a flooder sends 10,000 messages/s (small document updates and new awareness states;
    // it catches up after every pause of the event loop), and reconnects at once whenever it is
    // closed, as a buggy client in a loop would.
    const closes: { code: number; first: number; afterMessages: number; afterMs: number }[] = [];
    let total = 0;
    let clock = 0;
    const floodStart = performance.now();
    const floodUntil = floodStart + 3000;
    while (performance.now() < floodUntil) {
      const ws = await rawSocket(target, board);
      const opened = performance.now();
      // A new document per connection, so no update waits for one the server never took. Each
      // update sets `c<connection>` to its message number: B sees the last one the server took.
      const flooder = new Y.Doc();
      const updates: Uint8Array[] = [];
      flooder.on('update', (update: Uint8Array) => updates.push(update));
      const key = `c${closes.length}`;
      const first = total;
      let sent = 0;
      const closed = new Promise<void>((resolve) =>
        ws.once('close', (code) => {
          closes.push({ code, first, afterMessages: sent, afterMs: performance.now() - opened });
          resolve();
        }),
      );
      while (ws.readyState === WebSocket.OPEN && performance.now() < floodUntil) {
        const due = Math.floor((performance.now() - floodStart) * 10); // 10 per ms
        for (let i = 0; total < due && i < 1000; i++) {
          if (i % 2 === 0) {
            flooder.getMap('flood').set(key, total);
            ws.send(syncUpdate(updates.at(-1)!));
          } else {
            ws.send(awareness([{ client: flooder.clientID, clock: ++clock, stateJson: JSON.stringify({ n: total }) }]));
          }
          sent++;
          total++;
        }
        await sleep(5);
      }
      if (ws.readyState === WebSocket.OPEN) ws.close();
      await closed;
    }
    const { slowestMs, edits, missing } = await stopMeasuring();
    // B has the last update the server took from each connection: `c<i>` is its message number
    const taken = closes.map((close, i) => (b.doc.getMap<number>('flood').get(`c${i}`) ?? close.first) - close.first);
    console.log(
      `flood: ${total} messages in 3 s over ${closes.length} connections; closes ${JSON.stringify(closes.slice(0, 5))}; ` +
        `taken by the server per connection ${taken.slice(0, 8).join(', ')}; ` +
        `honest edits ${edits}, slowest ${slowestMs.toFixed(0)} ms`,
    );

    expect(total / 3, 'messages per second the flooder managed (else the test proves nothing)').toBeGreaterThan(2000);
    expect(closes.length, 'the flooder was closed at least once').toBeGreaterThan(1);
    const refused = closes.slice(0, -1); // the last one the test closed itself
    expect(
      refused.map((close) => close.code),
      'close codes for the flooder',
    ).toEqual(refused.map(() => SYNC_CLOSE.tooManyMessages));
    refused.forEach((close, i) => {
      // the server took no more than the burst (1000) plus 500/s while the connection was open
      const allowed = 1000 + (500 * close.afterMs) / 1000;
      expect(taken[i], `messages taken from one flooding connection (open ${close.afterMs.toFixed(0)} ms)`).toBeLessThanOrEqual(allowed);
    });
    expect(missing, 'honest edits that never arrived').toBe(0);
    expect(slowestMs, `slowest honest edit during the flood (ms)`).toBeLessThan(PROMPT_MS);
    expect([...a.closes, ...b.closes], 'honest clients closed').toEqual([]);

    // and after the flood
    const after = Date.now();
    a.doc.getMap('edits').set('after', after);
    await eventually(() => b.doc.getMap('edits').get('after') === after, PROMPT_MS, 'edit after the flood');
    await expectHealthy(target);
    expect(spawned.process.exitCode, 'server process still running').toBeNull();
  });

  it('does not come near the limit in heavy normal use: dragging and cursors of six people at 120 Hz', async () => {
    const target = spawnedTarget();
    const board = await spawned.createBoard('Busy');
    const people = Array.from({ length: 6 }, (_, i) => honestClient(target, board, `P${i}`));
    await Promise.all(people.map((person) => waitForSynced(person.provider)));
    // Every person moves a shape (one update per frame) and their cursor (one awareness update per
    // frame); the stock client also echoes everyone else's cursor back to the server.
    const timers = people.map((person, i) =>
      setInterval(() => {
        person.doc.getMap('shapes').set(`shape${i}`, { x: performance.now(), y: i });
        person.provider.awareness.setLocalStateField('cursor', { x: performance.now(), y: i });
      }, 1000 / 120),
    );
    await sleep(3000);
    timers.forEach(clearInterval);
    const stopMeasuring = measureDeliveries(people[0]!.doc, people[5]!.doc, 50);
    await sleep(300);
    const { missing } = await stopMeasuring();
    expect(
      people.map((person) => person.closes),
      'connections closed during normal use',
    ).toEqual(people.map(() => []));
    expect(missing, 'edits that did not arrive').toBe(0);
  });
});

describe('a client that sends large messages', () => {
  it('is closed with 4429 when sending 1.9 MB awareness updates 20 times a second, while the others keep editing promptly', { timeout: 20_000 }, async () => {
    const target = spawnedTarget();
    const board = await spawned.createBoard('Bytes');
    const a = honestClient(target, board, 'A');
    const b = honestClient(target, board, 'B');
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    let bytesToB = 0;
    (b.provider.ws as unknown as WebSocket).on('message', (data: ArrayBuffer) => (bytesToB += data.byteLength));
    const stopMeasuring = measureDeliveries(a.doc, b.doc, 100);
    const rssBefore = spawned.rssMiB();

    // under the message limit by far, but 38 MB/s: each message a new state of 1.9 MB for its own id
    const ws = await rawSocket(target, board);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    const big = JSON.stringify({ blob: 'x'.repeat(1_900_000) });
    const bigAwareness = (clock: number) => {
      const update = encoding.createEncoder();
      encoding.writeVarUint(update, 1);
      encoding.writeVarUint(update, 4242);
      encoding.writeVarUint(update, clock);
      encoding.writeVarString(update, big);
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, 1); // awareness
      encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
      return encoding.toUint8Array(message);
    };
    let sent = 0;
    const started = performance.now();
    while (ws.readyState === WebSocket.OPEN && performance.now() - started < 6000) {
      ws.send(bigAwareness(++sent));
      await sleep(50);
    }
    const close = await Promise.race([closed, sleep(1000).then(() => undefined)]);
    const closedAfterMs = performance.now() - started;
    const { slowestMs, missing } = await stopMeasuring();
    const rssPeak = spawned.rssMiB();
    console.log(
      `byte flood: ${sent} messages of 1.9 MB in ${closedAfterMs.toFixed(0)} ms, close ${JSON.stringify(close)}; ` +
        `server RSS ${rssBefore.toFixed(0)} → ${rssPeak.toFixed(0)} MiB; ${(bytesToB / 2 ** 20).toFixed(1)} MiB pushed to B; slowest honest edit ${slowestMs.toFixed(0)} ms`,
    );

    expect(close, 'close of the flooding connection').toEqual({ code: SYNC_CLOSE.tooManyMessages, reason: 'too many bytes per second' });
    // the burst (8 MiB) and 1 MiB/s while open, and the message that went over
    expect(sent * 1.9, 'MB the flooder got to send').toBeLessThanOrEqual(8.4 + 1.05 * (closedAfterMs / 1000) + 2 * 1.9);
    expect(missing, 'honest edits that never arrived').toBe(0);
    expect(slowestMs, 'slowest honest edit during the flood (ms)').toBeLessThan(PROMPT_MS);
    expect([...a.closes, ...b.closes], 'honest clients closed').toEqual([]);
    await expectHealthy(target);
  });
});

describe('a client that asks for the whole board again and again', () => {
  // One encoding serves them all; before, each was encoded anew (4.5 s of server time here). Who
  // does not read 300 copies of the board fast enough is dropped at 8 MiB unsent (1006).
  it('does not keep the server from others: 300 sync step 1 on a board of 20,000 records', { timeout: 40_000 }, async () => {
    const target = spawnedTarget();
    const board = await spawned.createBoard('Large');
    const a = honestClient(target, board, 'A');
    const b = honestClient(target, board, 'B');
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    a.doc.transact(() => {
      const records = a.doc.getMap('records');
      for (let i = 0; i < 20_000; i++) records.set(`r${i}`, { title: `Record ${i}`, n: i });
    });
    await eventually(() => b.doc.getMap('records').size === 20_000, 20_000, 'the large board at B');
    const boardBytes = Y.encodeStateAsUpdate(b.doc).byteLength;

    // an observer that reads everything, asking for the whole board 300 times at once
    const ws = await rawSocket(target, board);
    let answers = 0;
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) answers++; // sync step 2
    });
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    const stopMeasuring = measureDeliveries(a.doc, b.doc, 100);
    const cpuBefore = spawned.cpuSeconds();
    const started = performance.now();
    for (let i = 0; i < 300; i++) ws.send(syncStep1(Uint8Array.of(0)));
    const end = await Promise.race([
      eventually(() => answers === 300, 30_000, '300 answers').then(() => 'answered'),
      closed.then((code) => `closed ${code} after ${answers} answers`),
    ]);
    const tookMs = performance.now() - started;
    const serverCpu = spawned.cpuSeconds() - cpuBefore;
    await sleep(1000);
    const { slowestMs, missing, edits } = await stopMeasuring();
    console.log(
      `300 sync step 1 on a board of ${(boardBytes / 1e6).toFixed(2)} MB: ${end} in ${tookMs.toFixed(0)} ms, ` +
        `server CPU ${serverCpu.toFixed(2)} s; honest edits ${edits}, slowest ${slowestMs.toFixed(0)} ms`,
    );

    expect(missing, 'honest edits that never arrived').toBe(0);
    expect(slowestMs, 'slowest honest edit while the board was asked for (ms)').toBeLessThan(PROMPT_MS);
    expect([...a.closes, ...b.closes], 'honest clients closed').toEqual([]);
  });
});

describe('a client that stops reading', () => {
  it('is terminated once 8 MiB wait for it, while the others keep editing promptly', { timeout: 30_000 }, async () => {
    const target = inProcessTarget();
    const board = await inProcess.createBoard();
    const a = honestClient(target, board, 'A');
    const b = honestClient(target, board, 'B');
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    const slow = await rawSocket(target, board);
    await sleep(100); // let it take the first sync, then stop reading
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    const live = await inProcess.server.registry.open(board);
    expect(live.connectionCount, 'connections before the flood of edits').toBe(3);

    // A writes 256 KiB edits, 25 per second: 6.4 MB/s that the slow client does not take
    const stopMeasuring = measureDeliveries(a.doc, b.doc, 40, 256 * 1024);
    const started = performance.now();
    let terminatedAfterMs: number | undefined;
    await eventually(() => live.connectionCount === 2, 12_000, 'the slow client to be dropped')
      .then(() => (terminatedAfterMs = performance.now() - started))
      .catch(() => {});
    await sleep(500); // edits go on for a moment after the drop
    const { slowestMs, edits, missing } = await stopMeasuring();
    console.log(`slow reader: dropped after ${terminatedAfterMs?.toFixed(0)} ms; ${edits} honest edits of 256 KiB, slowest ${slowestMs.toFixed(0)} ms`);

    expect(terminatedAfterMs, 'the server dropped the client that stopped reading').toBeDefined();
    expect(missing, 'honest edits that never arrived').toBe(0);
    expect(slowestMs, 'slowest honest edit while the slow client was connected (ms)').toBeLessThan(PROMPT_MS);
    expect([...a.closes, ...b.closes], 'honest clients closed').toEqual([]);

    // the slow client, reading again, finds its connection ended without a close frame
    const closed = new Promise<number>((resolve) => slow.once('close', (code) => resolve(code)));
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed, 'close code the slow client sees (1006: no close frame)').toBe(1006);
    await expectHealthy(target);
  });
});
