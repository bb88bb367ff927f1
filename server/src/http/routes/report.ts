import { Router, type Response } from 'express';
import {
  apiErrorBody,
  canModerate,
  dismissalBody,
  exportQuery,
  hitInImage,
  imageExportBody,
  imagePlaces,
  preflightQuery,
  neutralHit,
  procedureExportQuery,
  pseudonymsBody,
  schutzlisteBody,
  schutzlisteProblems,
  termsMatcher,
  type DismissalAdded,
  type ImageExportAllowed,
  type Preflight,
  type PreflightHit,
  type PreflightRefused,
  type ReportFormat,
  type Role,
  type Schutzliste,
  type TermProblem,
} from '@qe/shared';
import * as Y from 'yjs';
import type { ReportJob } from '../../export/reportJob.js';
import type { ReportPool } from '../../export/reportPool.js';
import { PoolError, type PoolFailure } from '../../export/workerPool.js';
import type { Audit } from '../../audit/auditLog.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { claimsOf, type RouteTable } from '../access.js';
import { existingBoard } from '../boardLookup.js';
import { existingProcedure } from './procedures.js';
import { HttpError, parseBody, parseQuery } from '../errors.js';

export interface ReportRoutesOptions {
  storage: Storage;
  registry: DocumentRegistry;
  routes: RouteTable;
  audit: Audit;
  /** seals the Schutzliste (the same keys as the rest of the stored data) */
  keyring: Keyring;
  /** worker threads that build, check and render the report */
  reports: ReportPool;
}

