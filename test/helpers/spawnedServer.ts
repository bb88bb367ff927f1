import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signToken } from '@qe/server';
import type { Role } from '@qe/shared';
import { freePort, killHard, spawnServer } from './serverProcess.js';

const SECRET = 'spawned-test-server-secret-0123456789-abc';

export interface SpawnedServer {
  url: string;
  process: ChildProcess;
  token(board: string, role: Role, sub: string): string;
  createBoard(name: string): Promise<string>;
  health(): Promise<number>;
  /** resident memory of the server process, from /proc */
  rssMiB(): number;
  /** CPU time (user + system) the server process has used so far */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * The server as its own OS process (so a test's clients do not share its event loop, and its
 * memory can be read), on a free port with its own data directory.
 */
export async function startSpawnedServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qe-spawned-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await spawnServer({ PORT: String(port), DATA_DIR: dataDir, JWT_SECRET: SECRET, ...env });
  const pid = child.pid!;
  const admin = signToken({ sub: 'admin', name: 'Admin', role: 'admin' }, SECRET, 3600);
  return {
    url,
    process: child,
    token: (board, role, sub) => signToken({ sub, name: sub, role, board }, SECRET, 3600),
    async createBoard(name) {
      const response = await fetch(`${url}/api/boards`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      if (!response.ok) throw new Error(`creating a board failed: ${response.status}`);
      return ((await response.json()) as { id: string }).id;
    },
    async health() {
      return (await fetch(`${url}/api/health`)).status;
    },
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    cpuSeconds() {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks
    },
    async stop() {
      if (child.exitCode === null) await killHard(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
