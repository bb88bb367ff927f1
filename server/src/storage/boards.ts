import type { Selectable } from 'kysely';
import type { StoreContext } from './dialect.js';
import { precompiled } from './precompiled.js';
import { isoOrNull, now, type Tables } from './schema.js';
import { openField, sealField } from './sealedField.js';
import type { BlobCodec, Board, BoardRepository } from './types.js';

const toBoard = (row: Selectable<Tables['boards']>, codec: BlobCodec): Board => ({
  id: row.id,
  name: openField(codec, row.name),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
  deleteAfter: row.delete_after,
});

export function boardRepository({ db, codec, afterBoardDeleted }: StoreContext): BoardRepository {
  const boardById = precompiled(db, (id: string) => db.selectFrom('boards').selectAll().where('id', '=', id));
  // asked by every sync connection (see precompiled): the id only, no name to unseal
  const boardIdOf = precompiled(db, (id: string) => db.selectFrom('boards').select('id').where('id', '=', id));
  return {
    async list() {
      const rows = await db.selectFrom('boards').selectAll().execute();
      // sorted here: the database sees sealed names only
      return rows.map((row) => toBoard(row, codec)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.name.localeCompare(b.name));
    },
    async get(id) {
      const [row] = await boardById(id);
      return row && toBoard(row, codec);
    },
    async exists(id) {
      return (await boardIdOf(id)).length > 0;
    },
    async create(board) {
      const at = now();
      await db
        .insertInto('boards')
        .values({ id: board.id, name: sealField(codec, board.name), created_by: board.createdBy, created_at: at, updated_at: at })
        .execute();
      return { ...board, createdAt: at, updatedAt: at, finishedAt: null, deleteAfter: null };
    },
    async rename(id, name) {
      const row = await db
        .updateTable('boards')
        .set({ name: sealField(codec, name), updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toBoard(row, codec);
    },
    async setRetention(id, retention) {
      const row = await db
        .updateTable('boards')
        .set({ finished_at: isoOrNull(retention.finishedAt), delete_after: isoOrNull(retention.deleteAfter) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toBoard(row, codec);
    },
    async dueForDeletion(at) {
      const rows = await db.selectFrom('boards').select('id').where('delete_after', '<=', at.toISOString()).execute();
      return rows.map((row) => row.id);
    },
    async delete(id) {
      // the document, update log, assets, secrets, links and overrides go with it (ON DELETE CASCADE)
      const result = await db.deleteFrom('boards').where('id', '=', id).executeTakeFirst();
      if (result.numDeletedRows === 0n) return false;
      await afterBoardDeleted();
      return true;
    },
  };
}
