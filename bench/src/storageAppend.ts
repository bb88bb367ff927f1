/**
 * `npm run bench:storage -w bench`: the storage hot path — appendUpdate (one board, sequential, as
 * the per-board queue writes) and load — on SQLite and PostgreSQL, sealed as in production.
 * `--appends N` (default 5000). PostgreSQL uses TEST_DATABASE_URL (see test/helpers/services.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Keyring, openPostgresStorage, openSqliteStorage, type Storage } from '@qe/server';
import { createTestDatabase } from '../../test/helpers/services.js';

const appendsArg = process.argv.indexOf('--appends');
const APPENDS = appendsArg > 0 ? Number(process.argv[appendsArg + 1]) : 5000;
// about the size of a typed character or a moved shape
const update = randomBytes(120);

async function measure(name: string, storage: Storage): Promise<void> {
  await storage.boards.create({ id: 'bench', name: 'Bench', createdBy: 'bench' });
  for (let i = 0; i < 50; i++) await storage.documents.appendUpdate('bench', update); // warm-up
  let started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < APPENDS; i++) await storage.documents.appendUpdate('bench', update);
  const appendMs = performance.now() - started;
  // CPU time of this process: less at the mercy of the disk and other processes than the wall clock
  const { user, system } = process.cpuUsage(cpu);
  started = performance.now();
  const loaded = await storage.documents.load('bench');
  const loadMs = performance.now() - started;
  console.log(
    `${name.padEnd(10)} appendUpdate: ${APPENDS} in ${Math.round(appendMs)} ms = ${Math.round((APPENDS / appendMs) * 1000)}/s ` +
      `(${((appendMs / APPENDS) * 1000).toFixed(0)} µs each, CPU ${((user + system) / APPENDS).toFixed(0)} µs); load of ${loaded.length} updates: ${Math.round(loadMs)} ms`,
  );
}

const keyring = new Keyring(randomBytes(32));
const dir = mkdtempSync(path.join(tmpdir(), 'qe-bench-storage-'));
try {
  const sqlite = await openSqliteStorage(dir, keyring);
  await measure('SQLite', sqlite);
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const database = await createTestDatabase();
try {
  const postgres = await openPostgresStorage(database.url, keyring);
  await measure('PostgreSQL', postgres);
  await postgres.close();
} finally {
  await database.drop();
}
