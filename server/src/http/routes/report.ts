import { Router } from 'express';
import {
  buildReport,
  canvasTexts,
  canModerate,
  listRecords,
  preflight,
  readProcedureMeta,
  renderMarkdown,
  type ReportModel,
} from '@qe/shared';
import { z } from 'zod';
import { renderDocx } from '../../export/docx.js';
import { renderPdf } from '../../export/pdf.js';
import type { Audit } from '../../audit/auditLog.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { claimsOf, type RouteTable } from '../access.js';
import { HttpError, parseBody } from '../errors.js';

export interface ReportRoutesOptions {
  storage: Storage;
  registry: DocumentRegistry;
  routes: RouteTable;
  audit: Audit;
  /** seals the Schutzliste (the same keys as the rest of the stored data) */
  keyring: Keyring;
}

const FORMATS = {
  md: { type: 'text/markdown; charset=utf-8', extension: 'md' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  pdf: { type: 'application/pdf', extension: 'pdf' },
} as const;

const DRAFT_MARK = 'INTERNER ENTWURF – NICHT ANONYMISIERT – NICHT WEITERGEBEN';
const termsSchema = z.object({ terms: z.array(z.string().trim().min(2).max(200)).max(2000) });
const dismissSchema = z.object({ hitId: z.string().min(1).max(64), reason: z.string().trim().min(3, 'Begründung fehlt').max(1000) });

const today = () => new Intl.DateTimeFormat('de-DE').format(new Date());

/**
 * Report export with the anonymisation pre-flight. The Schutzliste is kept encrypted outside the
 * Y.Doc and only moderators read or change it; an anonymised export is refused (409) while hits
 * remain; the internal draft export is for moderators and marked on every page.
 */
export function reportRoutes({ storage, registry, routes, audit, keyring }: ReportRoutesOptions): Router {
  const router = Router();

  const board = async (id: string) => {
    const found = await storage.boards.get(id);
    if (!found) throw new HttpError(404, 'board_not_found', `No board with id ${id}`);
    return found;
  };
  const readTerms = async (id: string): Promise<string[]> => {
    const blob = await storage.secrets.getSchutzliste(id);
    return blob ? (JSON.parse(keyring.openText(blob)) as string[]) : [];
  };
  const reportFor = async (id: string, includeDiscarded: boolean) => {
    const { name } = await board(id);
    return registry.withBoard(id, ({ doc }) => ({
      report: buildReport([{ name, doc }], { ...readProcedureMeta(doc, today()), includeDiscarded }) as ReportModel,
      aliases: listRecords(doc, 'persons').records.map((person) => person.alias),
      canvas: canvasTexts(doc),
    }));
  };
  const check = async (id: string, includeDiscarded = false) => {
    const [{ report, aliases, canvas }, terms, dismissals] = await Promise.all([reportFor(id, includeDiscarded), readTerms(id), storage.secrets.listDismissals(id)]);
    const result = preflight(report, { protectedTerms: terms, aliases, extraTexts: canvas, dismissed: new Set(dismissals.map((d) => d.hitId)) });
    return { report, ...result, dismissals };
  };

  routes.add(router, 'get', '/boards/:id/schutzliste', 'board:moderate', async (req, res) => {
    await board(req.params.id);
    res.set('Cache-Control', 'no-store').json({ terms: await readTerms(req.params.id) });
  });

  routes.add(router, 'put', '/boards/:id/schutzliste', 'board:moderate', async (req, res) => {
    await board(req.params.id);
    const { terms } = parseBody(termsSchema, req.body);
    const unique = [...new Set(terms)];
    await storage.secrets.putSchutzliste(req.params.id, keyring.sealText(JSON.stringify(unique)));
    await audit(claimsOf(res), 'schutzliste_changed', req.params.id, { terms: unique.length });
    res.json({ terms: unique });
  });

  routes.add(router, 'get', '/boards/:id/preflight', 'board:export', async (req, res) => {
    const { hits, dismissed, dismissals } = await check(req.params.id);
    const reasons = new Map(dismissals.map((d) => [d.hitId, d.reason]));
    res.set('Cache-Control', 'no-store').json({ hits, dismissed: dismissed.map((hit) => ({ ...hit, reason: reasons.get(hit.id) ?? '' })) });
  });

  routes.add(router, 'post', '/boards/:id/preflight/dismissals', 'board:moderate', async (req, res) => {
    const claims = claimsOf(res);
    await board(req.params.id);
    const { hitId, reason } = parseBody(dismissSchema, req.body);
    await storage.secrets.addDismissal({ boardId: req.params.id, hitId, reason, dismissedBy: claims.sub, dismissedAt: new Date().toISOString() });
    await audit(claims, 'preflight_dismissed', req.params.id, { hit: hitId });
    res.status(201).json({ hitId, reason });
  });

  routes.add(router, 'get', '/boards/:id/export', 'board:export', async (req, res) => {
    const claims = claimsOf(res);
    const format = FORMATS[String(req.query.format ?? 'docx') as keyof typeof FORMATS];
    if (!format) throw new HttpError(400, 'invalid_request', 'format must be docx, pdf or md');
    const draft = req.query.draft === '1';
    if (draft && !canModerate(claims.role)) throw new HttpError(403, 'forbidden', 'Only moderators may export the internal draft');
    const { report, hits } = await check(req.params.id, req.query.includeDiscarded === '1');
    if (!draft && hits.length > 0) {
      res.status(409).json({ error: { code: 'preflight_hits', message: `${hits.length} unresolved pre-flight hits` }, hits });
      return;
    }
    const options = draft ? { draftMark: DRAFT_MARK } : {};
    const body =
      format.extension === 'md'
        ? Buffer.from(renderMarkdown(report, options), 'utf8')
        : format.extension === 'docx'
          ? await renderDocx(report, options)
          : await renderPdf(report, options);
    const { name } = await board(req.params.id);
    await audit(claims, 'report_exported', req.params.id, { format: format.extension, draft, includeDiscarded: req.query.includeDiscarded === '1' });
    const file = `QE-Bericht-${name.replace(/[^\p{L}\p{N}-]+/gu, '_')}${draft ? '-ENTWURF' : ''}.${format.extension}`;
    res
      .set('Cache-Control', 'no-store')
      .set('Content-Disposition', `attachment; filename="${file.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file)}`)
      .type(format.type)
      .send(body);
  });

  return router;
}
