import type { Config } from '../config.js';
import { Keyring } from '../crypto/keyring.js';
import { openPostgresStorage } from './postgres.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './types.js';

/**
 * PostgreSQL when DATABASE_URL is set, otherwise the embedded SQLite file in DATA_DIR; either way
 * board documents, assets, the Schutzliste, board names, link labels, dismissal reasons and names
 * in the audit log are sealed with the data key (AES-256-GCM).
 */
export function openStorage(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dataKey' | 'previousDataKeys'>): Promise<Storage> {
  const keyring = new Keyring(config.dataKey, config.previousDataKeys);
  if (config.databaseUrl) return openPostgresStorage(config.databaseUrl, keyring);
  return openSqliteStorage(config.dataDir, keyring);
}
