import { SYNC_CLOSE } from '@qe/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { awareness, foreignUpdates, Fuzz, mutate, queryAwareness, seededRandom, syncStep1, syncUpdate, Writer } from '../helpers/fuzzMessages.js';
import { startSpawnedServer, type SpawnedServer } from '../helpers/spawnedServer.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TARGET_MESSAGES = 100_000;
const FUZZERS = 24;
/** well-formed messages per batch; a batch may end in one broken message */
const BATCH = 24;
/** resident memory the server may gain over the whole run */
const MAX_RSS_GROWTH_MIB = 80;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: SpawnedServer;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  server = await startSpawnedServer();
});
afterAll(async () => {
  cleanups.splice(0).forEach((cleanup) => cleanup());
  await server?.stop();
});

/**
 * 100,000 odd, broken and random y-websocket messages from 24 connections (a connection the server
 * closes reconnects), while honest clients edit the fuzzed board and another one: the server must
 * stay up and small, and every honest edit must arrive intact. Reproduce with FUZZ_SEED=<seed>.
 */
it(`survives ${TARGET_MESSAGES} fuzzed sync messages (seed ${SEED})`, { timeout: 120_000 }, async () => {
  console.log(`fuzz seed ${SEED} (rerun with FUZZ_SEED=${SEED})`);
  const fuzz = new Fuzz(seededRandom(SEED));
  const spawned = server;
  const { url, token } = spawned;
  const fuzzed = await spawned.createBoard('Fuzzed');
  const quiet = await spawned.createBoard('Quiet');

  // honest clients: two on each board, each adding its own numbered items
  const honest = [fuzzed, fuzzed, quiet, quiet].map((board, i) => ({
    board,
    name: `honest${i}`,
    written: [] as string[],
    ...connectProvider(url, board, token(board, 'editor', `honest${i}`)),
  }));
  cleanups.push(() => honest.forEach((client) => client.provider.destroy()));
  await Promise.all(honest.map((client) => waitForSynced(client.provider, 10_000)));
  const honestCloses: string[] = [];
  for (const client of honest) {
    client.provider.on('connection-close', (event) => honestCloses.push(`${client.name}: ${event?.code} ${event?.reason}`));
  }
  let editing = true;
  const editLoops = honest.map(async (client) => {
    for (let i = 0; editing; i++) {
      const item = `${client.name}-${i}`;
      client.doc.getArray<string>('honest').push([item]);
      client.written.push(item);
      await sleep(50);
    }
  });

  // material: updates of unrelated documents, and state vectors naming their clients
  const foreign = foreignUpdates(fuzz, 8, 250);
  const foreignClients = [...new Set(foreign.map((u) => [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(u)).keys()][0]!))];

  let nextForeign = 0;
  let sent = 0;
  const sentByKind = new Map<string, number>();
  const closeCodes = new Map<string, number>();
  let connections = 0;
  const count = (kind: string) => {
    sent++;
    sentByKind.set(kind, (sentByKind.get(kind) ?? 0) + 1);
  };

  /**
   * A well-formed message the server should take without closing. The mix leans on messages that
   * are cheap for the server (repeats, stale awareness) so 100,000 of them fit the CI budget;
   * sync step 1 is rare because its answer costs time in proportion to the whole document.
   */
  const oddButValid = (ids: number[], clocks: Map<number, number>): { kind: string; data: Uint8Array } => {
    const roll = fuzz.random();
    // updates of unrelated documents: in order (they apply), at random (gaps wait in Yjs), repeated (no-ops)
    if (roll < 0.25) return { kind: 'foreign update', data: syncUpdate(foreign[nextForeign++ % foreign.length]!) };
    if (roll < 0.3) return { kind: 'foreign update out of order', data: syncUpdate(fuzz.pick(foreign)) };
    if (roll < 0.5) return { kind: 'foreign update repeated', data: syncUpdate(foreign[fuzz.int(Math.max(1, Math.min(nextForeign, foreign.length)))]!) };
    if (roll < 0.8) {
      // a new state (null: gone), or one older than the last (as the stock client's echoes are)
      const client = fuzz.pick(ids);
      const stale = roll >= 0.65 && clocks.has(client);
      const clock = stale ? fuzz.int(clocks.get(client)!) : (clocks.get(client) ?? 0) + 1;
      if (!stale) clocks.set(client, clock);
      const state = fuzz.random() < 0.2 ? 'null' : JSON.stringify({ user: { name: fuzz.text(6) }, cursor: [fuzz.int(1e4), fuzz.int(1e4)] });
      return { kind: stale ? 'awareness stale' : 'awareness', data: awareness([{ client, clock, stateJson: state }]) };
    }
    if (roll < 0.86) return { kind: 'query awareness', data: queryAwareness() };
    if (roll < 0.98) return { kind: 'empty update', data: syncUpdate(Uint8Array.of(0, 0)) };
    const vector = new Writer().uint(1 + fuzz.int(2));
    vector.uint(fuzz.pick(foreignClients)).uint(fuzz.int(300));
    if (fuzz.random() < 0.5) vector.uint(fuzz.int(2 ** 32)).uint(fuzz.int(2 ** 32));
    else vector.uint(fuzz.pick(foreignClients)).uint(2 ** 40);
    return { kind: 'sync step 1', data: syncStep1(vector.done()) };
  };

  /** one fuzzing connection: batches of odd messages, sometimes ending in a broken one; reconnects when closed */
  const runFuzzer = async (n: number) => {
    // a few observers on the quiet board: whatever they send must not change it
    const board = n % 8 === 7 ? quiet : fuzzed;
    const role = n % 8 === 7 || n % 5 === 4 ? 'observer' : 'editor';
    while (sent < TARGET_MESSAGES) {
      const ws = new WebSocket(`${url.replace('http', 'ws')}/sync/${board}?token=${token(board, role, `fuzzer${n}`)}`);
      connections++;
      let open = true;
      ws.on('error', () => {});
      const closed = new Promise<void>((resolve) =>
        ws.on('close', (code, reason) => {
          open = false;
          const key = `${code} ${reason.toString().replace(/:.*/, '').replace(/\d+/g, 'n')}`;
          closeCodes.set(key, (closeCodes.get(key) ?? 0) + 1);
          resolve();
        }),
      );
      const opened = await new Promise<boolean>((resolve) => {
        ws.once('open', () => resolve(true));
        ws.once('close', () => resolve(false));
      });
      const ids = [1 + fuzz.int(2 ** 30), 1 + fuzz.int(2 ** 30)];
      const clocks = new Map<number, number>();
      while (opened && open && sent < TARGET_MESSAGES) {
        for (let i = 0; i < BATCH && open; i++) {
          const { kind, data } = oddButValid(ids, clocks);
          ws.send(data);
          count(kind);
        }
        if (open && fuzz.random() < 0.3) {
          const { kind, data } = mutate(fuzz, oddButValid(ids, clocks).data);
          ws.send(data);
          count(kind);
        }
        // stay well under the rate limit (500/s) and let the server keep up
        await sleep(60);
        while (open && ws.bufferedAmount > 0) await sleep(10);
      }
      if (open) ws.close();
      await closed;
    }
  };

  // warm up, then measure memory from a settled state
  await sleep(500);
  const rssBefore = server.rssMiB();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, spawned.rssMiB())), 250);
  const started = performance.now();
  const cpuBefore = server.cpuSeconds();
  const ownCpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: FUZZERS }, (_, n) => runFuzzer(n)));
  const fuzzSeconds = (performance.now() - started) / 1000;
  const serverCpu = server.cpuSeconds() - cpuBefore;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  clearInterval(sampler);

  editing = false;
  await Promise.all(editLoops);
  await sleep(1500);
  const rssAfter = server.rssMiB();
  const kinds = [...sentByKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
  console.log(
    `fuzz: ${sent} messages over ${connections} connections in ${fuzzSeconds.toFixed(1)} s (${kinds}); ` +
      `CPU server ${serverCpu.toFixed(1)} s, test ${((ownCpu.user + ownCpu.system) / 1e6).toFixed(1)} s; ` +
      `close codes ${JSON.stringify(Object.fromEntries(closeCodes))}; ` +
      `server RSS ${rssBefore.toFixed(0)} → peak ${rssPeak.toFixed(0)} → ${rssAfter.toFixed(0)} MiB; ` +
      `honest clients closed: ${honestCloses.length === 0 ? 'never' : honestCloses.slice(0, 10).join('; ')}`,
  );

  expect(sent, 'messages sent over open sockets').toBeGreaterThanOrEqual(TARGET_MESSAGES);
  expect(server.process.exitCode, `server process exited (seed ${SEED})`).toBeNull();
  expect(await server.health(), `health after fuzzing (seed ${SEED})`).toBe(200);
  expect(rssAfter - rssBefore, `server RSS growth in MiB (seed ${SEED})`).toBeLessThan(MAX_RSS_GROWTH_MIB);

  // every honest edit reached the others, and a fresh client loads exactly those
  for (const board of [fuzzed, quiet]) {
    const writers = honest.filter((client) => client.board === board);
    const expected = writers.flatMap((client) => client.written).sort();
    const fresh = connectProvider(url, board, token(board, 'observer', 'checker'));
    cleanups.push(() => fresh.provider.destroy());
    await waitForSynced(fresh.provider, 10_000);
    for (const client of [...writers, fresh]) {
      await eventually(
        () => client.doc.getArray('honest').length >= expected.length,
        10_000,
        `honest edits on ${board === quiet ? 'the quiet' : 'the fuzzed'} board (seed ${SEED})`,
      ).catch(() => {});
      expect(client.doc.getArray<string>('honest').toArray().sort(), `honest edits on ${board === quiet ? 'quiet' : 'fuzzed'} board (seed ${SEED})`).toEqual(
        expected,
      );
    }
    if (board === quiet) {
      // nothing but the honest edits: the observers fuzzing this board changed nothing
      expect([...fresh.doc.share.keys()], `shared types on the quiet board (seed ${SEED})`).toEqual(['honest']);
    }
  }
});

