import { performance } from 'node:perf_hooks';
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';
import { cpuSeconds, rssBytes } from './procStats.js';
import { summarize, type LatencySummary } from './stats.js';
import type { BenchClient, RawClient, Target } from './targets.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects clients in batches, each batch waiting until its clients are synced. */
async function connectMany(target: Target, specs: { board: string; role: 'editor' | 'observer' }[], batch = 50) {
  const clients: BenchClient[] = [];
  for (let i = 0; i < specs.length; i += batch) {
    const chunk = specs.slice(i, i + batch).map((spec, j) => target.connect(spec.board, i + j, spec.role));
    await Promise.all(chunk.map((client) => client.synced));
    clients.push(...chunk);
  }
  return clients;
}

interface Ping {
  seq: number;
  sentAt: number;
}

/**
 * The pings a writer sent, by sequence number, and a reader's way of counting them in: a server
 * may send several updates as one (ours sends what one turn of its event loop accepted together),
 * and then a reader sees only the last value of the key. Every ping up to the one seen has arrived
 * then, each with the delay since it was sent, so merged and single deliveries count alike.
 */
function pingLedger() {
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const seen = new Map<unknown, number>();
  return {
    sentAt,
    latencies,
    /** `reader` holds ping `seq` now */
    arrived(reader: unknown, seq: number) {
      const now = performance.now();
      const last = seen.get(reader) ?? -1;
      for (let earlier = last + 1; earlier <= seq; earlier++) latencies.push(now - sentAt[earlier]!);
      if (seq > last) seen.set(reader, seq);
    },
    lastSeen: (reader: unknown) => seen.get(reader),
  };
}

/** Listens for pings on every reader and records the delay from the writer's send. */
function measureFanOut(readers: BenchClient[]) {
  const ledger = pingLedger();
  let lastSeq = -1;
  const observers = readers.map((reader) => {
    const observer = () => {
      const ping = reader.doc.getMap<Ping>('bench').get('ping');
      if (ping) ledger.arrived(reader, ping.seq);
    };
    reader.doc.getMap<Ping>('bench').observe(observer);
    return () => reader.doc.getMap<Ping>('bench').unobserve(observer);
  });
  return {
    latencies: ledger.latencies,
    sentAt: ledger.sentAt,
    setLast: (seq: number) => (lastSeq = seq),
    allArrived: () => readers.every((reader) => ledger.lastSeen(reader) === lastSeq),
    stop: () => observers.forEach((unobserve) => unobserve()),
  };
}

async function sendPings(writer: BenchClient, count: number, perSecond: number, fanOut: ReturnType<typeof measureFanOut>) {
  const perTick = Math.max(1, Math.round(perSecond / 100));
  const tickMs = (perTick * 1000) / perSecond;
  let seq = 0;
  while (seq < count) {
    for (let i = 0; i < perTick && seq < count; i++, seq++) {
      const sentAt = performance.now();
      fanOut.sentAt[seq] = sentAt;
      writer.doc.getMap<Ping>('bench').set('ping', { seq, sentAt });
    }
    await sleep(tickMs);
  }
  fanOut.setLast(count - 1);
  const deadline = Date.now() + 10_000;
  while (!fanOut.allArrived() && Date.now() < deadline) await sleep(20);
}

export interface FanOutResult extends LatencySummary {
  expected: number;
}

/** One writer, everyone else reads: latency from the write to each reader's doc. */
export async function fanOut(target: Target, editors: number, viewers: number, messages: number, perSecond: number): Promise<FanOutResult> {
  const [board] = await target.createBoards(1);
  const specs = [
    ...Array.from({ length: editors }, () => ({ board: board!, role: 'editor' as const })),
    ...Array.from({ length: viewers }, () => ({ board: board!, role: 'observer' as const })),
  ];
  const clients = await connectMany(target, specs);
  const [writer, ...readers] = clients;
  const measure = measureFanOut(readers);
  await sendPings(writer!, messages, perSecond, measure);
  clients.forEach((client) => client.destroy());
  await sleep(200);
  return { ...summarize(measure.latencies), expected: readers.length * messages };
}

