import { sql } from 'kysely';
import type { Db, UntypedDb } from './schema.js';
import type { BlobCodec } from './types.js';

interface SealedColumn {
  table: string;
  /** the columns that identify a row */
  key: readonly string[];
  column: string;
  /** the Schutzliste: it has an older format of its own */
  schutzliste?: boolean;
  /** a text field, sealed later than the rest: plain rows may be left from before */
  field?: boolean;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'doc_snapshots', key: ['board_id'], column: 'data' },
  { table: 'doc_updates', key: ['seq'], column: 'data' },
  { table: 'assets', key: ['board_id', 'id'], column: 'data' },
  { table: 'protected_terms', key: ['board_id'], column: 'data', schutzliste: true },
  { table: 'boards', key: ['id'], column: 'name', field: true },
  { table: 'invite_links', key: ['id'], column: 'label', field: true },
  { table: 'preflight_dismissals', key: ['board_id', 'hit_id'], column: 'reason', field: true },
  { table: 'audit_log', key: ['id'], column: 'actor_name', field: true },
  { table: 'private_cards', key: ['id'], column: 'data' },
  { table: 'procedures', key: ['id'], column: 'title' },
  { table: 'procedure_members', key: ['id'], column: 'name' },
];

const SEAL_MAGIC = Buffer.from('QEK1');

/**
 * Re-seals with the current key what is not sealed with it, in `columns`; `unsealedOnly` looks at
 * plain values only. One transaction: a crash leaves either the old or the new seals. Each row is
 * replaced only if it still holds the value read (a compaction may have replaced it meanwhile).
 */
export async function reseal(db: Db, codec: BlobCodec, columns: readonly SealedColumn[], unsealedOnly: boolean): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // names come from SEALED_COLUMNS, not from the typed schema
    const any = trx as unknown as UntypedDb;
    let count = 0;
    for (const { table, key, column, schutzliste } of columns) {
      const rows = await any
        .selectFrom(table)
        .select([...key, `${column} as data`])
        // SQLite: a plain string (text) never equals the blob either
        .$if(unsealedOnly, (qb) => qb.where(sql`substr(${sql.ref(column)}, 1, 4)`, '<>', SEAL_MAGIC))
        .execute();
      for (const row of rows) {
        const stored: Buffer | string = row.data;
        const bytes = typeof stored === 'string' ? Buffer.from(stored, 'utf8') : stored;
        if (codec.isCurrent(bytes)) continue;
        const sealed = schutzliste ? codec.sealText(codec.openText(bytes)) : codec.seal(codec.open(bytes));
        const result = await key
          .reduce((qb, name) => qb.where(name, '=', row[name]), any.updateTable(table).set({ [column]: sealed }))
          .where(column, '=', stored)
          .executeTakeFirst();
        if (result.numUpdatedRows > 0n) count++;
      }
    }
    return count;
  });
}
