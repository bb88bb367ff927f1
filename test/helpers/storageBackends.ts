import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPostgresStorage, openSqliteStorage, type Keyring, type Storage } from '@qe/server';
import { createTestDatabase } from './services.js';

/** An empty database of one kind, with the storage open on it. */
export interface OpenBackend {
  storage: Storage;
  /** the server's environment for this database */
  env: Record<string, string>;
  /** a second storage on the same database, with another codec (none: blobs as stored) */
  reopen: (codec?: Keyring) => Promise<Storage>;
  cleanup: () => Promise<void>;
}

export interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  /** a new, empty database with the storage open on it */
  open(): Promise<OpenBackend>;
}

/** The two databases every storage test runs on. */
export const backends: Backend[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(path.join(tmpdir(), 'qe-storage-'));
      return {
        storage: await openSqliteStorage(dir),
        env: { DATA_DIR: dir },
        reopen: (codec) => openSqliteStorage(dir, codec),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const database = await createTestDatabase();
      return {
        storage: await openPostgresStorage(database.url),
        env: { DATABASE_URL: database.url },
        reopen: (codec) => openPostgresStorage(database.url, codec),
        cleanup: database.drop,
      };
    },
  },
];
