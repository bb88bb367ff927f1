import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';

/**
 * The schema of the storage before Kysely (server/src/storage/sqlite.ts and postgres.ts up to
 * commit 0d22ba0), frozen: copied verbatim from their migration lists. Builds a database as that
 * code left it, for the test that the current storage takes it over.
 */
const SQLITE_MIGRATIONS = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE COLLATE NOCASE,
     name TEXT NOT NULL,
     is_admin INTEGER NOT NULL,
     password_hash TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE doc_snapshots (
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     data BLOB NOT NULL
   );
   CREATE TABLE doc_updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     data BLOB NOT NULL
   );
   CREATE INDEX doc_updates_board ON doc_updates(board_id, seq);
   CREATE TABLE assets (
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     id TEXT NOT NULL,
     mime_type TEXT NOT NULL,
     data BLOB NOT NULL,
     PRIMARY KEY (board_id, id)
   );`,
  `CREATE TABLE protected_terms (
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     data BLOB NOT NULL
   );
   CREATE TABLE preflight_dismissals (
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     hit_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     dismissed_by TEXT NOT NULL,
     dismissed_at TEXT NOT NULL,
     PRIMARY KEY (board_id, hit_id)
   );`,
  `CREATE TABLE invite_links (
     id TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     label TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     max_uses INTEGER,
     uses INTEGER NOT NULL DEFAULT 0,
     revoked_at TEXT,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX invite_links_board ON invite_links(board_id);`,
  `CREATE TABLE participant_overrides (
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     sub TEXT NOT NULL,
     override TEXT NOT NULL,
     PRIMARY KEY (board_id, sub)
   );`,
  `ALTER TABLE boards ADD COLUMN finished_at TEXT;
   ALTER TABLE boards ADD COLUMN delete_after TEXT;
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     actor_name TEXT NOT NULL,
     action TEXT NOT NULL,
     board_id TEXT,
     detail TEXT NOT NULL
   );
   CREATE INDEX audit_log_board ON audit_log(board_id, id);`,
  // invite ids are the links' secrets: the audit log names a random public id instead, also in old entries
  `ALTER TABLE invite_links ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
   UPDATE invite_links SET public_id = lower(hex(randomblob(8)));
   UPDATE audit_log SET detail = json_set(detail, '$.invite', (SELECT public_id FROM invite_links WHERE invite_links.id = json_extract(audit_log.detail, '$.invite')))
     WHERE json_extract(detail, '$.invite') IS NOT NULL;`,
];

const POSTGRES_MIGRATIONS = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL,
     name TEXT NOT NULL,
     is_admin BOOLEAN NOT NULL,
     password_hash TEXT NOT NULL,
     created_at TIMESTAMPTZ NOT NULL DEFAULT now()
   );
   CREATE UNIQUE INDEX users_email ON users (lower(email));
   CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
     updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
   );
   CREATE TABLE doc_snapshots (
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     data BYTEA NOT NULL
   );
   CREATE TABLE doc_updates (
     seq BIGSERIAL PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     data BYTEA NOT NULL
   );
   CREATE INDEX doc_updates_board ON doc_updates (board_id, seq);
   CREATE TABLE assets (
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     id TEXT NOT NULL,
     mime_type TEXT NOT NULL,
     data BYTEA NOT NULL,
     PRIMARY KEY (board_id, id)
   );`,
  `CREATE TABLE protected_terms (
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     data BYTEA NOT NULL
   );
   CREATE TABLE preflight_dismissals (
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     hit_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     dismissed_by TEXT NOT NULL,
     dismissed_at TIMESTAMPTZ NOT NULL,
     PRIMARY KEY (board_id, hit_id)
   );`,
  `CREATE TABLE invite_links (
     id TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     label TEXT NOT NULL,
     expires_at TIMESTAMPTZ NOT NULL,
     max_uses INTEGER,
     uses INTEGER NOT NULL DEFAULT 0,
     revoked_at TIMESTAMPTZ,
     created_by TEXT NOT NULL,
     created_at TIMESTAMPTZ NOT NULL
   );
   CREATE INDEX invite_links_board ON invite_links(board_id);`,
  `CREATE TABLE participant_overrides (
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     sub TEXT NOT NULL,
     override TEXT NOT NULL,
     PRIMARY KEY (board_id, sub)
   );`,
  `ALTER TABLE boards ADD COLUMN finished_at TIMESTAMPTZ;
   ALTER TABLE boards ADD COLUMN delete_after TIMESTAMPTZ;
   CREATE TABLE audit_log (
     id BIGSERIAL PRIMARY KEY,
     at TIMESTAMPTZ NOT NULL DEFAULT now(),
     actor TEXT NOT NULL,
     actor_name TEXT NOT NULL,
     action TEXT NOT NULL,
     board_id TEXT,
     detail JSONB NOT NULL
   );
   CREATE INDEX audit_log_board ON audit_log (board_id, id);`,
  // invite ids are the links' secrets: the audit log names a random public id instead, also in old entries
  `ALTER TABLE invite_links ADD COLUMN public_id TEXT;
   UPDATE invite_links SET public_id = substr(md5(gen_random_uuid()::text), 1, 16);
   ALTER TABLE invite_links ALTER COLUMN public_id SET NOT NULL;
   UPDATE audit_log SET detail = jsonb_set(detail, '{invite}', coalesce(to_jsonb((SELECT public_id FROM invite_links WHERE id = audit_log.detail->>'invite')), 'null'::jsonb))
     WHERE detail ? 'invite';`,
  // board names, link labels, reasons and names in the audit log are sealed from now on; the
  // start-up pass seals the rows converted here
  `ALTER TABLE boards ALTER COLUMN name TYPE BYTEA USING convert_to(name, 'UTF8');
   ALTER TABLE invite_links ALTER COLUMN label TYPE BYTEA USING convert_to(label, 'UTF8');
   ALTER TABLE preflight_dismissals ALTER COLUMN reason TYPE BYTEA USING convert_to(reason, 'UTF8');
   ALTER TABLE audit_log ALTER COLUMN actor_name TYPE BYTEA USING convert_to(actor_name, 'UTF8');`,
];

/** a SQLite file in `dataDir` at the former schema (its first `upTo` migrations), with `fill` run on it */
export function legacySqlite(dataDir: string, fill: (db: Database.Database) => void, upTo = SQLITE_MIGRATIONS.length): void {
  const db = new Database(path.join(dataDir, 'qe-werkstatt.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    for (let i = 0; i < upTo; i++) {
      db.exec(SQLITE_MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    }
    fill(db);
  } finally {
    db.close();
  }
}

/** the PostgreSQL database at `url` at the former schema, with `fill` run on it */
export async function legacyPostgres(url: string, fill: (client: pg.Client) => Promise<void>, upTo = POSTGRES_MIGRATIONS.length): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE qe_schema_version (version INTEGER NOT NULL)');
    for (let i = 0; i < upTo; i++) {
      await client.query(POSTGRES_MIGRATIONS[i]!);
      await client.query('INSERT INTO qe_schema_version (version) VALUES ($1)', [i + 1]);
    }
    await fill(client);
  } finally {
    await client.end();
  }
}
