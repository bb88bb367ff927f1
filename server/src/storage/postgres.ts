import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { foldUpdates } from './compaction.js';
import { plainCodec } from './plainCodec.js';
import { openField, sealField } from './sealedField.js';
import { DuplicateError, type AuditEvent, type BlobCodec, type Board, type InviteLink, type ParticipantOverride, type Storage, type User } from './types.js';

interface InviteRow {
  id: string;
  public_id: string;
  board_id: string;
  role: InviteLink['role'];
  label: Buffer;
  expires_at: Date;
  max_uses: number | null;
  uses: number;
  revoked_at: Date | null;
  created_by: string;
  created_at: Date;
}

const toInvite = (row: InviteRow, codec: BlobCodec): InviteLink => ({
  id: row.id,
  publicId: row.public_id,
  boardId: row.board_id,
  role: row.role,
  label: openField(codec, row.label),
  expiresAt: row.expires_at.toISOString(),
  maxUses: row.max_uses,
  uses: row.uses,
  revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

/** Schema migrations, applied in order inside one transaction each; qe_schema_version records progress. */
const MIGRATIONS = [
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

// arbitrary constant: serialises migrations of instances starting at the same time
const MIGRATION_LOCK = 0x51e0;

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS qe_schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT max(version) AS version FROM qe_schema_version');
    for (let i = rows[0]?.version ?? 0; i < MIGRATIONS.length; i++) {
      await client.query('BEGIN');
      await client.query(MIGRATIONS[i]!);
      await client.query('INSERT INTO qe_schema_version (version) VALUES ($1)', [i + 1]);
      await client.query('COMMIT');
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  password_hash: string;
  created_at: Date;
}

interface BoardRow {
  id: string;
  name: Buffer;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  delete_after: Date | null;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  actor_name: Buffer;
  action: string;
  board_id: string | null;
  detail: AuditEvent['detail'];
}

const toAuditEvent = (row: AuditRow, codec: BlobCodec): AuditEvent => ({
  id: Number(row.id),
  at: row.at.toISOString(),
  actor: row.actor,
  actorName: openField(codec, row.actor_name),
  action: row.action,
  boardId: row.board_id,
  detail: row.detail,
});

const isoOrNull = (value: Date | null) => (value ? value.toISOString() : null);

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  isAdmin: row.is_admin,
  passwordHash: row.password_hash,
  createdAt: row.created_at.toISOString(),
});

const toBoard = (row: BoardRow, codec: BlobCodec): Board => ({
  id: row.id,
  name: openField(codec, row.name),
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  finishedAt: isoOrNull(row.finished_at),
  deleteAfter: isoOrNull(row.delete_after),
});

const bytes = (data: Buffer) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

type SealedColumn = { table: string; key: string; column: string; schutzliste?: boolean; field?: boolean };

/**
 * Sealed columns; `key` identifies a row, `schutzliste` marks the Schutzliste (it has an older
 * format of its own), `field` the text fields sealed later than the rest: plain rows may be left.
 */
const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'doc_snapshots', key: 'board_id', column: 'data' },
  { table: 'doc_updates', key: 'seq', column: 'data' },
  { table: 'assets', key: 'ctid', column: 'data' },
  { table: 'protected_terms', key: 'board_id', column: 'data', schutzliste: true },
  { table: 'boards', key: 'id', column: 'name', field: true },
  { table: 'invite_links', key: 'id', column: 'label', field: true },
  { table: 'preflight_dismissals', key: 'ctid', column: 'reason', field: true },
  { table: 'audit_log', key: 'id', column: 'actor_name', field: true },
];

/** PostgreSQL storage for production: several app instances can share it. */

