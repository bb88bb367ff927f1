/**
 * `npm run bench`: our sync server against the reference servers, same scenarios, same run.
 * Prints a table and writes bench/results/<time>.json. `--quick` runs smaller sizes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fanOut, largeBoardJoin, manyBoards, sustainedRate } from './scenarios.js';
import { startHocuspocus, startOurs, startYWebsocketServer, type Target } from './targets.js';

const quick = process.argv.includes('--quick');
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
};

type Figures = Record<string, number>;

async function measure(start: () => Promise<Target>): Promise<{ name: string; figures: Figures }> {
  let target = await start();
  const figures: Figures = {};
  for (const size of SIZES.fanOut) {
    const result = await fanOut(target, size.editors, size.viewers, size.messages, size.rate);
    figures[`fan-out ${size.label} p50 ms`] = result.p50;
    figures[`fan-out ${size.label} p95 ms`] = result.p95;
    figures[`fan-out ${size.label} p99 ms`] = result.p99;
    figures[`fan-out ${size.label} delivered %`] = Math.round((result.samples / result.expected) * 1000) / 10;
    console.error(`  ${target.name}: fan-out ${size.label} done`);
  }
  figures['sustained updates/s (p99 ≤ 100 ms)'] = (await sustainedRate(target, SIZES.sustainedRates, SIZES.sustainedSeconds)).updatesPerSecond;
  console.error(`  ${target.name}: sustained rate done`);
  // memory per board is measured on a fresh server process, not one grown by the runs above
  await target.stop();
  target = await start();
  const many = await manyBoards(target, SIZES.boards, SIZES.clientsPerBoard);
  figures[`${SIZES.boards} boards × 5: memory per board KiB`] = many.memoryPerBoardKiB;
  figures[`${SIZES.boards} boards × 5: server CPU s`] = many.cpuSeconds;
  figures[`${SIZES.boards} boards × 5: connect s`] = many.connectSeconds;
  console.error(`  ${target.name}: many boards done`);
  figures['join large board: time to synced ms'] = (await largeBoardJoin(target, SIZES.largeBoard.events, SIZES.largeBoard.shapes)).timeToSyncedMs;
  console.error(`  ${target.name}: large board done`);
  await target.stop();
  return { name: target.name, figures };
}

const starters: [string, () => Promise<Target>][] = [
  ['ours-sqlite', () => startOurs('sqlite')],
  ['ours-postgres', () => startOurs('postgres')],
  ['ours-postgres-2x', () => startOurs('postgres', 2)],
  ['y-websocket-server', startYWebsocketServer],
  ['hocuspocus', startHocuspocus],
];

const results: Record<string, { name: string; figures: Figures }> = {};
for (const [key, start] of starters) {
  console.error(`benchmarking ${key} …`);
  results[key] = await measure(start);
}

// ratio ours / reference: below 1.0 is better for times and memory, above 1.0 for rates
const rows = Object.keys(results['ours-sqlite']!.figures).map((figure) => {
  const value = (key: string) => results[key]?.figures[figure] ?? Number.NaN;
  const ratio = (reference: string) => Math.round((value('ours-sqlite') / value(reference)) * 100) / 100;
  return {
    figure,
    'ours SQLite': value('ours-sqlite'),
    'ours PG': value('ours-postgres'),
    'ours PG ×2': value('ours-postgres-2x'),
    'y-websocket': value('y-websocket-server'),
    hocuspocus: value('hocuspocus'),
    'ratio vs y-ws': ratio('y-websocket-server'),
    'ratio vs hp': ratio('hocuspocus'),
  };
});
console.table(rows);

const outDir = path.resolve(import.meta.dirname, '../results');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), quick, machine, sizes: SIZES, results, rows }, null, 2) + '\n');
console.log(`results written to ${path.relative(process.cwd(), file)}`);
process.exit(0);
