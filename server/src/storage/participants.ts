import type { StoreContext } from './dialect.js';
import { precompiled } from './precompiled.js';
import type { ParticipantRepository } from './types.js';

export function participantRepository({ db }: StoreContext): ParticipantRepository {
  // asked by every sync connection (see precompiled)
  const overrideOf = precompiled(db, (boardId: string, sub: string) =>
    db.selectFrom('participant_overrides').select('override').where('board_id', '=', boardId).where('sub', '=', sub),
  );
  return {
    async get(boardId, sub) {
      const [row] = await overrideOf(boardId, sub);
      return row?.override;
    },
    async set(boardId, sub, override) {
      await db
        .insertInto('participant_overrides')
        .values({ board_id: boardId, sub, override })
        .onConflict((oc) => oc.columns(['board_id', 'sub']).doUpdateSet((eb) => ({ override: eb.ref('excluded.override') })))
        .execute();
    },
  };
}
