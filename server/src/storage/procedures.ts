import type { CaseSelection, MemberRole, ProcedureBoardKind, ProcedurePhase } from '@qe/shared';
import { PROCEDURE_PHASES } from '@qe/shared';
import type { Selectable } from 'kysely';
import type { StoreContext } from './dialect.js';
import { now, type Tables } from './schema.js';
import { openField, sealField } from './sealedField.js';
import { DuplicateError, type BlobCodec, type Procedure, type ProcedureBoard, type ProcedureMember, type ProcedureRepository } from './types.js';

/** The structure board's label; case boards are "Fall A", "Fall B", … in the order they were added. */
export const STRUCTURE_LABEL = 'Strukturanalyse';

/** "Fall A" … "Fall Z", then "Fall AA", "Fall AB", … */
export function caseLabel(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `Fall ${letters}`;
}

const toMember = (row: Selectable<Tables['procedure_members']>, codec: BlobCodec): ProcedureMember => ({
  id: row.id,
  name: openField(codec, row.name),
  role: row.role as MemberRole,
  organisation: row.organisation,
});

export function procedureRepository({ db, codec, isUniqueViolation }: StoreContext): ProcedureRepository {
  /** the procedures with these rows, with their boards (case boards first, in the order added) and members */
  const complete = async (rows: Selectable<Tables['procedures']>[]): Promise<Procedure[]> => {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [boards, members] = await Promise.all([
      db
        .selectFrom('procedure_boards')
        .innerJoin('boards', 'boards.id', 'procedure_boards.board_id')
        .select(['procedure_boards.procedure_id', 'procedure_boards.board_id', 'boards.name', 'kind', 'selection', 'label', 'position'])
        .where('procedure_boards.procedure_id', 'in', ids)
        .orderBy('position')
        .execute(),
      db.selectFrom('procedure_members').selectAll().where('procedure_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
    ]);
    return rows.map((row) => ({
      id: row.id,
      title: openField(codec, row.title),
      office: row.office,
      period: row.period,
      phase: row.phase as ProcedurePhase,
      themes: JSON.parse(row.themes) as string[],
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      boards: boards
        .filter((board) => board.procedure_id === row.id)
        .sort((a, b) => Number(a.kind === 'structure') - Number(b.kind === 'structure') || a.position - b.position)
        .map((board): ProcedureBoard => ({
          id: board.board_id,
          name: openField(codec, board.name),
          kind: board.kind as ProcedureBoardKind,
          selection: board.selection as CaseSelection | null,
          label: board.label,
        })),
      members: members.filter((member) => member.procedure_id === row.id).map((member) => toMember(member, codec)),
    }));
  };
  const get = async (id: string) => (await complete(await db.selectFrom('procedures').selectAll().where('id', '=', id).execute()))[0];

  return {
    async list() {
      return complete(await db.selectFrom('procedures').selectAll().orderBy('created_at', 'desc').orderBy('id').execute());
    },
    get,
    async create({ id, title, office, themes, createdBy }) {
      const at = now();
      await db
        .insertInto('procedures')
        .values({
          id,
          title: sealField(codec, title),
          office,
          period: '',
          phase: PROCEDURE_PHASES[0],
          themes: JSON.stringify(themes),
          created_by: createdBy,
          created_at: at,
          updated_at: at,
        })
        .execute();
      return (await get(id))!;
    },
    async update(id, patch) {
      const result = await db
        .updateTable('procedures')
        .set({
          ...(patch.title !== undefined ? { title: sealField(codec, patch.title) } : {}),
          ...(patch.office !== undefined ? { office: patch.office } : {}),
          ...(patch.period !== undefined ? { period: patch.period } : {}),
          ...(patch.phase !== undefined ? { phase: patch.phase } : {}),
          ...(patch.themes !== undefined ? { themes: JSON.stringify(patch.themes) } : {}),
          updated_at: now(),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows === 0n ? undefined : get(id);
    },
    async addBoard(procedureId, { boardId, kind, selection }) {
      try {
        return await db.transaction().execute(async (trx) => {
          const existing = await trx.selectFrom('procedure_boards').select(['kind', 'position']).where('procedure_id', '=', procedureId).execute();
          const label = kind === 'structure' ? STRUCTURE_LABEL : caseLabel(existing.filter((board) => board.kind === 'case').length);
          const position = Math.max(-1, ...existing.map((board) => board.position)) + 1;
          await trx
            .insertInto('procedure_boards')
            .values({ board_id: boardId, procedure_id: procedureId, kind, selection: kind === 'case' ? selection : null, label, position })
            .execute();
          await trx.updateTable('procedures').set({ updated_at: now() }).where('id', '=', procedureId).execute();
          const board = await trx.selectFrom('boards').select('name').where('id', '=', boardId).executeTakeFirstOrThrow();
          return { id: boardId, name: openField(codec, board.name), kind, selection: kind === 'case' ? selection : null, label };
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DuplicateError(kind === 'structure' ? 'The procedure has a structure board already' : 'The board belongs to a procedure already');
        }
        throw error;
      }
    },
    async placeOf(boardId) {
      const row = await db.selectFrom('procedure_boards').select(['procedure_id', 'kind', 'label']).where('board_id', '=', boardId).executeTakeFirst();
      return row && { procedureId: row.procedure_id, kind: row.kind as ProcedureBoardKind, label: row.label };
    },
    async addMember(procedureId, member) {
      const row = await db
        .insertInto('procedure_members')
        .values({
          id: member.id,
          procedure_id: procedureId,
          name: sealField(codec, member.name),
          role: member.role,
          organisation: member.organisation,
          created_at: now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toMember(row, codec);
    },
    async getMember(procedureId, memberId) {
      const row = await db.selectFrom('procedure_members').selectAll().where('procedure_id', '=', procedureId).where('id', '=', memberId).executeTakeFirst();
      return row && toMember(row, codec);
    },
    async removeMember(procedureId, memberId) {
      const result = await db.deleteFrom('procedure_members').where('procedure_id', '=', procedureId).where('id', '=', memberId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