const FORMATS: Record<ReportFormat, { type: string; extension: ReportFormat }> = {
  md: { type: 'text/markdown; charset=utf-8', extension: 'md' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  pdf: { type: 'application/pdf', extension: 'pdf' },
};

/** The report file as a download, named after its board or procedure. */
function sendFile(res: Response, name: string, draft: boolean, format: (typeof FORMATS)[ReportFormat], body: Buffer): void {
  const file = `${name.replace(/[^\p{L}\p{N}-]+/gu, '_')}${draft ? '-ENTWURF' : ''}.${format.extension}`;
  res
    .set('Cache-Control', 'no-store')
    .set('Content-Disposition', `attachment; filename="${file.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file)}`)
    .type(format.type)
    .send(body);
}

/** A pre-flight's answer, as the caller's role may see it, with the reasons of dismissed hits (board and procedure alike). */
function sendPreflight(
  res: Response,
  { hits, dismissed, dismissals }: { hits: PreflightHit[]; dismissed: PreflightHit[]; dismissals: { hitId: string; reason: string }[] },
): void {
  const shown = shownTo(claimsOf(res).role);
  const reasons = new Map(dismissals.map((d) => [d.hitId, d.reason]));
  res
    .set('Cache-Control', 'no-store')
    .json({ hits: hits.map(shown), dismissed: dismissed.map((hit) => ({ ...shown(hit), reason: reasons.get(hit.id) ?? '' })) } satisfies Preflight);
}

const DRAFT_MARK = 'INTERNER ENTWURF – NICHT ANONYMISIERT – NICHT WEITERGEBEN';

const today = () => new Intl.DateTimeFormat('de-DE').format(new Date());

/** 503 answers when a report cannot be made; the cause (it may quote board text) goes to the log only. */
const UNAVAILABLE: Record<PoolFailure, [code: string, message: string]> = {
  busy: ['report_busy', 'Too many reports are being prepared right now; try again in a minute'],
  timeout: ['report_timeout', 'Preparing the report took too long and was stopped'],
  failed: ['report_failed', 'The report could not be prepared; the cause is in the server log'],
  closed: ['server_stopping', 'The server is stopping; try again shortly'],
};

function unavailable(error: unknown): never {
  if (!(error instanceof PoolError)) throw error;
  if (error.reason === 'failed' || error.reason === 'timeout') console.error(`[qe-werkstatt] report job ${error.reason}: ${error.message}`);
  const [code, message] = UNAVAILABLE[error.reason];
  throw new HttpError(503, code, message);
}

const TERM_PROBLEM_TEXT: Record<TermProblem, string> = {
  too_few_letters: 'has fewer than two letters or digits',
  control_characters: 'contains control characters or broken Unicode',
  too_long: 'is longer than 200 characters',
};

/** A hit as the role may see it: only moderators, who keep the Schutzliste, learn that a hit comes from it. */
const shownTo = (role: Role) => (hit: PreflightHit) => (canModerate(role) ? hit : neutralHit(hit));

/**
 * Report export with the anonymisation pre-flight. The Schutzliste is kept encrypted outside the
 * Y.Doc and only moderators read or change it; an anonymised export is refused (409) while hits
 * remain; the internal draft export is for moderators and marked on every page.
 */
export function reportRoutes({ storage, registry, routes, audit, keyring, reports }: ReportRoutesOptions): Router {
  const router = Router();

  /** The sealed list: a plain array of terms before the assistant, terms with the pseudonym mapping since. */
  const readList = async (id: string): Promise<Schutzliste> => {
    const blob = await storage.secrets.getSchutzliste(id);
    if (!blob) return { terms: [], pseudonyms: [] };
    const stored = JSON.parse(keyring.openText(blob)) as string[] | Schutzliste;
    return Array.isArray(stored) ? { terms: stored, pseudonyms: [] } : stored;
  };
  const writeList = (id: string, list: Schutzliste) => storage.secrets.putSchutzliste(id, keyring.sealText(JSON.stringify(list)));
  const readTerms = async (id: string) => (await readList(id)).terms;
  /** 400 for a term pre-flight could not use: nothing is saved */
  const checkTerms = (terms: string[]) => {
    const problems = schutzlisteProblems(terms);
    if (problems.length > 0) {
      const named = problems.map(({ term, problem }) => `"${term}" ${TERM_PROBLEM_TEXT[problem]}`).join('; ');
      throw new HttpError(400, 'invalid_term', `Nothing was saved: ${named}`);
    }
    // compiled here once, so a list that saves is a list every pre-flight and export can use
    try {
      termsMatcher(terms);
    } catch (error) {
      throw new HttpError(400, 'invalid_term', `Nothing was saved: the list cannot be compiled (${(error as Error).message})`);
    }
  };
  /** People who joined the board, counted once each, by the role they joined with (the audit log holds no names for this). */
  const joinedByRole = async (id: string) => {
    const events = await storage.audit.list({ boardId: id, limit: 10_000 });
    const roles = new Map<string, Set<string>>();
    for (const event of events) {
      if (event.action !== 'board_joined' || typeof event.detail.role !== 'string') continue;
      roles.set(event.detail.role, (roles.get(event.detail.role) ?? new Set()).add(event.actor));
    }
    const order = ['moderator', 'editor', 'analyst', 'observer'];
    return [...roles].map(([role, actors]) => ({ role, count: actors.size })).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  };
  /** Pre-flight (and the file, with `render`) from a worker: this thread only copies the board's state out. */
  const check = async (
    id: string,
    { includeDiscarded = false, render, microArticle }: Pick<Partial<ReportJob>, 'includeDiscarded' | 'render' | 'microArticle'> = {},
  ) => {
    const { name } = await existingBoard(storage, id);
    const [update, terms, dismissals, joined] = await Promise.all([
      registry.withBoard(id, ({ doc }) => Y.encodeStateAsUpdate(doc)),
      readTerms(id),
      storage.secrets.listDismissals(id),
      render ? joinedByRole(id) : [],
    ]);
    const job: ReportJob = {
      boards: [{ update, name }],
      today: today(),
      includeDiscarded,
      joined,
      terms,
      dismissed: dismissals.map((d) => d.hitId),
      render,
      ...(microArticle ? { microArticle } : {}),
    };
    const result = await reports.run(job).catch(unavailable);
    if (result.missing) throw new HttpError(404, 'not_found', `No Mikroartikel ${microArticle} on this board`);
    return { ...result, name, dismissals };
  };

  /**
   * The procedure's report: every board of it in one job, the Schutzlisten and dismissals of all its
   * boards together; the boards are named by their neutral labels ("Fall A", "Strukturanalyse").
   */
  const checkProcedure = async (id: string, { includeDiscarded = false, render }: Pick<Partial<ReportJob>, 'includeDiscarded' | 'render'> = {}) => {
    const procedure = await existingProcedure(storage, id);
    const boards = await Promise.all(
      procedure.boards.map(async (board) => ({
        update: await registry.withBoard(board.id, ({ doc }) => Y.encodeStateAsUpdate(doc)),
        name: board.label,
        id: board.id,
        kind: board.kind,
        selection: board.selection,
        terms: await readTerms(board.id),
        dismissals: await storage.secrets.listDismissals(board.id),
      })),
    );
    if (boards.length === 0) throw new HttpError(409, 'procedure_empty', 'The procedure has no boards yet; add a case board first');
    const roleNames = { leitung: 'Verfahrensleitung', analyseteam: 'Analyseteam', jugendamt: 'Ansprechpersonen des Jugendamts' } as const;
    const participants = (['leitung', 'analyseteam', 'jugendamt'] as const)
      .map((role) => ({ role: roleNames[role], count: procedure.members.filter((member) => member.role === role).length }))
      .filter((entry) => entry.count > 0);
    const dismissals = boards.flatMap((board) => board.dismissals);
    const job: ReportJob = {
      boards: boards.map(({ update, name, id: boardId, kind, selection }) => ({ update, name, id: boardId, kind, selection })),
      today: today(),
      includeDiscarded,
      procedure: { office: procedure.office, procedure: procedure.title, period: procedure.period, participants, themes: procedure.themes },
      terms: [...new Set(boards.flatMap((board) => board.terms))],
      dismissed: dismissals.map((d) => d.hitId),
      render,
    };
    const result = await reports.run(job).catch(unavailable);
    return { ...result, procedure, dismissals };
  };

  routes.add(router, 'get', '/procedures/:id/preflight', 'procedure:export', async (req, res) => {
    sendPreflight(res, await checkProcedure(req.params.id));
  });

  routes.add(router, 'get', '/procedures/:id/export', 'procedure:export', async (req, res) => {
    const claims = claimsOf(res);
    const { format: formatName, includeDiscarded } = parseQuery(procedureExportQuery, req.query);
    const format = FORMATS[formatName];
    const rendered = await checkProcedure(req.params.id, { includeDiscarded, render: { format: format.extension } });
    if (rendered.hits.length > 0) {
      res.status(409).json({
        ...apiErrorBody('preflight_hits', `${rendered.hits.length} unresolved pre-flight hits`),
        hits: rendered.hits.map(shownTo(claims.role)),
      } satisfies PreflightRefused);
      return;
    }
    if (!rendered.body) throw new Error('the report worker rendered no file');
    const body = Buffer.from(rendered.body.buffer, rendered.body.byteOffset, rendered.body.byteLength);
    for (const board of rendered.procedure.boards) {
      await audit(claims, 'procedure_exported', board.id, { procedure: rendered.procedure.id, format: format.extension, includeDiscarded });
    }
    sendFile(res, `QE-Bericht-${rendered.procedure.title}`, false, format, body);
  });

  routes.add(router, 'get', '/boards/:id/schutzliste', 'board:moderate', async (req, res) => {
    await existingBoard(storage, req.params.id);
    res.set('Cache-Control', 'no-store').json((await readList(req.params.id)) satisfies Schutzliste);
  });

  routes.add(router, 'put', '/boards/:id/schutzliste', 'board:moderate', async (req, res) => {
    await existingBoard(storage, req.params.id);
    const { terms } = parseBody(schutzlisteBody, req.body);
    const unique = [...new Set(terms)];
    checkTerms(unique);
    const { pseudonyms } = await readList(req.params.id);
    await writeList(req.params.id, { terms: unique, pseudonyms });
    await audit(claimsOf(res), 'schutzliste_changed', req.params.id, { terms: unique.length });
    res.json({ terms: unique, pseudonyms } satisfies Schutzliste);
  });

  routes.add(router, 'post', '/boards/:id/pseudonyms', 'board:moderate', async (req, res) => {
    await existingBoard(storage, req.params.id);
    const { pairs, replacements } = parseBody(pseudonymsBody, req.body);
    const current = await readList(req.params.id);
    const terms = [...new Set([...current.terms, ...pairs.map((pair) => pair.real)])];
    checkTerms(terms);
    // a later mapping of the same real name replaces the earlier one
    const mapping = new Map(current.pseudonyms.map((pair) => [pair.real, pair.pseudonym]));
    for (const { real, pseudonym } of pairs) mapping.set(real, pseudonym);
    const list: Schutzliste = { terms, pseudonyms: [...mapping].map(([real, pseudonym]) => ({ real, pseudonym })) };
    await writeList(req.params.id, list);
    // counts only: the audit log must not hold the names it protects
    await audit(claimsOf(res), 'pseudonymised', req.params.id, { names: pairs.length, replacements });
    res.json(list satisfies Schutzliste);
  });

  routes.add(router, 'get', '/boards/:id/preflight', 'board:export', async (req, res) => {
    const { microArticle } = parseQuery(preflightQuery, req.query);
    sendPreflight(res, await check(req.params.id, { microArticle }));
  });

  routes.add(router, 'post', '/boards/:id/preflight/dismissals', 'board:moderate', async (req, res) => {
    const claims = claimsOf(res);
    await existingBoard(storage, req.params.id);
    const { hitId, reason } = parseBody(dismissalBody, req.body);
    await storage.secrets.addDismissal({ boardId: req.params.id, hitId, reason, dismissedBy: claims.sub, dismissedAt: new Date().toISOString() });
    await audit(claims, 'preflight_dismissed', req.params.id, { hit: hitId });
    res.status(201).json({ hitId, reason } satisfies DismissalAdded);
  });

  routes.add(router, 'get', '/boards/:id/export', 'board:export', async (req, res) => {
    const claims = claimsOf(res);
    const query = parseQuery(exportQuery, req.query);
    const format = FORMATS[query.format];
    const { draft, includeDiscarded, microArticle } = query;
    if (draft && !canModerate(claims.role)) throw new HttpError(403, 'forbidden', 'Only moderators may export the internal draft');
    const rendered = await check(req.params.id, {
      includeDiscarded,
      microArticle,
      render: { format: format.extension, ...(draft ? { draftMark: DRAFT_MARK } : {}) },
    });
    if (!draft && rendered.hits.length > 0) {
      res.status(409).json({
        ...apiErrorBody('preflight_hits', `${rendered.hits.length} unresolved pre-flight hits`),
        hits: rendered.hits.map(shownTo(claims.role)),
      } satisfies PreflightRefused);
      return;
    }
    if (!rendered.body) throw new Error('the report worker rendered no file');
    // the file crossed from the worker as a plain Uint8Array
    const body = Buffer.from(rendered.body.buffer, rendered.body.byteOffset, rendered.body.byteLength);
    await audit(claims, 'report_exported', req.params.id, { format: format.extension, draft, includeDiscarded, ...(microArticle ? { microArticle } : {}) });
    sendFile(res, `${microArticle ? 'QE-Mikroartikel' : 'QE-Bericht'}-${rendered.name}`, draft, format, body);
  });

  routes.add(router, 'post', '/boards/:id/image-export', 'board:export', async (req, res) => {
    const claims = claimsOf(res);
    const { shapeIds, format, purpose } = parseBody(imageExportBody, req.body);
    if (purpose === 'extern') {
      // the report's pre-flight (Schutzliste, aliases, dismissals), discarded entries included as cards show them, limited to what the image shows
      const { hits } = await check(req.params.id, { includeDiscarded: true });
      const places = await registry.withBoard(req.params.id, ({ doc }) => imagePlaces(doc, shapeIds));
      const inImage = hits.filter((hit) => hitInImage(hit, places));
      if (inImage.length > 0) {
        res.status(409).json({
          ...apiErrorBody('preflight_hits', `${inImage.length} unresolved pre-flight hits in the image`),
          hits: inImage.map(shownTo(claims.role)),
        } satisfies PreflightRefused);
        return;
      }
    } else {
      await existingBoard(storage, req.params.id);
    }
    await audit(claims, 'image_exported', req.params.id, { format, purpose, shapes: shapeIds.length });
    res.json({ purpose } satisfies ImageExportAllowed);
  });

  return router;
}
