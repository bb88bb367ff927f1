import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { preparePrivateDir } from './privateFiles.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  jwtSecret: string;
  /** lifetime of tokens issued at login, in seconds */
  sessionTtlSeconds: number;
  /** a sync message larger than this closes the sending connection */
  maxMessageBytes: number;
  /** largest image accepted as a board asset */
  maxAssetBytes: number;
  /** how long a board without connections stays in memory */
  unloadGraceMs: number;
  /** compact a board's update log after this many stored updates */
  compactAfterUpdates: number;
  /** tldraw license key, needed in production on a non-localhost host */
  tldrawLicenseKey: string;
  /** built client served at / (absent in API-only setups) */
  clientDir: string;
  /** PostgreSQL connection string; empty: embedded SQLite in dataDir */
  databaseUrl: string;
  /** Redis connection string for several instances; empty: single instance */
  redisUrl: string;
  /** 32-byte key for data encrypted at rest (AES-256-GCM) */
  dataKey: Buffer;
  /** earlier data keys, still accepted for reading until `npm run rekey` has run */
  previousDataKeys: Buffer[];
  /** days a board is kept after its procedure is marked finished */
  retentionDays: number;
  /** days audit log entries are kept (they name people, so they are not kept forever) */
  auditRetentionDays: number;
  /** how often the retention job looks for boards to delete */
  retentionCheckMs: number;
  /** wrong passwords in a row (within 15 minutes) that lock an account */
  loginMaxFailures: number;
  /** how long a locked account stays locked */
  loginLockMs: number;
  /** login, setup and join requests per address and 15 minutes */
  loginRateLimit: number;
  /** per sync connection: messages and bytes per second on average, the bursts above them, unsent bytes kept */
  syncMessagesPerSecond: number;
  syncMessageBurst: number;
  syncBytesPerSecond: number;
  syncByteBurst: number;
  syncMaxBufferedBytes: number;
  /** sync sockets one person (token `sub`) and one client address may have open at once */
  syncConnectionsPerPerson: number;
  syncConnectionsPerAddress: number;
  /** express "trust proxy" setting: hops of reverse proxies in front, so client addresses are right */
  trustProxy: number;
  /** worker threads that build, check and render reports (pre-flight, export) off the event loop */
  reportWorkers: number;
  /** reports waiting for a worker; more are refused with 503 */
  reportQueue: number;
  /** a report taking longer is stopped (503) */
  reportTimeoutMs: number;
  /** heap limit of one report worker */
  reportWorkerHeapMb: number;
}

const MiB = 1024 * 1024;
// two let a pre-flight run beside an export; the workers run at a lower CPU priority, so the
// event loop (sync and API) still comes first on a 2-core machine
const DEFAULT_REPORT_WORKERS = Math.min(2, availableParallelism());

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/**
 * The JWT secret comes from JWT_SECRET, or is generated once and kept in DATA_DIR so that the
 * server and `npm run token` agree without any setup.
 */
function loadOrCreateSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('JWT_SECRET must be at least 32 characters long');
    return fromEnv;
  }
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

function decodeKey(value: string, source: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
  return key;
}

/** DATA_KEY (base64, 32 bytes), or one generated once into DATA_DIR/data-key. */
function loadOrCreateDataKey(dataDir: string, fromEnv: string | undefined): Buffer {
  const decode = decodeKey;
  if (fromEnv) return decode(fromEnv, 'DATA_KEY');
  const file = path.join(dataDir, 'data-key');
  if (existsSync(file)) return decode(readFileSync(file, 'utf8'), file);
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(repoRoot, 'data'));
  preparePrivateDir(dataDir);
  return {
    port: intFromEnv(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    jwtSecret: loadOrCreateSecret(dataDir, env.JWT_SECRET),
    sessionTtlSeconds: intFromEnv(env, 'SESSION_TTL_SECONDS', 30 * 60),
    maxMessageBytes: intFromEnv(env, 'MAX_MESSAGE_BYTES', 2 * MiB),
    maxAssetBytes: intFromEnv(env, 'MAX_ASSET_BYTES', 10 * MiB),
    unloadGraceMs: intFromEnv(env, 'UNLOAD_GRACE_MS', 30_000),
    compactAfterUpdates: intFromEnv(env, 'COMPACT_AFTER_UPDATES', 500),
    tldrawLicenseKey: env.TLDRAW_LICENSE_KEY ?? '',
    clientDir: path.resolve(env.CLIENT_DIR ?? path.join(repoRoot, 'client/dist')),
    databaseUrl: env.DATABASE_URL ?? '',
    redisUrl: env.REDIS_URL ?? '',
    dataKey: loadOrCreateDataKey(dataDir, env.DATA_KEY),
    previousDataKeys: (env.DATA_KEYS_PREVIOUS ?? '')
      .split(',')
      .filter((value) => value.trim() !== '')
      .map((value, i) => decodeKey(value, `DATA_KEYS_PREVIOUS entry ${i + 1}`)),
    retentionDays: intFromEnv(env, 'RETENTION_DAYS', 90),
    auditRetentionDays: intFromEnv(env, 'AUDIT_RETENTION_DAYS', 730),
    retentionCheckMs: intFromEnv(env, 'RETENTION_CHECK_MINUTES', 60) * 60_000,
    loginMaxFailures: intFromEnv(env, 'LOGIN_MAX_FAILURES', 5),
    loginLockMs: intFromEnv(env, 'LOGIN_LOCK_MINUTES', 15) * 60_000,
    loginRateLimit: intFromEnv(env, 'LOGIN_RATE_LIMIT', 50),
    trustProxy: intFromEnv(env, 'TRUST_PROXY', 0),
    syncMessagesPerSecond: intFromEnv(env, 'SYNC_MESSAGES_PER_SECOND', 500),
    syncMessageBurst: intFromEnv(env, 'SYNC_MESSAGE_BURST', 1000),
    syncBytesPerSecond: intFromEnv(env, 'SYNC_BYTES_PER_SECOND', MiB),
    syncByteBurst: intFromEnv(env, 'SYNC_BYTE_BURST', 8 * MiB),
    syncMaxBufferedBytes: intFromEnv(env, 'SYNC_MAX_BUFFERED_BYTES', 8 * MiB),
    syncConnectionsPerPerson: intFromEnv(env, 'SYNC_CONNECTIONS_PER_PERSON', 20),
    syncConnectionsPerAddress: intFromEnv(env, 'SYNC_CONNECTIONS_PER_ADDRESS', 200),
    reportWorkers: Math.max(1, intFromEnv(env, 'REPORT_WORKERS', DEFAULT_REPORT_WORKERS)),
    reportQueue: intFromEnv(env, 'REPORT_QUEUE', 20),
    reportTimeoutMs: Math.max(1, intFromEnv(env, 'REPORT_TIMEOUT_SECONDS', 120)) * 1000,
    reportWorkerHeapMb: Math.max(64, intFromEnv(env, 'REPORT_WORKER_HEAP_MB', 1024)),
  };
}
