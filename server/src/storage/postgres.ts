import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createStorage } from './createStorage.js';
import { plainCodec } from './plainCodec.js';
import type { Tables } from './schema.js';
import type { BlobCodec, Storage } from './types.js';

// arbitrary constant, the former code's too: serialises migrations of instances starting at the same time
const MIGRATION_LOCK = 0x51e0;

// BIGINT (serial ids, count(*)) as numbers, as SQLite gives them; for these pools only
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, Number);

/** PostgreSQL storage for production: several app instances can share it. */
export async function openPostgresStorage(connectionString: string, codec: BlobCodec = plainCodec): Promise<Storage> {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: 5000,
    types,
  });
  // a client losing its connection (e.g. PostgreSQL restarting) must not crash the process: an
  // idle one reports to the pool, one held between the queries of a transaction to itself; the
  // next query on it fails and answers its caller
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return createStorage(
    {
      name: 'postgres',
      db,
      async lockMigrations(trx) {
        await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      },
      async lockBoard(trx, boardId) {
        await sql`SELECT pg_advisory_xact_lock(hashtext(${boardId}))`.execute(trx);
      },
      isUniqueViolation: (error) => (error as { code?: string }).code === '23505',
      afterBoardDeleted: async () => {},
    },
    codec,
  );
}
