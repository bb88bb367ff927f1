/**
 * `npm run bench`: our sync server against the reference servers, same scenarios, same run.
 * Every server runs in its own process for the whole run; the scenarios run in rounds (at least
 * 3), and within a round each scenario runs on every server back to back, the order rotating from
 * scenario to scenario and round to round. So a busy moment of the machine hits all servers alike
 * rather than one of them, and each ratio is taken between runs minutes apart at most. Per row the
 * table gives the median over the rounds and the spread (min–max); ratios ours/reference are taken
 * per round and summarized the same way. Prints the table and writes bench/results/<time>.json.
 *
 * Options: `--quick` smaller sizes; `--rounds N` (default 3); `--targets a,b` (keys below);
 * `--scenarios a,b` (scenario names starting so, e.g. `fan-out,cursor`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diskSyncMs } from './diskSync.js';
import { cursorStorm, fanOut, joinStorm, largeBoardJoin, manyBoards, sustainedRate } from './scenarios.js';
import { startHocuspocus, startOurs, startYWebsocketServer, type Target } from './targets.js';

const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const quick = process.argv.includes('--quick');
const rounds = Math.max(1, Number(option('rounds') ?? 3));
const scale = (full: number, small: number) => (quick ? small : full);

// each WebsocketProvider registers a process exit handler; thousands of clients are intended here
process.setMaxListeners(0);

const fanOutSize = (editors: number, viewers: number, messages: number, rate: number) => ({
  label: viewers > 0 ? `${viewers} viewers + ${editors} editors` : `${editors} editors`,
  editors,
  viewers,
  messages,
  rate,
});

const SIZES = {
  fanOut: [fanOutSize(10, 0, 50, 20), fanOutSize(50, 0, 50, 20), fanOutSize(scale(200, 60), 0, 40, 10), fanOutSize(20, scale(1000, 100), 20, 5)],
  sustainedRates: [100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200],
  sustainedSeconds: scale(3, 1),
  boards: scale(1000, 100),
  clientsPerBoard: 5,
  largeBoard: { events: 2000, shapes: 5000 },
  joinStorm: { participants: 60, events: 2000, windowMs: 1000 },
  cursorStorm: { cursors: scale(60, 30), editors: 5, hz: 30, seconds: scale(5, 2) },
};

type Figures = Record<string, number>;

interface Scenario {
  name: string;
  /** needs a server process of its own (memory is measured) */
  fresh?: boolean;
  run(target: Target): Promise<Figures>;
}

const scenarios: Scenario[] = [
  ...SIZES.fanOut.map((size): Scenario => ({
    name: `fan-out ${size.label}`,
    async run(target) {
      const result = await fanOut(target, size.editors, size.viewers, size.messages, size.rate);
      return {
        [`fan-out ${size.label} p50 ms`]: result.p50,
        [`fan-out ${size.label} p95 ms`]: result.p95,
        [`fan-out ${size.label} p99 ms`]: result.p99,
        [`fan-out ${size.label} delivered %`]: Math.round((result.samples / result.expected) * 1000) / 10,
      };
    },
  })),
  {
    name: 'sustained rate',
    async run(target) {
      const result = await sustainedRate(target, SIZES.sustainedRates, SIZES.sustainedSeconds);
      return { 'sustained updates/s (p99 ≤ 100 ms)': result.updatesPerSecond };
    },
  },
  {
    name: 'many boards',
    fresh: true,
    async run(target) {
      const many = await manyBoards(target, SIZES.boards, SIZES.clientsPerBoard);
      return {
        [`${SIZES.boards} boards × 5: memory per board KiB`]: many.memoryPerBoardKiB,
        [`${SIZES.boards} boards × 5: server CPU s`]: many.cpuSeconds,
        [`${SIZES.boards} boards × 5: connect s`]: many.connectSeconds,
      };
    },
  },
  {
    name: 'large board',
    async run(target) {
      const result = await largeBoardJoin(target, SIZES.largeBoard.events, SIZES.largeBoard.shapes);
      return { 'join large board: time to synced ms': result.timeToSyncedMs };
    },
  },
  {
    name: 'join storm',
    async run(target) {
      const { participants, events, windowMs } = SIZES.joinStorm;
      const result = await joinStorm(target, participants, events, windowMs);
      return { [`join storm ${participants} × ${events} events in ${windowMs / 1000} s: all synced ms`]: result.allSyncedMs };
    },
  },
  {
    name: 'cursor storm',
    async run(target) {
      const { cursors, editors, hz, seconds } = SIZES.cursorStorm;
      const result = await cursorStorm(target, cursors, editors, hz, seconds);
      const label = `cursor storm ${cursors} × ${hz} Hz + ${editors} editing`;
      return {
        [`${label}: edit p50 ms`]: result.p50,
        [`${label}: edit p99 ms`]: result.p99,
        [`${label}: edits delivered %`]: Math.round((result.samples / result.expected) * 1000) / 10,
      };
    },
  },
];