export async function openPostgresStorage(connectionString: string, codec: BlobCodec = plainCodec): Promise<Storage> {
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000 });
  // an idle client losing its connection (e.g. PostgreSQL restarting) must not crash the process
  pool.on('error', () => {});
  await migrate(pool);

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Re-seals with the current key what is not sealed with it, in `columns`; `unsealedOnly` looks
   * at plain values only. One transaction: a crash leaves either the old or the new seal.
   */
  function reseal(columns: readonly SealedColumn[], unsealedOnly: boolean): Promise<number> {
    return inTransaction(async (client) => {
      let count = 0;
      for (const { table, key, column, schutzliste } of columns) {
        const where = unsealedOnly ? ` WHERE substring(${column} from 1 for 4) <> '\\x51454b31'::bytea` : '';
        const { rows } = await client.query<{ key: string; data: Buffer }>(`SELECT ${key} AS key, ${column} AS data FROM ${table}${where} FOR UPDATE`);
        for (const row of rows) {
          if (codec.isCurrent(row.data)) continue;
          const sealed = schutzliste ? codec.sealText(codec.openText(row.data)) : codec.seal(codec.open(bytes(row.data)));
          await client.query(`UPDATE ${table} SET ${column} = $1 WHERE ${key} = $2`, [sealed, row.key]);
          count++;
        }
      }
      return count;
    });
  }
  // rows from before board names, labels, reasons and audit names were sealed
  await reseal(SEALED_COLUMNS.filter((c) => c.field), true);

  return {
    kind: 'postgres',
    documents: {
      async load(boardId) {
        return inTransaction(async (client) => {
          const snapshot = await client.query<{ data: Buffer }>('SELECT data FROM doc_snapshots WHERE board_id = $1', [boardId]);
          const updates = await client.query<{ data: Buffer }>(
            'SELECT data FROM doc_updates WHERE board_id = $1 ORDER BY seq',
            [boardId],
          );
          return [...snapshot.rows, ...updates.rows].map((row) => codec.open(bytes(row.data)));
        });
      },
      async appendUpdate(boardId, update) {
        await pool.query('INSERT INTO doc_updates (board_id, data) VALUES ($1, $2)', [boardId, codec.seal(update)]);
      },
      async compact(boardId) {
        await inTransaction(async (client) => {
          // one compaction per board at a time, across all instances
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [boardId]);
          const updates = await client.query<{ seq: string; data: Buffer }>(
            'SELECT seq, data FROM doc_updates WHERE board_id = $1 ORDER BY seq',
            [boardId],
          );
          if (updates.rows.length === 0) return;
          const snapshot = await client.query<{ data: Buffer }>('SELECT data FROM doc_snapshots WHERE board_id = $1', [boardId]);
          const folded = foldUpdates([...snapshot.rows, ...updates.rows].map((row) => codec.open(bytes(row.data))));
          await client.query(
            `INSERT INTO doc_snapshots (board_id, data) VALUES ($1, $2)
             ON CONFLICT (board_id) DO UPDATE SET data = excluded.data`,
            [boardId, codec.seal(folded)],
          );
          // exactly the rows folded: a row with a lower seq may commit after the read above
          const foldedSeqs = updates.rows.map((row) => row.seq);
          await client.query('DELETE FROM doc_updates WHERE seq = ANY($1::bigint[])', [foldedSeqs]);
        });
      },
      async countUpdates(boardId) {
        const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM doc_updates WHERE board_id = $1', [boardId]);
        return Number(rows[0]!.n);
      },
      async deleteDocument(boardId) {
        await inTransaction(async (client) => {
          await client.query('DELETE FROM doc_updates WHERE board_id = $1', [boardId]);
          await client.query('DELETE FROM doc_snapshots WHERE board_id = $1', [boardId]);
        });
      },
    },
    users: {
      async count() {
        const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM users');
        return Number(rows[0]!.n);
      },
      async findByEmail(email) {
        const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
        return rows[0] && toUser(rows[0]);
      },
      async get(id) {
        const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
        return rows[0] && toUser(rows[0]);
      },
      async remove(id) {
        const { rowCount } = await pool.query('DELETE FROM users WHERE id = $1', [id]);
        return (rowCount ?? 0) > 0;
      },
      async create(user) {
        try {
          const { rows } = await pool.query<UserRow>(
            'INSERT INTO users (id, email, name, is_admin, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING *',
            [user.id, user.email, user.name, user.isAdmin, user.passwordHash],
          );
          return toUser(rows[0]!);
        } catch (error) {
          if ((error as { code?: string }).code === '23505') {
            throw new DuplicateError(`A user with e-mail ${user.email} exists already`);
          }
          throw error;
        }
      },
    },
    boards: {
      async list() {
        const { rows } = await pool.query<BoardRow>('SELECT * FROM boards');
        // sorted here: the database sees sealed names only
        return rows.map((row) => toBoard(row, codec)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.name.localeCompare(b.name));
      },
      async get(id) {
        const { rows } = await pool.query<BoardRow>('SELECT * FROM boards WHERE id = $1', [id]);
        return rows[0] && toBoard(rows[0], codec);
      },
      async create(board) {
        const { rows } = await pool.query<BoardRow>(
          'INSERT INTO boards (id, name, created_by) VALUES ($1, $2, $3) RETURNING *',
          [board.id, sealField(codec, board.name), board.createdBy],
        );
        return toBoard(rows[0]!, codec);
      },
      async rename(id, name) {
        const { rows } = await pool.query<BoardRow>(
          'UPDATE boards SET name = $2, updated_at = now() WHERE id = $1 RETURNING *',
          [id, sealField(codec, name)],
        );
        return rows[0] && toBoard(rows[0], codec);
      },
      async setRetention(id, retention) {
        const { rows } = await pool.query<BoardRow>(
          'UPDATE boards SET finished_at = $2, delete_after = $3 WHERE id = $1 RETURNING *',
          [id, retention.finishedAt, retention.deleteAfter],
        );
        return rows[0] && toBoard(rows[0], codec);
      },
      async dueForDeletion(now) {
        const { rows } = await pool.query<{ id: string }>('SELECT id FROM boards WHERE delete_after <= $1', [now]);
        return rows.map((row) => row.id);
      },
      async delete(id) {
        // snapshots, updates and assets go with the board (ON DELETE CASCADE)
        const result = await pool.query('DELETE FROM boards WHERE id = $1', [id]);
        return (result.rowCount ?? 0) > 0;
      },
    },
    assets: {
      async put(asset) {
        await pool.query(
          `INSERT INTO assets (board_id, id, mime_type, data) VALUES ($1, $2, $3, $4)
           ON CONFLICT (board_id, id) DO UPDATE SET mime_type = excluded.mime_type, data = excluded.data`,
          [asset.boardId, asset.id, asset.mimeType, codec.seal(asset.data)],
        );
      },
      async get(boardId, assetId) {
        const { rows } = await pool.query<{ mime_type: string; data: Buffer }>(
          'SELECT mime_type, data FROM assets WHERE board_id = $1 AND id = $2',
          [boardId, assetId],
        );
        return rows[0] && { id: assetId, boardId, mimeType: rows[0].mime_type, data: Buffer.from(codec.open(rows[0].data)) };
      },
    },
    participants: {
      async get(boardId, sub) {
        const { rows } = await pool.query<{ override: ParticipantOverride }>('SELECT override FROM participant_overrides WHERE board_id = $1 AND sub = $2', [boardId, sub]);
        return rows[0]?.override;
      },
      async set(boardId, sub, override) {
        await pool.query(
          'INSERT INTO participant_overrides (board_id, sub, override) VALUES ($1, $2, $3) ON CONFLICT (board_id, sub) DO UPDATE SET override = excluded.override',
          [boardId, sub, override],
        );
      },
    },
    invites: {
      async create(link) {
        const { rows } = await pool.query<InviteRow>(
          `INSERT INTO invite_links (id, public_id, board_id, role, label, expires_at, max_uses, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) RETURNING *`,
          [link.id, randomBytes(8).toString('hex'), link.boardId, link.role, sealField(codec, link.label), link.expiresAt, link.maxUses, link.createdBy],
        );
        return toInvite(rows[0]!, codec);
      },
      async get(id) {
        const { rows } = await pool.query<InviteRow>('SELECT * FROM invite_links WHERE id = $1', [id]);
        return rows[0] && toInvite(rows[0], codec);
      },
      async listForBoard(boardId) {
        const { rows } = await pool.query<InviteRow>('SELECT * FROM invite_links WHERE board_id = $1 ORDER BY created_at DESC', [boardId]);
        return rows.map((row) => toInvite(row, codec));
      },
      async use(id) {
        const result = await pool.query('UPDATE invite_links SET uses = uses + 1 WHERE id = $1 AND (max_uses IS NULL OR uses < max_uses)', [id]);
        return (result.rowCount ?? 0) > 0;
      },
      async revoke(id) {
        await pool.query('UPDATE invite_links SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
      },
    },
    secrets: {
      async getSchutzliste(boardId) {
        const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM protected_terms WHERE board_id = $1', [boardId]);
        return rows[0]?.data;
      },
      async putSchutzliste(boardId, ciphertext) {
        await pool.query(
          'INSERT INTO protected_terms (board_id, data) VALUES ($1, $2) ON CONFLICT (board_id) DO UPDATE SET data = excluded.data',
          [boardId, ciphertext],
        );
      },
      async listDismissals(boardId) {
        const { rows } = await pool.query<{ hit_id: string; reason: Buffer; dismissed_by: string; dismissed_at: Date }>(
          'SELECT hit_id, reason, dismissed_by, dismissed_at FROM preflight_dismissals WHERE board_id = $1 ORDER BY dismissed_at',
          [boardId],
        );
        return rows.map((row) => ({ boardId, hitId: row.hit_id, reason: openField(codec, row.reason), dismissedBy: row.dismissed_by, dismissedAt: row.dismissed_at.toISOString() }));
      },
      async addDismissal(d) {
        await pool.query(
          `INSERT INTO preflight_dismissals (board_id, hit_id, reason, dismissed_by, dismissed_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (board_id, hit_id) DO UPDATE SET reason = excluded.reason, dismissed_by = excluded.dismissed_by, dismissed_at = excluded.dismissed_at`,
          [d.boardId, d.hitId, sealField(codec, d.reason), d.dismissedBy, d.dismissedAt],
        );
      },
    },
    audit: {
      async record(event) {
        await pool.query('INSERT INTO audit_log (actor, actor_name, action, board_id, detail) VALUES ($1, $2, $3, $4, $5)', [
          event.actor,
          sealField(codec, event.actorName),
          event.action,
          event.boardId,
          JSON.stringify(event.detail),
        ]);
      },
      async list({ boardId, limit }) {
        const { rows } = boardId
          ? await pool.query<AuditRow>('SELECT * FROM audit_log WHERE board_id = $1 ORDER BY id DESC LIMIT $2', [boardId, limit])
          : await pool.query<AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [limit]);
        return rows.map((row) => toAuditEvent(row, codec));
      },
      async deleteOlderThan(cutoff) {
        const result = await pool.query('DELETE FROM audit_log WHERE at < $1', [cutoff]);
        return result.rowCount ?? 0;
      },
    },
    async rekey() {
      return reseal(SEALED_COLUMNS, false);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}