/** Raises the update rate on one board (10 readers) until p99 exceeds 100 ms. */
export async function sustainedRate(target: Target, rates: number[], seconds: number) {
  const [board] = await target.createBoards(1);
  const clients = await connectMany(
    target,
    Array.from({ length: 11 }, () => ({ board: board!, role: 'editor' as const })),
  );
  const [writer, ...readers] = clients;
  let best = 0;
  const steps: { rate: number; p99: number }[] = [];
  for (const rate of rates) {
    const measure = measureFanOut(readers);
    await sendPings(writer!, rate * seconds, rate, measure);
    measure.stop();
    const { p99 } = summarize(measure.latencies);
    steps.push({ rate, p99 });
    if (p99 > 100 || !measure.allArrived()) break;
    best = rate;
  }
  clients.forEach((client) => client.destroy());
  await sleep(200);
  return { updatesPerSecond: best, steps };
}

/** Many small boards: server memory per board and CPU time to serve them. */
/** Marks the measured part of a scenario (the profile of `bench:profile --window` covers only it). */
export interface MeasuredWindow {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function manyBoards(target: Target, boards: number, clientsPerBoard: number, window?: MeasuredWindow) {
  const pids = target.pids();
  const rss = () => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
  const cpu = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const ids = await target.createBoards(boards);
  await sleep(500);
  const rssBefore = rss();
  await window?.start();
  const cpuBefore = cpu();
  const started = performance.now();
  const clients = await connectMany(
    target,
    ids.flatMap((board) => Array.from({ length: clientsPerBoard }, () => ({ board, role: 'editor' as const }))),
    100,
  );
  for (let i = 0; i < clients.length; i += clientsPerBoard) {
    clients[i]!.doc.getMap('karte').set('titel', `Fallwerkstatt ${i}`);
  }
  await sleep(2000);
  await window?.stop();
  const result = {
    memoryPerBoardKiB: Math.round((rss() - rssBefore) / boards / 1024),
    cpuSeconds: Math.round((cpu() - cpuBefore) * 100) / 100,
    connectSeconds: Math.round((performance.now() - started) / 10) / 100,
  };
  clients.forEach((client) => client.destroy());
  await sleep(500);
  return result;
}

/** A new client joining a large board: 2,000 events and 5,000 shapes. */
export async function largeBoardJoin(target: Target, events: number, shapes: number) {
  const [board] = await target.createBoards(1);
  const entries = [
    ...caseEvents(events),
    ...Array.from({ length: shapes }, (_, i) => ({
      key: `shape:${i}`,
      val: { id: `shape:${i}`, type: 'geo', x: i * 3, y: i * 2, rotation: 0, props: { w: 120, h: 80, text: `Karte ${i}`, color: 'blue' } },
    })),
  ];
  const writer = await fillBoard(target, board!, entries);
  const deadline = Date.now() + 30_000;
  // measure a clean join now that the server holds the whole board
  const started = performance.now();
  const joiner = target.connect(board!, 1, 'observer');
  await joiner.synced;
  while (joiner.doc.getArray('canvas.records').length < entries.length && Date.now() < deadline + 30_000) await sleep(2);
  const ms = Math.round(performance.now() - started);
  joiner.destroy();
  writer.destroy();
  await sleep(200);
  return { timeToSyncedMs: ms };
}

/** What a case event looks like on the canvas (the large-board and join-storm scenarios). */
function caseEvents(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    key: `event:${i}`,
    val: {
      id: `event:${i}`,
      datum: '2021-03-12',
      spur: 'ASD',
      was: `Hausbesuch Nr. ${i}: Mutter Frau K. berichtet …`,
      wissen: 'Kita meldet Fehlzeiten',
      quelle: `Akte Bl. ${i}`,
    },
  }));
}

/** Fills a board through one client and waits until a second client sees all of it. */
async function fillBoard(target: Target, board: string, entries: { key: string; val: unknown }[]): Promise<BenchClient> {
  const writer = target.connect(board, 0, 'editor');
  await writer.synced;
  const records = writer.doc.getArray<{ key: string; val: unknown }>('canvas.records');
  for (let i = 0; i < entries.length; i += 500) {
    writer.doc.transact(() => records.push(entries.slice(i, i + 500)));
    await sleep(20);
  }
  const probe = target.connect(board, 1, 'observer');
  await probe.synced;
  const deadline = Date.now() + 30_000;
  while (probe.doc.getArray('canvas.records').length < entries.length && Date.now() < deadline) await sleep(10);
  probe.destroy();
  return writer;
}

/**
 * Join storm: `participants` open a board of `events` case events within `windowMs` (the start of
 * a workshop); the time from the first opening until every one of them holds the whole board.
 */