const picked = option('scenarios')?.split(',');
const chosen = picked ? scenarios.filter((scenario) => picked.some((prefix) => scenario.name.startsWith(prefix))) : scenarios;

const starters: Record<string, () => Promise<Target>> = {
  'ours-sqlite': () => startOurs('sqlite'),
  'ours-postgres': () => startOurs('postgres'),
  'ours-postgres-2x': () => startOurs('postgres', 2),
  'y-websocket-server': startYWebsocketServer,
  hocuspocus: startHocuspocus,
};
const keys = option('targets')?.split(',') ?? Object.keys(starters);
for (const key of keys) if (!starters[key]) throw new Error(`unknown target ${key}; known: ${Object.keys(starters).join(', ')}`);

const loadAtStart = os.loadavg();
// spaced as the fan-out's updates are (20 per second at most): see diskSync.ts
const SPACED_SYNC_GAP_MS = 50;
const diskSync = { start: await diskSyncMs(), spacedStart: await diskSyncMs(100, SPACED_SYNC_GAP_MS) };
const running = new Map<string, Target>();
for (const key of keys) running.set(key, await starters[key]!());
/** per target, per figure: one value per round */
const samples: Record<string, Record<string, number[]>> = Object.fromEntries(keys.map((key) => [key, {}]));

for (let round = 0; round < rounds; round++) {
  for (const [index, scenario] of chosen.entries()) {
    const shift = (round + index) % keys.length;
    const order = [...keys.slice(shift), ...keys.slice(0, shift)];
    for (const key of order) {
      if (scenario.fresh) {
        await running.get(key)!.stop();
        running.set(key, await starters[key]!());
      }
      let figures: Figures;
      try {
        figures = await scenario.run(running.get(key)!);
      } catch (error) {
        console.error(`  ${key}: ${scenario.name} failed:`, (error as Error).message);
        figures = {};
      }
      for (const [figure, value] of Object.entries(figures)) (samples[key]![figure] ??= []).push(value);
      console.error(`round ${round + 1}/${rounds}: ${scenario.name} on ${key} done (load ${os.loadavg()[0]!.toFixed(2)})`);
    }
  }
}
for (const target of running.values()) await target.stop();
const loadAtEnd = os.loadavg();
const diskSyncAtEnd = { ...(await diskSyncMs()), spaced: await diskSyncMs(100, SPACED_SYNC_GAP_MS) };
/**
 * The least one durable write added to a single update's delivery in this run. Even if the rest
 * of our path were exactly as fast as the reference's, a fan-out latency (any percentile) of ours
 * is at least the reference's plus this: its floor as a ratio is 1 + this / the reference's value.
 */
const leastDurableWriteMs = Math.min(diskSync.spacedStart.min, diskSyncAtEnd.spaced.min);

