import type { StoreContext } from './dialect.js';
import type { AssetRepository } from './types.js';

export function assetRepository({ db, codec }: StoreContext): AssetRepository {
  return {
    async put(asset) {
      await db
        .insertInto('assets')
        .values({ board_id: asset.boardId, id: asset.id, mime_type: asset.mimeType, data: codec.seal(asset.data) })
        .onConflict((oc) => oc.columns(['board_id', 'id']).doUpdateSet((eb) => ({ mime_type: eb.ref('excluded.mime_type'), data: eb.ref('excluded.data') })))
        .execute();
    },
    async get(boardId, assetId) {
      const row = await db.selectFrom('assets').select(['mime_type', 'data']).where('board_id', '=', boardId).where('id', '=', assetId).executeTakeFirst();
      return row && { id: assetId, boardId, mimeType: row.mime_type, data: Buffer.from(codec.open(row.data)) };
    },
  };
}