export async function joinStorm(target: Target, participants: number, events: number, windowMs: number) {
  const [board] = await target.createBoards(1);
  const writer = await fillBoard(target, board!, caseEvents(events));
  const started = performance.now();
  const joiners: BenchClient[] = [];
  const done: Promise<void>[] = [];
  for (let i = 0; i < participants; i++) {
    const due = started + (i * windowMs) / participants;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const joiner = target.connect(board!, i + 2, 'editor');
    joiners.push(joiner);
    done.push(
      (async () => {
        await joiner.synced;
        const deadline = Date.now() + 60_000;
        while (joiner.doc.getArray('canvas.records').length < events && Date.now() < deadline) await sleep(2);
      })(),
    );
  }
  await Promise.all(done);
  const ms = Math.round(performance.now() - started);
  joiners.forEach((joiner) => joiner.destroy());
  writer.destroy();
  await sleep(300);
  return { allSyncedMs: ms };
}

/** An awareness message for one client id, as y-protocols encodes it. */
function awarenessMessage(client: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // awareness
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, client);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

/**
 * Cursor storm: `cursors` participants move their cursors at `hz` while `editors` edit (each
 * `editRate` changes/s); the latency of the edits at the other editors. The cursor clients are
 * bare protocol clients (the bench process could not decode that much awareness for 60 stock
 * clients) that behave like the stock client on the wire: they send their cursor, and send back
 * every awareness message they receive (the stock client re-sends every awareness update it
 * applies).
 */
export async function cursorStorm(target: Target, cursors: number, editors: number, hz: number, seconds: number, editRate = 5) {
  const [board] = await target.createBoards(1);
  const writers = await connectMany(
    target,
    Array.from({ length: editors }, () => ({ board: board!, role: 'editor' as const })),
  );
  const raws: RawClient[] = [];
  for (let i = 0; i < cursors; i++) {
    const raw: RawClient = target.connectRaw(board!, editors + i, (message) => {
      if (message[0] === 1) raw.send(message); // the stock client's echo
    });
    raws.push(raw);
  }
  await Promise.all(raws.map((raw) => raw.open));
  let clock = 0;
  const moveTimers = raws.map((raw, i) => {
    const client = 1_000_000 + i;
    return setInterval(() => {
      clock++;
      const state = {
        user: { name: `Teilnehmer ${i}`, color: '#3366cc' },
        presence: { cursor: { x: (clock * 7 + i * 13) % 1600, y: (clock * 3 + i * 29) % 900, type: 'default', rotation: 0 }, chatMessage: '' },
      };
      raw.send(awarenessMessage(client, clock, state));
    }, 1000 / hz);
  });
  await sleep(1000); // the storm is on before the edits are measured

  // one ledger per editor: its pings as the other editors see them
  const ledgers = writers.map(() => pingLedger());
  const latencies = () => ledgers.flatMap((ledger) => ledger.latencies);
  let expected = 0;
  const observers = writers.map((reader, r) => {
    const map = reader.doc.getMap<Ping>('bench');
    const observer = (event: Y.YMapEvent<Ping>) => {
      for (const key of event.keysChanged) {
        const w = Number(key.slice('ping:'.length));
        if (!key.startsWith('ping:') || w === r) continue;
        const ping = map.get(key);
        if (ping) ledgers[w]!.arrived(reader, ping.seq);
      }
    };
    map.observe(observer);
    return () => map.unobserve(observer);
  });
  const edits = Math.round(seconds * editRate);
  await Promise.all(
    writers.map(async (writer, w) => {
      await sleep((w * 1000) / editRate / editors); // editors take turns
      for (let seq = 0; seq < edits; seq++) {
        const sentAt = performance.now();
        ledgers[w]!.sentAt[seq] = sentAt;
        writer.doc.getMap<Ping>('bench').set(`ping:${w}`, { seq, sentAt });
        expected += editors - 1;
        await sleep(1000 / editRate);
      }
    }),
  );
  const deadline = Date.now() + 10_000;
  while (latencies().length < expected && Date.now() < deadline) await sleep(20);
  observers.forEach((stop) => stop());
  moveTimers.forEach((timer) => clearInterval(timer));
  raws.forEach((raw) => raw.close());
  writers.forEach((writer) => writer.destroy());
  await sleep(300);
  return { ...summarize(latencies()), expected };
}
