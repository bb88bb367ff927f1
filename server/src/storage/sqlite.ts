import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { foldUpdates } from './compaction.js';
import { plainCodec } from './plainCodec.js';
import { createPrivateFile, preparePrivateDir } from '../privateFiles.js';
import { openField, sealField } from './sealedField.js';
import {
  type BlobCodec,
  DuplicateError,
  type InviteLink,
  type ParticipantOverride,
  type Asset,
  type AuditEvent,
  type Board,
  type Storage,
  type User,
} from './types.js';

/** Schema migrations, applied in order; PRAGMA user_version records how many have run. */
const MIGRATIONS = [
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

function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let i = applied; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  is_admin: number;
  password_hash: string;
  created_at: string;
}

interface InviteRow {
  id: string;
  public_id: string;
  board_id: string;
  role: InviteLink['role'];
  label: Buffer | string;
  expires_at: string;
  max_uses: number | null;
  uses: number;
  revoked_at: string | null;
  created_by: string;
  created_at: string;
}

const toInvite = (row: InviteRow, codec: BlobCodec): InviteLink => ({
  id: row.id,
  publicId: row.public_id,
  boardId: row.board_id,
  role: row.role,
  label: openField(codec, row.label),
  expiresAt: row.expires_at,
  maxUses: row.max_uses,
  uses: row.uses,
  revokedAt: row.revoked_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

interface BoardRow {
  id: string;
  name: Buffer | string;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  delete_after: string | null;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actor_name: Buffer | string;
  action: string;
  board_id: string | null;
  detail: string;
}

const toAuditEvent = (row: AuditRow, codec: BlobCodec): AuditEvent => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  actorName: openField(codec, row.actor_name),
  action: row.action,
  boardId: row.board_id,
  detail: JSON.parse(row.detail) as AuditEvent['detail'],
});

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  isAdmin: row.is_admin === 1,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

const toBoard = (row: BoardRow, codec: BlobCodec): Board => ({
  id: row.id,
  name: openField(codec, row.name),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
  deleteAfter: row.delete_after,
});

type SealedColumn = { table: string; key: string; column: string; schutzliste?: boolean; field?: boolean };

/**
 * Sealed columns; `key` identifies a row, `schutzliste` marks the Schutzliste (it has an older
 * format of its own), `field` the text fields sealed later than the rest: plain rows may be left.
 */
const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'doc_snapshots', key: 'board_id', column: 'data' },
  { table: 'doc_updates', key: 'seq', column: 'data' },
  { table: 'assets', key: 'rowid', column: 'data' },
  { table: 'protected_terms', key: 'board_id', column: 'data', schutzliste: true },
  { table: 'boards', key: 'id', column: 'name', field: true },
  { table: 'invite_links', key: 'id', column: 'label', field: true },
  { table: 'preflight_dismissals', key: 'rowid', column: 'reason', field: true },
  { table: 'audit_log', key: 'id', column: 'actor_name', field: true },
];

