import type { StoreContext } from './dialect.js';
import { iso } from './schema.js';
import { openField, sealField } from './sealedField.js';
import type { BoardSecretsRepository } from './types.js';

export function secretsRepository({ db, codec }: StoreContext): BoardSecretsRepository {
  return {
    async getSchutzliste(boardId) {
      return (await db.selectFrom('protected_terms').select('data').where('board_id', '=', boardId).executeTakeFirst())?.data;
    },
    async putSchutzliste(boardId, ciphertext) {
      // sealed by the caller (its own format, see crypto/keyring.ts)
      await db
        .insertInto('protected_terms')
        .values({ board_id: boardId, data: ciphertext })
        .onConflict((oc) => oc.column('board_id').doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })))
        .execute();
    },
    async listDismissals(boardId) {
      const rows = await db.selectFrom('preflight_dismissals').selectAll().where('board_id', '=', boardId).orderBy('dismissed_at').execute();
      return rows.map((row) => ({
        boardId,
        hitId: row.hit_id,
        reason: openField(codec, row.reason),
        dismissedBy: row.dismissed_by,
        dismissedAt: row.dismissed_at,
      }));
    },
    async addDismissal(d) {
      await db
        .insertInto('preflight_dismissals')
        .values({ board_id: d.boardId, hit_id: d.hitId, reason: sealField(codec, d.reason), dismissed_by: d.dismissedBy, dismissed_at: iso(d.dismissedAt) })
        .onConflict((oc) =>
          oc.columns(['board_id', 'hit_id']).doUpdateSet((eb) => ({
            reason: eb.ref('excluded.reason'),
            dismissed_by: eb.ref('excluded.dismissed_by'),
            dismissed_at: eb.ref('excluded.dismissed_at'),
          })),
        )
        .execute();
    },
  };
}
