import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { StoreContext } from './dialect.js';
import { precompiled } from './precompiled.js';
import { iso, now, type Tables } from './schema.js';
import { openField, sealField } from './sealedField.js';
import type { BlobCodec, InviteLink, InviteRepository } from './types.js';

const toInvite = (row: Selectable<Tables['invite_links']>, codec: BlobCodec): InviteLink => ({
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

export function inviteRepository({ db, codec }: StoreContext): InviteRepository {
  // asked by every sync connection with such a token (see precompiled)
  const inviteById = precompiled(db, (id: string) => db.selectFrom('invite_links').selectAll().where('id', '=', id));
  return {
    async create(link) {
      const created = { ...link, expiresAt: iso(link.expiresAt), publicId: randomBytes(8).toString('hex'), uses: 0, revokedAt: null, createdAt: now() };
      await db
        .insertInto('invite_links')
        .values({
          id: created.id,
          public_id: created.publicId,
          board_id: created.boardId,
          role: created.role,
          label: sealField(codec, created.label),
          expires_at: created.expiresAt,
          max_uses: created.maxUses,
          created_by: created.createdBy,
          created_at: created.createdAt,
        })
        .execute();
      return created;
    },
    async get(id) {
      const [row] = await inviteById(id);
      return row && toInvite(row, codec);
    },
    async listForBoard(boardId) {
      const rows = await db.selectFrom('invite_links').selectAll().where('board_id', '=', boardId).orderBy('created_at', 'desc').execute();
      return rows.map((row) => toInvite(row, codec));
    },
    async use(id) {
      // one statement: the check and the count cannot be separated by a concurrent use
      const result = await db
        .updateTable('invite_links')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('id', '=', id)
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async revoke(id) {
      await db.updateTable('invite_links').set({ revoked_at: now() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },
  };
}
