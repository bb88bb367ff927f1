/**
 * `npx tsx src/sqliteInsertPaths.ts [memory|nosync|full]`: what one INSERT into the update log
 * costs through Kysely (compiled and prepared per call) against a statement prepared once, alone
 * and on Kysely's connection (as storage/sqlite.ts runs it). Interleaved blocks, medians.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
const mode = process.argv[2] ?? 'full'; // memory | nosync (WAL, synchronous=OFF) | full (WAL, synchronous=FULL, as the server)
const sqlite = new Database(mode === 'memory' ? ':memory:' : path.join(mkdtempSync(path.join(tmpdir(), 'qe-micro-')), 'x.sqlite'));
if (mode !== 'memory') {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${mode === 'full' ? 'FULL' : 'OFF'}`);
}
sqlite.exec('CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT NOT NULL, data BLOB NOT NULL)');
// an untyped database: this script times raw inserts, no schema
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
const stmt = sqlite.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)');
const data = randomBytes(120);
const variants: Record<string, () => Promise<unknown>> = {
  prepared: async () => stmt.run('b', data),
  'prepared on Kysely connection': () => db.connection().execute(async () => stmt.run('b', data)),
  kysely: () => db.insertInto('doc_updates').values({ board_id: 'b', data }).execute(),
};
const BLOCK = mode === 'full' ? 50 : 500;
const cpu: Record<string, number[]> = {};
const wall: Record<string, number[]> = {};
for (let block = 0; block < 40; block++) {
  for (const [name, run] of Object.entries(variants)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < BLOCK; i++) await run();
    const c = process.cpuUsage(c0);
    (wall[name] ??= []).push(((performance.now() - t0) / BLOCK) * 1000);
    (cpu[name] ??= []).push((c.user + c.system) / BLOCK);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
for (const name of Object.keys(variants))
  console.log(mode.padEnd(7), name.padEnd(30), 'median CPU', median(cpu[name]!).toFixed(1), 'µs, wall', median(wall[name]!).toFixed(1), 'µs per insert');
