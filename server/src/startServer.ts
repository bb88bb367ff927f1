import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SYNC_CLOSE } from '@qe/shared';
import { createAudit, type AuditLog } from './audit/auditLog.js';
import { MemoryLoginThrottle, RedisLoginThrottle } from './auth/loginThrottle.js';
import { MemoryTicketLedger, RedisTicketLedger } from './auth/syncTickets.js';
import { RecentKeys } from './audit/recentKeys.js';
import type { Config } from './config.js';
import { createReportPool, type ReportPool } from './export/reportPool.js';
import { createApp, type AppWithRoutes } from './http/app.js';
import { openStorage } from './storage/openStorage.js';
import type { Storage } from './storage/types.js';
import { RetentionJob } from './retention/retention.js';
import { DocumentRegistry } from './sync/DocumentRegistry.js';
import { RedisRelay } from './sync/RedisRelay.js';
import { SyncServer } from './sync/SyncServer.js';

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  app: AppWithRoutes;
  storage: Storage;
  registry: DocumentRegistry;
  audit: AuditLog;
  retention: RetentionJob;
  /** worker threads for pre-flight and export */
  reports: ReportPool;
  stop(): Promise<void>;
}

const JOIN_AUDIT_INTERVAL_MS = 10 * 60_000;

// with the stack: an operator has only the log to find where a failure came from
const log = (message: string, error?: unknown) =>
  console.error(`[qe-werkstatt] ${message}`, error instanceof Error ? (error.stack ?? error.message) : (error ?? ''));

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
  const audit = createAudit(storage.audit, log);
  const recentJoins = new RecentKeys(JOIN_AUDIT_INTERVAL_MS);
  const throttleOptions = { maxFailures: config.loginMaxFailures, windowMs: 15 * 60_000, lockMs: config.loginLockMs };
  const throttle = config.redisUrl ? new RedisLoginThrottle(config.redisUrl, throttleOptions, log) : new MemoryLoginThrottle(throttleOptions);
  const tickets = config.redisUrl ? new RedisTicketLedger(config.redisUrl, log) : new MemoryTicketLedger();
  const reports = createReportPool({
    workers: config.reportWorkers,
    maxQueued: config.reportQueue,
    timeoutMs: config.reportTimeoutMs,
    maxHeapMb: config.reportWorkerHeapMb,
  });
  const app = createApp({ config, storage, registry, audit, throttle, relay, reports });
  const http = createServer(app);
  const sync = new SyncServer({
    jwtSecret: config.jwtSecret,
    maxMessageBytes: config.maxMessageBytes,
    boards: storage.boards,
    users: storage.users,
    invites: storage.invites,
    participants: storage.participants,
    procedures: storage.procedures,
    registry,
    tickets,
    log,
    flow: {
      messagesPerSecond: config.syncMessagesPerSecond,
      messageBurst: config.syncMessageBurst,
      bytesPerSecond: config.syncBytesPerSecond,
      byteBurst: config.syncByteBurst,
      maxBufferedBytes: config.syncMaxBufferedBytes,
    },
    connections: { perPerson: config.syncConnectionsPerPerson, perAddress: config.syncConnectionsPerAddress },
    trustProxy: config.trustProxy,
    onJoin: (claims, boardId) => {
      // reconnects are not news: one entry per person, board and role every few minutes
      if (recentJoins.isNew(`${claims.sub}|${boardId}|${claims.role}`))
        void audit(claims, 'board_joined', boardId, { role: claims.role, guest: claims.inv !== undefined });
    },
  });
  sync.attach(http);
  const retention = new RetentionJob({ storage, registry, audit }, config.retentionCheckMs, config.auditRetentionDays, log);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  retention.start();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    http,
    app,
    storage,
    registry,
    audit,
    retention,
    reports,
    async stop() {
      retention.stop();
      await registry.shutdown(SYNC_CLOSE.serverShutdown);
      sync.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await reports.close();
      // the last joins' and exports' audit events are written before the store closes
      await audit.flush();
      await relay?.close();
      await throttle.close();
      await tickets.close();
      await storage.close();
    },
  };
}
