export { loadConfig, type Config } from './config.js';
export { startServer, type RunningServer } from './startServer.js';
export { signToken, verifyToken } from './auth/tokens.js';
export { openSqliteStorage } from './storage/sqlite.js';
export { openPostgresStorage } from './storage/postgres.js';
export { openStorage } from './storage/openStorage.js';
export type { Storage } from './storage/types.js';
export { Keyring } from './crypto/keyring.js';