/**
 * Yjs holds back an update whose predecessors it has not seen, and merges every further one into
 * what it holds, so updates that can never apply would cost more time and memory with each one.
 */
it('refuses every update that waits for changes the server does not have, at once', async () => {
  const fuzz = new Fuzz(seededRandom(SEED));
  const board = await server.createBoard('Gaps');
  const [a, b] = [0, 1].map((i) => connectProvider(server.url, board, server.token(board, 'editor', `honest${i}`)));
  cleanups.push(() => [a!, b!].forEach((client) => client.provider.destroy()));
  await Promise.all([waitForSynced(a!.provider), waitForSynced(b!.provider)]);

  // each one the second change of a new document: its first change never reaches the server
  const gapUpdates = Array.from({ length: 3000 }, () => {
    const doc = new Y.Doc();
    doc.clientID = 1 + fuzz.int(2 ** 30);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('gap').insert(0, fuzz.text(8));
    doc.getText('gap').insert(0, fuzz.text(8));
    return updates[1]!;
  });
  const closes: { code: number; reason: string; afterMessages: number }[] = [];
  let next = 0;
  for (let connection = 0; connection < 3 && next < gapUpdates.length; connection++) {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board}?token=${server.token(board, 'editor', 'gaps')}`);
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    let sent = 0;
    const closed = new Promise<void>((resolve) =>
      ws.once('close', (code, reason) => {
        closes.push({ code, reason: reason.toString(), afterMessages: sent });
        resolve();
      }),
    );
    // 400 messages/s, under the rate limit
    while (ws.readyState === WebSocket.OPEN && next < gapUpdates.length) {
      for (let i = 0; i < 20; i++, sent++) ws.send(syncUpdate(gapUpdates[next++]!));
      await sleep(50);
    }
    ws.close();
    await closed;
  }
  console.log(`gap updates: closes ${JSON.stringify(closes)}`);

  expect(
    closes.map((close) => close.code),
    'close codes for updates with gaps',
  ).toEqual([SYNC_CLOSE.malformedMessage, SYNC_CLOSE.malformedMessage, SYNC_CLOSE.malformedMessage]);
  expect(closes[0]!.reason).toBe('update has a gap: it depends on changes the server does not have');
  // nothing is held back: the first such update closes the connection (a batch of 20 was in flight)
  for (const close of closes) expect(close.afterMessages, 'gap updates sent before the refusal').toBeLessThanOrEqual(20);

  const stamp = Date.now();
  a!.doc.getMap('edits').set('after gaps', stamp);
  await eventually(() => b!.doc.getMap('edits').get('after gaps') === stamp, 2000, 'an honest edit after the gap updates');
  expect(await server.health(), 'health after the gap updates').toBe(200);
});
