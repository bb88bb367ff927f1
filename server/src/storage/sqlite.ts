import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql, type Driver, type SqliteDatabase } from 'kysely';
import path from 'node:path';
import { createPrivateFile, preparePrivateDir } from '../privateFiles.js';
import { createStorage } from './createStorage.js';
import { plainCodec } from './plainCodec.js';
import { SqliteAppender } from './sqliteAppender.js';
import type { Tables } from './schema.js';
import type { BlobCodec, Storage } from './types.js';

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE). The document log is written
 * by a second connection (SqliteAppender); a transaction here that read first and wrote later
 * would fail at once (SQLITE_BUSY_SNAPSHOT) had that connection committed in between, where
 * waiting for the lock first (busy timeout) is what is meant.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/** statements kept prepared; queries with lists of values (IN) make many texts, the oldest make room */
const CACHED_STATEMENTS = 256;

/**
 * Kysely prepares every query anew; SQLite's prepare costs about as much as a small query itself.
 * The same texts come again and again (joining a board asks the same three), so prepared
 * statements are kept by their text. Kysely runs one statement at a time on its connection, so a
 * statement is never in use twice.
 */
function withStatementCache(database: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(text) {
      let statement = cache.get(text);
      if (statement) cache.delete(text);
      else statement = database.prepare(text);
      cache.set(text, statement); // the most recently used last
      if (cache.size > CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

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
  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  const appender = new SqliteAppender(file);
  return createStorage(
    {
      name: 'sqlite',
      db,
      // one process; transactions begin immediate (see ImmediateSqliteDialect)
      lockMigrations: async () => {},
      lockBoard: async () => {},
      isUniqueViolation: (error) => ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes((error as { code?: string }).code ?? ''),
      /**
       * The hot path: a statement prepared once (through Kysely every append compiled and
       * prepared the INSERT anew: 134 µs CPU against 81 µs, bench/src/sqliteInsertPaths.ts), on a
       * connection of its own in a worker thread, so the sync to disk does not stop the event
       * loop (see SqliteAppender).
       */
      appendUpdate: (boardId, sealed) => appender.append(boardId, sealed),
      // every join writes one: synced to disk on the main thread, it held up every board
      appendAudit: (rows) => appender.appendAudit(rows),
      close: () => appender.close(),
      async afterBoardDeleted() {
        // secure_delete zeroed the rows in the pages; this moves those pages out of the WAL file too
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
      },
    },
    codec,
  );
}
