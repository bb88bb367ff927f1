/**
 * `npm run bench:report`: pre-flight and PDF export of a 2,000-event board with 300 Schutzliste
 * terms, against the server as its own process, and how /api/health answers meanwhile.
 * Prints a table and writes bench/results/report-<time>.json. `--workers N` sets REPORT_WORKERS.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReport, canvasTexts, listRecords, preflight, readProcedureMeta } from '@qe/shared';
import { signToken } from '@qe/server';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { schutzlisteTerms, seedLargeBoard } from '../../test/helpers/largeBoard.js';
import { freePort, killHard, spawnServer } from '../../test/helpers/serverProcess.js';
import { summarize } from './stats.js';

const EVENTS = 2000;
const TERMS = 300;
const ROUNDS = 3;
const SECRET = 'benchmark-secret-0123456789-abcdefghijkl';
const workersArg = process.argv.indexOf('--workers');
const workers = workersArg > 0 ? process.argv[workersArg + 1] : undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

// the algorithm alone, in this process: report model + pre-flight, no worker, no HTTP
const local = new Y.Doc();
seedLargeBoard(local, EVENTS);
const [, inProcessMs] = await timed(async () => {
  const report = buildReport([{ name: 'Bench', doc: local }], readProcedureMeta(local, '01.01.2026'));
  return preflight(report, {
    protectedTerms: schutzlisteTerms(TERMS),
    aliases: listRecords(local, 'persons').records.map((p) => p.alias),
    extraTexts: canvasTexts(local),
  });
});

const dir = mkdtempSync(path.join(tmpdir(), 'qe-bench-report-'));
const port = await freePort();
const server = await spawnServer({
  PORT: String(port),
  DATA_DIR: dir,
  JWT_SECRET: SECRET,
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  MAX_MESSAGE_BYTES: String(16 * 2 ** 20),
  ...(workers ? { REPORT_WORKERS: workers } : {}),
});
const base = `http://127.0.0.1:${port}/api`;
const admin = signToken({ sub: 'bench', name: 'Bench', role: 'admin' }, SECRET, 3600);
const board = (
  (await (
    await fetch(`${base}/boards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{"name":"Großer Fall"}',
    })
  ).json()) as { id: string }
).id;
const moderator = { authorization: `Bearer ${signToken({ sub: 'm', name: 'Moderation', role: 'moderator', board }, SECRET, 3600)}` };
const get = async (route: string) => {
  const response = await fetch(`${base}/boards/${board}${route}`, { headers: moderator });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`${route}: ${response.status} ${body.toString('utf8').slice(0, 200)}`);
  return body;
};

// the board reaches the server like any edit: through a sync client, which stays connected
const doc = new Y.Doc();
const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, board, doc, {
  params: { token: signToken({ sub: 'e', name: 'Editor', role: 'editor', board }, SECRET, 3600) },
  WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  disableBc: true,
});
await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
seedLargeBoard(doc, EVENTS);
await fetch(`${base}/boards/${board}/schutzliste`, {
  method: 'PUT',
  headers: { ...moderator, 'content-type': 'application/json' },
  body: JSON.stringify({ terms: schutzlisteTerms(TERMS) }),
});
const hitCount = async () => (JSON.parse((await get('/preflight')).toString('utf8')) as { hits: unknown[] }).hits.length;
// the first pre-flight also starts a worker
const [, coldPreflightMs] = await timed(hitCount);
while ((await hitCount()) < EVENTS / 200) await sleep(200);

const warmPreflight: number[] = [];
for (let i = 0; i < 5; i++) warmPreflight.push((await timed(() => get('/preflight')))[1]);

async function healthWhile(work: () => Promise<unknown>): Promise<number[]> {
  let running = true;
  const done = work().finally(() => {
    running = false;
  });
  const latencies: number[] = [];
  while (running) {
    const [response, ms] = await timed(() => fetch(`${base}/health`));
    if (!response.ok) throw new Error(`/api/health answered ${response.status}`);
    latencies.push(ms);
    await sleep(10);
  }
  await done;
  return latencies;
}

const idle = await healthWhile(() => sleep(3000));
const underLoad: number[] = [];
const pdfMs: number[] = [];
const loadedPreflightMs: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  underLoad.push(
    ...(await healthWhile(() =>
      Promise.all([
        timed(() => get('/export?format=pdf&draft=1')).then(([, ms]) => pdfMs.push(ms)),
        timed(() => get('/preflight')).then(([, ms]) => loadedPreflightMs.push(ms)),
      ]),
    )),
  );
}
// each format alone, warm (model, pre-flight and rendering in a worker, through the API)
const aloneMs = { docx: [] as number[], pdf: [] as number[] };
for (let i = 0; i < ROUNDS; i++) {
  for (const format of ['docx', 'pdf'] as const) aloneMs[format].push((await timed(() => get(`/export?format=${format}&draft=1`)))[1]);
}
provider.destroy();
await killHard(server);
rmSync(dir, { recursive: true, force: true });

const idleStats = summarize(idle);
const loadStats = summarize(underLoad);
const figures = {
  'pre-flight, algorithm in-process ms': round(inProcessMs),
  'pre-flight via API, first (starts a worker) ms': round(coldPreflightMs),
  'pre-flight via API, warm, median of 5 ms': round(median(warmPreflight)),
  'PDF draft export beside a pre-flight, median ms': round(median(pdfMs)),
  'pre-flight beside a PDF export, median ms': round(median(loadedPreflightMs)),
  'DOCX draft export alone, median ms': round(median(aloneMs.docx)),
  'PDF draft export alone, median ms': round(median(aloneMs.pdf)),
  '/api/health idle p99 ms': idleStats.p99,
  '/api/health during export + pre-flight p50 ms': loadStats.p50,
  '/api/health during export + pre-flight p99 ms': loadStats.p99,
  '/api/health during export + pre-flight max ms': round(Math.max(...underLoad)),
  '/api/health during export + pre-flight samples': loadStats.samples,
};
console.table(Object.entries(figures).map(([figure, value]) => ({ figure, value })));

const outDir = path.resolve(import.meta.dirname, '../results');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `report-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverage: os.loadavg(),
  node: process.version,
};
const sizes = { events: EVENTS, terms: TERMS, rounds: ROUNDS, reportWorkers: workers ?? 'default' };
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, sizes, figures }, null, 2) + '\n');
console.log(`results written to ${path.relative(process.cwd(), file)}`);
process.exit(0);
