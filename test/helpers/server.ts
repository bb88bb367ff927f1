import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, signToken, startServer, type Config, type RunningServer } from '@qe/server';
import type { Actor, TokenClaims } from '@qe/shared';

export interface TestServer {
  server: RunningServer;
  config: Config;
  dataDir: string;
  /** a token signed with the server's secret */
  token(claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>, ttlSeconds?: number): string;
  createBoard(name?: string): Promise<string>;
  /** stops and starts the server on the same port and data directory */
  restart(): Promise<void>;
  /** stops the server but keeps its data, for a later `resume()` */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** The author of seed data that tests write on the server (registry.writeBoard): a moderator, so locks do not stop it. */
export const TEST_MODERATOR: Actor = { id: 'test-moderator', name: 'Test', role: 'moderator', ownsBallot: () => true };

/** A real server on a free port with its own temporary data directory. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qe-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', UNLOAD_GRACE_MS: '200', ...env });
  let server = await startServer(config);
  let boardCount = 0;
  const handle: TestServer = {
    get server() {
      return server;
    },
    config,
    dataDir,
    token: (claims, ttlSeconds = 3600) => signToken({ sub: 'test-user', name: 'Test', ...claims }, config.jwtSecret, ttlSeconds),
    async createBoard(name = `Board ${++boardCount}`) {
      const id = `board${++boardCount}${Date.now().toString(36)}`;
      await server.storage.boards.create({ id, name, createdBy: 'test' });
      return id;
    },
    async restart() {
      await handle.pause();
      await handle.resume();
    },
    async pause() {
      await server.stop();
    },
    async resume() {
      server = await startServer({ ...config, port: server.port });
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
