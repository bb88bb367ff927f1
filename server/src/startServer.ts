import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SYNC_CLOSE } from '@qe/shared';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { openStorage } from './storage/openStorage.js';
import type { Storage } from './storage/types.js';
import { DocumentRegistry } from './sync/DocumentRegistry.js';
import { RedisRelay } from './sync/RedisRelay.js';
import { SyncServer } from './sync/SyncServer.js';

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  storage: Storage;
  registry: DocumentRegistry;
  stop(): Promise<void>;
}

const log = (message: string, error?: unknown) =>
  console.error(`[qe-werkstatt] ${message}`, error instanceof Error ? error.message : (error ?? ''));

/** Starts HTTP API, client and sync endpoint on one port. */
export async function startServer(config: Config): Promise<RunningServer> {
  const storage = await openStorage(config);
  const relay = config.redisUrl ? new RedisRelay(config.redisUrl, log) : undefined;
  const registry = new DocumentRegistry(storage.documents, {
    compactAfterUpdates: config.compactAfterUpdates,
    unloadGraceMs: config.unloadGraceMs,
    log,
    relay,
  });
  const http = createServer(createApp({ config, storage, registry, relay }));
  const sync = new SyncServer({
    jwtSecret: config.jwtSecret,
    maxMessageBytes: config.maxMessageBytes,
    boards: storage.boards,
    invites: storage.invites,
    participants: storage.participants,
    registry,
    log,
  });
  sync.attach(http);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    http,
    storage,
    registry,
    async stop() {
      await registry.shutdown(SYNC_CLOSE.serverShutdown);
      sync.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await relay?.close();
      await storage.close();
    },
  };
}
