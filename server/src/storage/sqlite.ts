import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import path from 'node:path';
import { createPrivateFile, preparePrivateDir } from '../privateFiles.js';
import { createStorage } from './createStorage.js';
import { plainCodec } from './plainCodec.js';
import type { Tables } from './schema.js';
import type { BlobCodec, Storage } from './types.js';

/** The embedded default: one SQLite file in DATA_DIR, WAL mode, synchronous writes. */
export async function openSqliteStorage(dataDir: string, codec: BlobCodec = plainCodec): Promise<Storage> {
  const file = path.join(dataDir, 'qe-werkstatt.sqlite');
  preparePrivateDir(dataDir);
  // SQLite gives the WAL and shared-memory files the database file's mode
  createPrivateFile(file);
  // busy timeout: waits this long for a lock held by another connection (e.g. a backup) before failing
  const sqlite = new Database(file, { timeout: 5000 });
  // deleted rows are overwritten, not left readable in free pages
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('journal_mode = WAL');
  // FULL: an update is on disk before appendUpdate resolves, so nothing accepted is lost on power loss
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  // prepared at the first append, after the migrations have made the table
  let insertUpdate: Database.Statement<[string, Buffer]> | undefined;
  return createStorage(
    {
      name: 'sqlite',
      db,
      // one process, one connection: Kysely runs a transaction alone on it
      lockMigrations: async () => {},
      lockBoard: async () => {},
      isUniqueViolation: (error) => ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes((error as { code?: string }).code ?? ''),
      /**
       * The hot path. Through Kysely every append compiles and prepares the INSERT anew: 134 µs CPU
       * and 250 µs wall per durable insert against 81 µs and 202 µs for this statement, prepared
       * once (bench/src/sqliteInsertPaths.ts, medians on a quiet machine; twice the gap under load).
       * It runs on Kysely's one connection, so never inside a transaction another caller has open.
       */
      async appendUpdate(boardId, sealed) {
        insertUpdate ??= sqlite.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)');
        await db.connection().execute(async () => insertUpdate!.run(boardId, sealed));
      },
      async afterBoardDeleted() {
        // secure_delete zeroed the rows in the pages; this moves those pages out of the WAL file too
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
      },
    },
    codec,
  );
}
