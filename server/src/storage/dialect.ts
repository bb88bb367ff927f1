import type { Transaction } from 'kysely';
import type { Db, Tables } from './schema.js';
import type { AuditRow } from './sqliteAppender.js';
import type { BlobCodec } from './types.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between SQLite and PostgreSQL, in one place (see sqlite.ts and postgres.ts); the
 * schema, the migrations and every query are shared Kysely code.
 */
export interface StoreDialect {
  name: DialectName;
  db: Db;
  /** serialises the migrations of instances starting at the same time; runs inside their transaction */
  lockMigrations(trx: Transaction<Tables>): Promise<void>;
  /** one compaction of a board at a time, across instances; runs inside its transaction */
  lockBoard(trx: Transaction<Tables>, boardId: string): Promise<void>;
  /** a UNIQUE or PRIMARY KEY constraint refused the row */
  isUniqueViolation(error: unknown): boolean;
  /** after a board and everything of it was deleted */
  afterBoardDeleted(): Promise<void>;
  /** the hot path's one statement, where a prepared statement beats the query builder (see sqlite.ts) */
  appendUpdate?(boardId: string, sealed: Buffer): Promise<void>;
  /** audit events, written beside the document log (SQLite: by its writer thread, see sqliteAppender.ts) */
  appendAudit?(rows: AuditRow[]): Promise<void>;
  /** releases what the dialect holds besides `db` (SQLite: its writer thread) */
  close?(): Promise<void>;
}

/** What every repository works with: the database, what differs per dialect, and the codec that seals. */
export interface StoreContext extends StoreDialect {
  codec: BlobCodec;
}
