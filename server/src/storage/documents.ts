import { foldUpdates } from './compaction.js';
import type { StoreContext } from './dialect.js';
import { precompiled } from './precompiled.js';
import type { DocumentStore } from './types.js';

// rows per DELETE: stays below the bound-parameter limits of both databases
const DELETE_CHUNK = 500;

export function documentStore({ db, codec, lockBoard, appendUpdate }: StoreContext): DocumentStore {
  // every board loaded runs these two (see precompiled)
  const updatesOf = precompiled(db, (boardId: string) => db.selectFrom('doc_updates').select('data').where('board_id', '=', boardId).orderBy('seq'));
  const snapshotOf = precompiled(db, (boardId: string) => db.selectFrom('doc_snapshots').select('data').where('board_id', '=', boardId));
  return {
    async load(boardId) {
      // the updates before the snapshot: should a compaction commit in between, its updates are
      // read twice (Yjs applies an update once) rather than not at all
      const updates = await updatesOf(boardId);
      const [snapshot] = await snapshotOf(boardId);
      return (snapshot ? [snapshot, ...updates] : updates).map((row) => codec.open(row.data));
    },
    async appendUpdate(boardId, update) {
      const sealed = codec.seal(update);
      if (appendUpdate) return appendUpdate(boardId, sealed);
      await db.insertInto('doc_updates').values({ board_id: boardId, data: sealed }).execute();
    },
    async compact(boardId) {
      await db.transaction().execute(async (trx) => {
        await lockBoard(trx, boardId);
        const updates = await trx.selectFrom('doc_updates').select(['seq', 'data']).where('board_id', '=', boardId).orderBy('seq').execute();
        if (updates.length === 0) return;
        const snapshot = await trx.selectFrom('doc_snapshots').select('data').where('board_id', '=', boardId).executeTakeFirst();
        const folded = foldUpdates((snapshot ? [snapshot, ...updates] : updates).map((row) => codec.open(row.data)));
        await trx
          .insertInto('doc_snapshots')
          .values({ board_id: boardId, data: codec.seal(folded) })
          .onConflict((oc) => oc.column('board_id').doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })))
          .execute();
        // exactly the rows folded, not `seq <=` the last: on PostgreSQL a row with a lower seq may commit after the read above
        const seqs = updates.map((row) => row.seq);
        for (let i = 0; i < seqs.length; i += DELETE_CHUNK) {
          await trx
            .deleteFrom('doc_updates')
            .where('seq', 'in', seqs.slice(i, i + DELETE_CHUNK))
            .execute();
        }
      });
    },
    async countUpdates(boardId) {
      const row = await db
        .selectFrom('doc_updates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('board_id', '=', boardId)
        .executeTakeFirstOrThrow();
      return row.n;
    },
    async deleteDocument(boardId) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('doc_updates').where('board_id', '=', boardId).execute();
        await trx.deleteFrom('doc_snapshots').where('board_id', '=', boardId).execute();
      });
    },
  };
}
