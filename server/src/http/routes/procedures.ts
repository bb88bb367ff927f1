import { randomUUID } from 'node:crypto';
import {
  applyTemplate,
  ensureAgenda,
  STRUCTURE_PHASES,
  boardEvidenceCitation,
  caseNumbering,
  DEFAULT_THEMES,
  listRecords,
  memberBody,
  procedureBoardBody,
  procedureBody,
  procedureFindingNumbers,
  procedureMemberRole,
  procedurePatchBody,
  seedThemes,
  structureNumbering,
  SYNC_CLOSE,
  type Created,
  type OpenRecommendations,
  type Procedure,
  type ProcedureEvidence,
  type ProcedureList,
  type ProcedureToken,
} from '@qe/shared';
import { STRUCTURE_TEMPLATE } from '@qe/templates';
import { Router } from 'express';
import type { Audit } from '../../audit/auditLog.js';
import { actorOf } from '../../auth/rights.js';
import { signToken } from '../../auth/tokens.js';
import { urlSafeId } from '../../ids.js';
import { DuplicateError, type Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { claimsOf, type RouteTable } from '../access.js';
import { HttpError, parseBody } from '../errors.js';

export interface ProcedureRoutesOptions {
  storage: Storage;
  registry: DocumentRegistry;
  routes: RouteTable;
  audit: Audit;
  jwtSecret: string;
  sessionTtlSeconds: number;
}

const newId = () => urlSafeId(12);

/** The procedure with this id, else 404 `procedure_not_found` (called after the route's access guard). */
export async function existingProcedure(storage: Pick<Storage, 'procedures'>, id: string): Promise<Procedure> {
  const procedure = await storage.procedures.get(id);
  if (!procedure) throw new HttpError(404, 'procedure_not_found', `No procedure with id ${id}`);
  return procedure;
}

/**
 * The procedure (Verfahren): created by moderators and admins; its lead adds boards (a case board
 * per case, one structure board) and members; everyone it opens (auth/rights) reads it. Its
 * quality topics are written into every board it holds, so all boards share them.
 */
export function procedureRoutes({ storage, registry, routes, audit, jwtSecret, sessionTtlSeconds }: ProcedureRoutesOptions): Router {
  const router = Router();
  const procedureDetail = (id: string) => ({ procedure: id });

  routes.add(router, 'get', '/procedures', 'manager', async (_req, res) => {
    res.json({ procedures: await storage.procedures.list() } satisfies ProcedureList);
  });

  routes.add(router, 'post', '/procedures', 'manager', async (req, res) => {
    const claims = claimsOf(res);
    const { title, office } = parseBody(procedureBody, req.body);
    const procedure = await storage.procedures.create({ id: newId(), title, office, themes: [...DEFAULT_THEMES], createdBy: claims.sub });
    await audit(claims, 'procedure_created', null, procedureDetail(procedure.id));
    res.status(201).json({ id: procedure.id } satisfies Created);
  });

  routes.add(router, 'get', '/procedures/:id', 'procedure:read', async (req, res) => {
    res.json((await existingProcedure(storage, req.params.id)) satisfies Procedure);
  });

  routes.add(router, 'patch', '/procedures/:id', 'procedure:manage', async (req, res) => {
    const claims = claimsOf(res);
    const patch = parseBody(procedurePatchBody, req.body);
    const before = await existingProcedure(storage, req.params.id);
    const updated = (await storage.procedures.update(before.id, patch)) ?? before;
    // the procedure's topics are every board's topics: new ones are added to each board
    if (patch.themes) for (const board of updated.boards) await registry.writeBoard(board.id, actorOf(claims), (doc) => seedThemes(doc, updated.themes));
    await audit(claims, 'procedure_changed', null, { ...procedureDetail(before.id), fields: Object.keys(patch).sort().join(',') });
    res.json(updated satisfies Procedure);
  });

  routes.add(router, 'post', '/procedures/:id/boards', 'procedure:manage', async (req, res) => {
    const claims = claimsOf(res);
    const { name, kind, selection } = parseBody(procedureBoardBody, req.body);
    const procedure = await existingProcedure(storage, req.params.id);
    if (kind === 'structure' && procedure.boards.some((board) => board.kind === 'structure')) {
      throw new HttpError(409, 'structure_exists', 'The procedure has a structure board already');
    }
    const board = await storage.boards.create({ id: newId(), name, createdBy: claims.sub });
    try {
      await storage.procedures.addBoard(procedure.id, { boardId: board.id, kind, selection: selection ?? null });
      await registry.writeBoard(board.id, actorOf(claims), (doc) => {
        seedThemes(doc, procedure.themes);
        if (kind === 'structure') {
          applyTemplate(doc, STRUCTURE_TEMPLATE);
          // not the case workshop's agenda, which a moderator's client would seed otherwise
          ensureAgenda(doc, STRUCTURE_PHASES);
        }
      });
    } catch (error) {
      // no board outside its procedure is left behind
      await registry.discard(board.id, SYNC_CLOSE.boardDeleted, 'procedure board not created');
      await storage.boards.delete(board.id);
      if (error instanceof DuplicateError) throw new HttpError(409, 'structure_exists', error.message);
      throw error;
    }
    await audit(claims, 'board_created', board.id, { ...procedureDetail(procedure.id), kind });
    res.status(201).json({ id: board.id } satisfies Created);
  });

  routes.add(router, 'post', '/procedures/:id/members', 'procedure:manage', async (req, res) => {
    const claims = claimsOf(res);
    const member = parseBody(memberBody, req.body);
    const procedure = await existingProcedure(storage, req.params.id);
    const added = await storage.procedures.addMember(procedure.id, { id: randomUUID(), ...member });
    await audit(claims, 'procedure_member_added', null, { ...procedureDetail(procedure.id), role: added.role });
    res.status(201).json({ id: added.id } satisfies Created);
  });

  routes.add(router, 'delete', '/procedures/:id/members/:memberId', 'procedure:manage', async (req, res) => {
    const claims = claimsOf(res);
    const procedure = await existingProcedure(storage, req.params.id);
    if (!(await storage.procedures.removeMember(procedure.id, req.params.memberId))) {
      throw new HttpError(404, 'member_not_found', 'No such member of this procedure');
    }
    // their procedure tokens stop working at once (auth/rights); open board connections end now
    let disconnected = 0;
    for (const board of procedure.boards) {
      disconnected += await registry.closeConnections(
        board.id,
        (connection) => connection.claims.proc === procedure.id && connection.claims.sub === req.params.memberId,
        SYNC_CLOSE.accessRevoked,
        'removed from the procedure',
      );
    }
    await audit(claims, 'procedure_member_removed', null, { ...procedureDetail(procedure.id), disconnected });
    res.status(204).end();
  });

  /** A token for a member: it opens the procedure and, by the member's role, its boards (auth/rights). */
  routes.add(router, 'post', '/procedures/:id/members/:memberId/token', 'procedure:manage', async (req, res) => {
    const claims = claimsOf(res);
    const procedure = await existingProcedure(storage, req.params.id);
    const member = await storage.procedures.getMember(procedure.id, req.params.memberId);
    if (!member) throw new HttpError(404, 'member_not_found', 'No such member of this procedure');
    const role = procedureMemberRole(member.role);
    const token = signToken({ sub: member.id, name: member.name, role, proc: procedure.id }, jwtSecret, sessionTtlSeconds);
    await audit(claims, 'procedure_token_issued', null, { ...procedureDetail(procedure.id), role: member.role });
    res.json({ token, role } satisfies ProcedureToken);
  });

  /** The recommendations not yet agreed on, across the procedure's boards: the procedure page's to-do list. */
  routes.add(router, 'get', '/procedures/:id/recommendations', 'procedure:export', async (req, res) => {
    const procedure = await existingProcedure(storage, req.params.id);
    const recommendations: OpenRecommendations['recommendations'] = [];
    for (const board of procedure.boards) {
      const open = await registry.withBoard(board.id, ({ doc }) => listRecords(doc, 'recommendations').records.filter((rec) => rec.status === 'Entwurf'));
      for (const rec of open) recommendations.push({ boardId: board.id, label: board.label, title: rec.title, status: rec.status, priority: rec.priority });
    }
    res.json({ recommendations } satisfies OpenRecommendations);
  });

  /**
   * Every finding of the procedure's boards that a recommendation or a window of another board may
   * cite, numbered as the procedure's report numbers them (records/numbering): the evidence picker.
   */
  routes.add(router, 'get', '/procedures/:id/evidence', 'procedure:export', async (req, res) => {
    const procedure = await existingProcedure(storage, req.params.id);
    const boards = await Promise.all(
      procedure.boards.map(async (board) => ({
        board,
        findings: await registry.withBoard(board.id, ({ doc }) =>
          board.kind === 'structure' ? structureNumbering(doc).findings : caseNumbering(doc).findings,
        ),
      })),
    );
    const caseNumbers = procedureFindingNumbers(
      boards.filter(({ board }) => board.kind === 'case').map(({ board, findings }) => ({ key: board.id, findings })),
    );
    const evidence: ProcedureEvidence['evidence'] = boards.flatMap(({ board, findings }) =>
      findings.map((finding, index) => {
        const structural = board.kind === 'structure';
        const number = structural ? index + 1 : caseNumbers.get(`${board.id}|${finding.id}`)!;
        return {
          boardId: board.id,
          label: board.label,
          kind: structural ? ('structuralFindings' as const) : ('findings' as const),
          id: finding.id,
          number,
          citation: boardEvidenceCitation(structural ? 'structuralFindings' : 'findings', number, board.label),
          text: shorten(finding.text),
        };
      }),
    );
    res.json({ evidence } satisfies ProcedureEvidence);
  });

  return router;
}

const shorten = (text: string, max = 140) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};