const median = (values: number[]) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round2 = (n: number) => Math.round(n * 100) / 100;
const spread = (values: number[]) => {
  const finite = values.filter((v) => !Number.isNaN(v));
  return finite.length === 0
    ? Number.NaN
    : { median: round2(median(finite)), min: round2(Math.min(...finite)), max: round2(Math.max(...finite)), n: finite.length };
};
const show = (s: ReturnType<typeof spread>) =>
  typeof s === 'number' ? (Number.isNaN(s) ? '–' : `${s}`) : s.min === s.max ? `${s.median}` : `${s.median} (${s.min}–${s.max})`;

/** rates are better when higher; delivery shares are checks, not contests; everything else is better when lower */
const direction = (figure: string) => (figure.includes('updates/s') ? 'higher' : figure.includes('delivered') ? 'check' : 'lower');
const ours = 'ours-sqlite';
const figures = [...new Set(keys.flatMap((key) => Object.keys(samples[key]!)))];
const rows = figures.map((figure) => {
  const perRound = (key: string) => samples[key]?.[figure] ?? [];
  // ratios per round: the two runs of a round are close in time
  const ratio = (reference: string) => {
    const a = perRound(ours);
    const b = perRound(reference);
    return spread(a.map((value, i) => value / (b[i] ?? Number.NaN)).filter((r) => Number.isFinite(r)));
  };
  const row: Record<string, unknown> = { figure };
  for (const key of keys) row[key] = spread(perRound(key));
  for (const reference of ['y-websocket-server', 'hocuspocus'])
    if (keys.includes(reference) && keys.includes(ours)) row[`ratio vs ${reference}`] = ratio(reference);
  const yws = spread(perRound('y-websocket-server'));
  if (figure.startsWith('fan-out') && figure.endsWith(' ms') && typeof yws !== 'number') {
    row['disk floor'] = round2(1 + leastDurableWriteMs / yws.median);
  }
  const ratioYws = row['ratio vs y-websocket-server'] as ReturnType<typeof spread> | undefined;
  const better = direction(figure);
  if (ratioYws && typeof ratioYws !== 'number' && better !== 'check') row.goal = better === 'lower' ? ratioYws.median <= 1 : ratioYws.median >= 1;
  return row;
});

console.log(
  `rounds: ${rounds}; load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${loadAtEnd.map((l) => l.toFixed(2)).join(' ')}`,
);
// our fan-out latency includes one sync to disk per batch (durable before broadcast); the references' does not
console.log(
  `disk sync (write + fdatasync in ${os.tmpdir()}) p50/p99 ms: at start ${diskSync.start.p50}/${diskSync.start.p99}, at end ${diskSyncAtEnd.p50}/${diskSyncAtEnd.p99}`,
);
console.log(
  `disk sync spaced ${SPACED_SYNC_GAP_MS} ms apart, min/p50/p99 ms: at start ${diskSync.spacedStart.min}/${diskSync.spacedStart.p50}/${diskSync.spacedStart.p99}, ` +
    `at end ${diskSyncAtEnd.spaced.min}/${diskSyncAtEnd.spaced.p50}/${diskSyncAtEnd.spaced.p99}; ` +
    `disk floor = 1 + ${leastDurableWriteMs} ms / the reference's figure: the least ratio a fan-out row of ours can have on this disk`,
);
console.table(
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [
        column,
        typeof value === 'object' || typeof value === 'number' ? show(value as ReturnType<typeof spread>) : value,
      ]),
    ),
  ),
);

const outDir = path.resolve(import.meta.dirname, '../results');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      quick,
      rounds,
      load: { start: loadAtStart, end: loadAtEnd },
      diskSyncMs: { start: diskSync.start, spacedStart: diskSync.spacedStart, end: diskSyncAtEnd, spacedGapMs: SPACED_SYNC_GAP_MS, leastDurableWriteMs },
      machine,
      sizes: SIZES,
      samples,
      rows,
    },
    null,
    2,
  ) + '\n',
);
console.log(`results written to ${path.relative(process.cwd(), file)}`);
process.exit(0);
