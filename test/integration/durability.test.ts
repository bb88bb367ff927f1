import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signToken } from '@qe/server';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, killHard, spawnServer } from '../helpers/serverProcess.js';
import { createTestDatabase, postgresReachable, serviceMissing } from '../helpers/services.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

const SECRET = 'durability-test-secret-0123456789-abcdef';
const RUNS = 3;
const pgMissing = serviceMissing('PostgreSQL', await postgresReachable());

const backends = [
  { name: 'SQLite', skip: false, env: async () => ({ env: {}, cleanup: async () => {} }) },
  {
    name: 'PostgreSQL',
    skip: pgMissing,
    env: async () => {
      const database = await createTestDatabase();
      return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
    },
  },
];

/**
 * kill -9 while a client writes: every update the server had accepted must be there after the
 * restart. An update counts as accepted once another client received it, because the server
 * broadcasts only after the update is stored.
 */
describe.each(backends)('kill -9 durability on $name', (backend) => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  // three restarts of the server from its sources: several seconds each on a busy machine
  it.skipIf(backend.skip)(`loses no accepted update over ${RUNS} runs`, { timeout: 90_000 }, async () => {
    const { env: storageEnv, cleanup } = await backend.env();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qe-kill-'));
    dirs.push(dataDir);
    const port = await freePort();
    const env = { ...storageEnv, PORT: String(port), DATA_DIR: dataDir, JWT_SECRET: SECRET, COMPACT_AFTER_UPDATES: '50' };
    const url = `http://127.0.0.1:${port}`;
    let server = await spawnServer(env);
    const lostPerRun: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        const admin = signToken({ sub: 'admin', name: 'Admin', role: 'admin' }, SECRET, 600);
        const created = await fetch(`${url}/api/boards`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Kill ${run}` }),
        });
        const { id: board } = (await created.json()) as { id: string };
        const token = (role: 'editor' | 'observer') => signToken({ sub: role, name: role, role, board }, SECRET, 600);

        const writer = connectProvider(url, board, token('editor'));
        const watcher = connectProvider(url, board, token('observer'));
        await Promise.all([waitForSynced(writer.provider), waitForSynced(watcher.provider)]);

        const written: string[] = [];
        let writing = true;
        const writeLoop = (async () => {
          for (let i = 0; writing; i++) {
            const item = `r${run}-${i}`;
            writer.doc.getArray<string>('log').push([item]);
            written.push(item);
            await new Promise((r) => setTimeout(r, 2));
          }
        })();

        await eventually(() => watcher.doc.getArray('log').length >= 100 + run * 37, 10_000, 'enough accepted updates');
        await killHard(server);
        const accepted = watcher.doc.getArray<string>('log').toArray();
        await new Promise((r) => setTimeout(r, 50));
        writing = false;
        await writeLoop;
        server = await spawnServer(env);

        const check = connectProvider(url, board, token('observer'));
        await waitForSynced(check.provider, 10_000);
        const restored = new Set(check.doc.getArray<string>('log').toArray());
        lostPerRun.push(accepted.filter((item) => !restored.has(item)).length);
        // the writer reconnects by itself and resends what the server never got
        await eventually(() => check.doc.getArray('log').length === written.length, 15_000, 'writer resent');
        for (const client of [writer, watcher, check]) client.provider.destroy();
      }
    } finally {
      await killHard(server);
      await cleanup();
    }
    console.log(`kill -9 on ${backend.name}: lost accepted updates per run: ${lostPerRun.join(', ')}`);
    expect(lostPerRun).toEqual(Array(RUNS).fill(0));
  });
});
