import { sql } from 'kysely';
import type { DialectName } from './dialect.js';
import type { UntypedDb } from './schema.js';

/**
 * Databases made before the one migration list, by the former sqlite.ts and postgres.ts: they
 * counted their migrations in PRAGMA user_version (SQLite) and the table qe_schema_version
 * (PostgreSQL). Their last version has the tables of migration 0001; this converts the values to the
 * common representation (schema.ts) and drops the old counter, so that a former version refuses the
 * database instead of misreading it: one way, and no former instance may still run on it.
 */
const LAST_VERSION: Record<DialectName, number> = { sqlite: 6, postgres: 7 };

const TIMESTAMPS = [
  ['users', 'created_at'],
  ['boards', 'created_at'],
  ['boards', 'updated_at'],
  ['boards', 'finished_at'],
  ['boards', 'delete_after'],
  ['preflight_dismissals', 'dismissed_at'],
  ['invite_links', 'expires_at'],
  ['invite_links', 'revoked_at'],
  ['invite_links', 'created_at'],
  ['audit_log', 'at'],
] as const;

/** Brings a database of the former code to the schema of migration 0001; false when there is none. */
export async function adoptLegacySchema(db: UntypedDb, dialect: DialectName): Promise<boolean> {
  const version = await legacyVersion(db, dialect);
  if (version === 0) return false;
  if (version !== LAST_VERSION[dialect]) {
    throw new Error(`the database has schema version ${version} of a former version; it converts version ${LAST_VERSION[dialect]} only`);
  }
  await (dialect === 'sqlite' ? adoptSqlite(db) : adoptPostgres(db));
  return true;
}

async function legacyVersion(db: UntypedDb, dialect: DialectName): Promise<number> {
  if (dialect === 'sqlite') return (await sql<{ user_version: number }>`PRAGMA user_version`.execute(db)).rows[0]!.user_version;
  const { rows } = await sql<{ present: boolean }>`SELECT to_regclass('qe_schema_version') IS NOT NULL AS present`.execute(db);
  if (!rows[0]!.present) return 0;
  return (await sql<{ version: number | null }>`SELECT max(version) AS version FROM qe_schema_version`.execute(db)).rows[0]!.version ?? 0;
}

/**
 * SQLite keeps the declared column types (TEXT for the sealed fields, e-mail COLLATE NOCASE): it
 * stores every value as given, so the values are the same as in a new file.
 */
async function adoptSqlite(db: UntypedDb): Promise<void> {
  await sql`CREATE UNIQUE INDEX users_email ON users (lower(email))`.execute(db);
  // timestamps handed in by callers were stored as given
  for (const [table, column] of TIMESTAMPS) {
    const ref = sql.ref(column);
    await sql`UPDATE ${sql.table(table)} SET ${ref} = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', ${ref}), ${ref}) WHERE ${ref} IS NOT NULL`.execute(db);
  }
  await sql`PRAGMA user_version = 0`.execute(db);
}

async function adoptPostgres(db: UntypedDb): Promise<void> {
  for (const [table, column] of TIMESTAMPS) {
    const ref = sql.ref(column);
    await sql`ALTER TABLE ${sql.table(table)}
      ALTER COLUMN ${ref} DROP DEFAULT,
      ALTER COLUMN ${ref} TYPE text USING to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.execute(db);
  }
  await sql`ALTER TABLE users ALTER COLUMN is_admin TYPE integer USING is_admin::integer`.execute(db);
  await sql`ALTER TABLE audit_log ALTER COLUMN detail TYPE text USING detail::text`.execute(db);
  await sql`DROP TABLE qe_schema_version`.execute(db);
}