/** The embedded default: one SQLite file in DATA_DIR, WAL mode, synchronous writes. */
export function openSqliteStorage(dataDir: string, codec: BlobCodec = plainCodec): Storage {
  const file = path.join(dataDir, 'qe-werkstatt.sqlite');
  preparePrivateDir(dataDir);
  // SQLite gives the WAL and shared-memory files the database file's mode
  createPrivateFile(file);
  const db = new Database(file);
  // deleted rows are overwritten, not left readable in free pages
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  // FULL: an update is on disk before appendUpdate resolves, so nothing accepted is lost on power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const sql = {
    loadSnapshot: db.prepare<[string], { data: Buffer }>('SELECT data FROM doc_snapshots WHERE board_id = ?'),
    loadUpdates: db.prepare<[string], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM doc_updates WHERE board_id = ? ORDER BY seq',
    ),
    appendUpdate: db.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)'),
    countUpdates: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM doc_updates WHERE board_id = ?'),
    putSnapshot: db.prepare(
      'INSERT INTO doc_snapshots (board_id, data) VALUES (?, ?) ON CONFLICT(board_id) DO UPDATE SET data = excluded.data',
    ),
    deleteUpdates: db.prepare('DELETE FROM doc_updates WHERE board_id = ?'),
    deleteUpdatesUpTo: db.prepare('DELETE FROM doc_updates WHERE board_id = ? AND seq <= ?'),
    deleteSnapshot: db.prepare('DELETE FROM doc_snapshots WHERE board_id = ?'),
    countUsers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    deleteUser: db.prepare<[string]>('DELETE FROM users WHERE id = ?'),
    insertUser: db.prepare(
      'INSERT INTO users (id, email, name, is_admin, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    listBoards: db.prepare<[], BoardRow>('SELECT * FROM boards'),
    getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
    insertBoard: db.prepare(
      'INSERT INTO boards (id, name, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ),
    renameBoard: db.prepare('UPDATE boards SET name = ?, updated_at = ? WHERE id = ?'),
    setRetention: db.prepare('UPDATE boards SET finished_at = ?, delete_after = ? WHERE id = ?'),
    dueBoards: db.prepare<[string], { id: string }>('SELECT id FROM boards WHERE delete_after IS NOT NULL AND delete_after <= ?'),
    insertAudit: db.prepare('INSERT INTO audit_log (at, actor, actor_name, action, board_id, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    listAudit: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
    purgeAudit: db.prepare('DELETE FROM audit_log WHERE at < ?'),
    listBoardAudit: db.prepare<[string, number], AuditRow>('SELECT * FROM audit_log WHERE board_id = ? ORDER BY id DESC LIMIT ?'),
    deleteBoard: db.prepare('DELETE FROM boards WHERE id = ?'),
    putAsset: db.prepare('INSERT OR REPLACE INTO assets (board_id, id, mime_type, data) VALUES (?, ?, ?, ?)'),
    getTerms: db.prepare<[string], { data: Buffer }>('SELECT data FROM protected_terms WHERE board_id = ?'),
    putTerms: db.prepare('INSERT INTO protected_terms (board_id, data) VALUES (?, ?) ON CONFLICT(board_id) DO UPDATE SET data = excluded.data'),
    listDismissals: db.prepare<[string], { hit_id: string; reason: Buffer | string; dismissed_by: string; dismissed_at: string }>(
      'SELECT hit_id, reason, dismissed_by, dismissed_at FROM preflight_dismissals WHERE board_id = ? ORDER BY dismissed_at',
    ),
    addDismissal: db.prepare(
      'INSERT OR REPLACE INTO preflight_dismissals (board_id, hit_id, reason, dismissed_by, dismissed_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertInvite: db.prepare(
      'INSERT INTO invite_links (id, public_id, board_id, role, label, expires_at, max_uses, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    getInvite: db.prepare<[string], InviteRow>('SELECT * FROM invite_links WHERE id = ?'),
    listInvites: db.prepare<[string], InviteRow>('SELECT * FROM invite_links WHERE board_id = ? ORDER BY created_at DESC'),
    useInvite: db.prepare('UPDATE invite_links SET uses = uses + 1 WHERE id = ? AND (max_uses IS NULL OR uses < max_uses)'),
    revokeInvite: db.prepare('UPDATE invite_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    getOverride: db.prepare<[string, string], { override: ParticipantOverride }>('SELECT override FROM participant_overrides WHERE board_id = ? AND sub = ?'),
    setOverride: db.prepare('INSERT INTO participant_overrides (board_id, sub, override) VALUES (?, ?, ?) ON CONFLICT(board_id, sub) DO UPDATE SET override = excluded.override'),
    getAsset: db.prepare<[string, string], { mime_type: string; data: Buffer }>(
      'SELECT mime_type, data FROM assets WHERE board_id = ? AND id = ?',
    ),
  };

  const compact = db.transaction((boardId: string) => {
    const updates = sql.loadUpdates.all(boardId);
    if (updates.length === 0) return;
    const snapshot = sql.loadSnapshot.get(boardId);
    const parts = updates.map((row) => codec.open(row.data));
    const folded = foldUpdates(snapshot ? [codec.open(snapshot.data), ...parts] : parts);
    sql.putSnapshot.run(boardId, codec.seal(folded));
    sql.deleteUpdatesUpTo.run(boardId, updates.at(-1)!.seq);
  });
  /**
   * Re-seals with the current key what is not sealed with it, in `columns`; `unsealedOnly` looks
   * at plain values only. One transaction: a crash leaves either the old or the new seal.
   */
  const reseal = db.transaction((columns: readonly SealedColumn[], unsealedOnly: boolean) => {
    let count = 0;
    for (const { table, key, column, schutzliste } of columns) {
      const where = unsealedOnly ? ` WHERE typeof(${column}) = 'text' OR substr(${column}, 1, 4) <> X'51454B31'` : '';
      const rows = db.prepare<[], { key: unknown; data: Buffer | string }>(`SELECT ${key} AS key, ${column} AS data FROM ${table}${where}`).all();
      const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`);
      for (const row of rows) {
        const stored = typeof row.data === 'string' ? Buffer.from(row.data, 'utf8') : row.data;
        if (codec.isCurrent(stored)) continue;
        update.run(schutzliste ? codec.sealText(codec.openText(stored)) : codec.seal(codec.open(stored)), row.key);
        count++;
      }
    }
    return count;
  });
  // rows from before board names, labels, reasons and audit names were sealed
  reseal(SEALED_COLUMNS.filter((c) => c.field), true);
  const deleteDocument = db.transaction((boardId: string) => {
    sql.deleteUpdates.run(boardId);
    sql.deleteSnapshot.run(boardId);
  });

  return {
    kind: 'sqlite',
    documents: {
      async load(boardId) {
        const snapshot = sql.loadSnapshot.get(boardId);
        const updates = sql.loadUpdates.all(boardId).map((row) => codec.open(row.data));
        return snapshot ? [codec.open(snapshot.data), ...updates] : updates;
      },
      async appendUpdate(boardId, update) {
        sql.appendUpdate.run(boardId, codec.seal(update));
      },
      async compact(boardId) {
        compact(boardId);
      },
      async countUpdates(boardId) {
        return sql.countUpdates.get(boardId)!.n;
      },
      async deleteDocument(boardId) {
        deleteDocument(boardId);
      },
    },
    users: {
      async count() {
        return sql.countUsers.get()!.n;
      },
      async findByEmail(email) {
        const row = sql.userByEmail.get(email);
        return row && toUser(row);
      },
      async get(id) {
        const row = sql.userById.get(id);
        return row && toUser(row);
      },
      async remove(id) {
        return sql.deleteUser.run(id).changes > 0;
      },
      async create(user) {
        const createdAt = new Date().toISOString();
        try {
          sql.insertUser.run(user.id, user.email, user.name, user.isAdmin ? 1 : 0, user.passwordHash, createdAt);
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new DuplicateError(`A user with e-mail ${user.email} exists already`);
          }
          throw error;
        }
        return { ...user, createdAt };
      },
    },
    boards: {
      async list() {
        // sorted here: the database sees sealed names only
        return sql.listBoards.all().map((row) => toBoard(row, codec)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.name.localeCompare(b.name));
      },
      async get(id) {
        const row = sql.getBoard.get(id);
        return row && toBoard(row, codec);
      },
      async create(board) {
        const now = new Date().toISOString();
        sql.insertBoard.run(board.id, sealField(codec, board.name), board.createdBy, now, now);
        return { ...board, createdAt: now, updatedAt: now, finishedAt: null, deleteAfter: null };
      },
      async setRetention(id, retention) {
        sql.setRetention.run(retention.finishedAt, retention.deleteAfter, id);
        const row = sql.getBoard.get(id);
        return row && toBoard(row, codec);
      },
      async dueForDeletion(now) {
        return sql.dueBoards.all(now.toISOString()).map((row) => row.id);
      },
      async rename(id, name) {
        sql.renameBoard.run(sealField(codec, name), new Date().toISOString(), id);
        const row = sql.getBoard.get(id);
        return row && toBoard(row, codec);
      },
      async delete(id) {
        // snapshots, updates and assets go with the board (ON DELETE CASCADE)
        const deleted = sql.deleteBoard.run(id).changes > 0;
        // secure_delete zeroed the rows in the pages; this moves those pages out of the WAL file too
        if (deleted) db.pragma('wal_checkpoint(TRUNCATE)');
        return deleted;
      },
    },
    assets: {
      async put(asset: Asset) {
        sql.putAsset.run(asset.boardId, asset.id, asset.mimeType, codec.seal(asset.data));
      },
      async get(boardId, assetId) {
        const row = sql.getAsset.get(boardId, assetId);
        return row && { id: assetId, boardId, mimeType: row.mime_type, data: Buffer.from(codec.open(row.data)) };
      },
    },
    participants: {
      async get(boardId, sub) {
        return sql.getOverride.get(boardId, sub)?.override;
      },
      async set(boardId, sub, override) {
        sql.setOverride.run(boardId, sub, override);
      },
    },
    invites: {
      async create(link) {
        const createdAt = new Date().toISOString();
        const publicId = randomBytes(8).toString('hex');
        sql.insertInvite.run(link.id, publicId, link.boardId, link.role, sealField(codec, link.label), link.expiresAt, link.maxUses, link.createdBy, createdAt);
        return { ...link, publicId, uses: 0, revokedAt: null, createdAt };
      },
      async get(id) {
        const row = sql.getInvite.get(id);
        return row && toInvite(row, codec);
      },
      async listForBoard(boardId) {
        return sql.listInvites.all(boardId).map((row) => toInvite(row, codec));
      },
      async use(id) {
        return sql.useInvite.run(id).changes > 0;
      },
      async revoke(id) {
        sql.revokeInvite.run(new Date().toISOString(), id);
      },
    },
    secrets: {
      async getSchutzliste(boardId) {
        return sql.getTerms.get(boardId)?.data;
      },
      async putSchutzliste(boardId, ciphertext) {
        sql.putTerms.run(boardId, ciphertext);
      },
      async listDismissals(boardId) {
        return sql.listDismissals.all(boardId).map((row) => ({
          boardId,
          hitId: row.hit_id,
          reason: openField(codec, row.reason),
          dismissedBy: row.dismissed_by,
          dismissedAt: row.dismissed_at,
        }));
      },
      async addDismissal(d) {
        sql.addDismissal.run(d.boardId, d.hitId, sealField(codec, d.reason), d.dismissedBy, d.dismissedAt);
      },
    },
    audit: {
      async record(event) {
        sql.insertAudit.run(new Date().toISOString(), event.actor, sealField(codec, event.actorName), event.action, event.boardId, JSON.stringify(event.detail));
      },
      async list({ boardId, limit }) {
        const rows = boardId ? sql.listBoardAudit.all(boardId, limit) : sql.listAudit.all(limit);
        return rows.map((row) => toAuditEvent(row, codec));
      },
      async deleteOlderThan(cutoff) {
        return sql.purgeAudit.run(cutoff.toISOString()).changes;
      },
    },
    async rekey() {
      return reseal(SEALED_COLUMNS, false);
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      db.close();
    },
  };
}
