import type { StoreContext } from './dialect.js';
import { iso } from './schema.js';
import type { PrivateCardRepository, StoredPrivateCard } from './types.js';

/** Cards of private phases: text and level sealed like documents, so they are encrypted at rest as the board is. */
export function privateCardRepository({ db, codec }: StoreContext): PrivateCardRepository {
  const read = (row: { id: string; board_id: string; owner_key: string; frame: string; data: Buffer; created_at: string }): StoredPrivateCard => {
    const { text, level, field } = JSON.parse(Buffer.from(codec.open(row.data)).toString('utf8')) as { text: string; level?: string; field?: string };
    return {
      id: row.id,
      boardId: row.board_id,
      ownerKey: row.owner_key,
      frame: row.frame,
      text,
      ...(level ? { level } : {}),
      ...(field ? { field } : {}),
      createdAt: row.created_at,
    };
  };
  return {
    async add(card) {
      const data = codec.seal(Buffer.from(JSON.stringify({ text: card.text, level: card.level, field: card.field }), 'utf8'));
      await db
        .insertInto('private_cards')
        .values({ id: card.id, board_id: card.boardId, owner_key: card.ownerKey, frame: card.frame, data, created_at: iso(card.createdAt) })
        .execute();
    },
    async listForOwners(boardId, ownerKeys) {
      if (ownerKeys.length === 0) return [];
      const rows = await db
        .selectFrom('private_cards')
        .selectAll()
        .where('board_id', '=', boardId)
        .where('owner_key', 'in', ownerKeys)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(read);
    },
    async listForBoard(boardId) {
      const rows = await db.selectFrom('private_cards').selectAll().where('board_id', '=', boardId).orderBy('created_at').orderBy('id').execute();
      return rows.map(read);
    },
    async count(boardId) {
      const row = await db
        .selectFrom('private_cards')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('board_id', '=', boardId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async delete(boardId, ids) {
      if (ids.length === 0) return 0;
      const result = await db.deleteFrom('private_cards').where('board_id', '=', boardId).where('id', 'in', ids).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
