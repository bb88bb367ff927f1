import type { Selectable } from 'kysely';
import type { StoreContext } from './dialect.js';
import { now, type Tables } from './schema.js';
import { openField, sealField } from './sealedField.js';
import type { AuditEvent, AuditRepository, BlobCodec } from './types.js';

const toAuditEvent = (row: Selectable<Tables['audit_log']>, codec: BlobCodec): AuditEvent => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  actorName: openField(codec, row.actor_name),
  action: row.action,
  boardId: row.board_id,
  detail: JSON.parse(row.detail) as AuditEvent['detail'],
});

export function auditRepository({ db, codec, appendAudit }: StoreContext): AuditRepository {
  const recordAll: AuditRepository['recordAll'] = async (events) => {
    if (events.length === 0) return;
    const at = now();
    const rows = events.map((event) => ({
      at,
      actor: event.actor,
      actor_name: sealField(codec, event.actorName),
      action: event.action,
      board_id: event.boardId,
      detail: JSON.stringify(event.detail),
    }));
    if (appendAudit) return appendAudit(rows);
    // rows per INSERT: stays below the bound-parameter limits of both databases (6 per row)
    for (let i = 0; i < rows.length; i += 150) {
      await db
        .insertInto('audit_log')
        .values(rows.slice(i, i + 150))
        .execute();
    }
  };
  return {
    record: (event) => recordAll([event]),
    recordAll,
    async list({ boardId, limit }) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .$if(Boolean(boardId), (qb) => qb.where('board_id', '=', boardId!))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => toAuditEvent(row, codec));
    },
    async deleteOlderThan(cutoff) {
      const result = await db.deleteFrom('audit_log').where('at', '<', cutoff.toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
