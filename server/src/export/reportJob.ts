import {
  buildMicroArticleReport,
  buildReport,
  canvasTexts,
  listRecords,
  preflight,
  readProcedureMeta,
  renderMarkdown,
  type PreflightHit,
  type ReportFormat,
  type ReportModel,
} from '@qe/shared';
import * as Y from 'yjs';

export type { ReportFormat };

/** Everything a report worker needs: plain data, so it crosses the thread boundary by copy. */
export interface ReportJob {
  /** the board's Y.Doc as one update (Y.encodeStateAsUpdate) */
  update: Uint8Array;
  boardName: string;
  /** the cover date, formatted by the server */
  today: string;
  includeDiscarded: boolean;
  /** who joined the board, by role (audit log): the report's participants when none were entered */
  joined?: { role: string; count: number }[];
  /** the Schutzliste */
  terms: string[];
  /** ids of hits dismissed as false positives */
  dismissed: string[];
  /** one Mikroartikel (its id) instead of the report */
  microArticle?: string;
  /** render the report too; without a draft mark only when no hit remains */
  render?: { format: ReportFormat; draftMark?: string };
}

export interface ReportJobResult {
  hits: PreflightHit[];
  dismissed: PreflightHit[];
  /** the Mikroartikel asked for does not exist */
  missing?: boolean;
  /** the rendered file, when `render` was asked for and allowed */
  body?: Uint8Array;
}

/** Builds the report from the board's state, runs the pre-flight and renders the file. CPU-heavy: runs in a worker. */
export async function runReportJob(job: ReportJob): Promise<ReportJobResult> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, job.update);
  const meta = readProcedureMeta(doc, job.today);
  const board = { name: job.boardName, doc };
  const report: ReportModel | undefined =
    job.microArticle === undefined
      ? buildReport([board], { ...meta, includeDiscarded: job.includeDiscarded, joined: job.joined ?? [] })
      : buildMicroArticleReport(board, job.microArticle, {
          office: meta.office,
          procedure: meta.procedure,
          period: meta.period,
          date: meta.date,
          version: meta.version,
          status: meta.final ? 'Endfassung' : 'Entwurf',
        });
  if (!report) {
    doc.destroy();
    return { hits: [], dismissed: [], missing: true };
  }
  const result = preflight(report, {
    protectedTerms: job.terms,
    aliases: listRecords(doc, 'persons').records.map((person) => person.alias),
    // the canvas' free texts belong to the report, not to one article
    extraTexts: job.microArticle === undefined ? canvasTexts(doc) : [],
    dismissed: new Set(job.dismissed),
  });
  doc.destroy();
  const { render } = job;
  if (!render || (!render.draftMark && result.hits.length > 0)) return result;
  const options = render.draftMark ? { draftMark: render.draftMark } : {};
  // the renderers load on first use, so a worker that only runs pre-flights starts faster
  const body =
    render.format === 'md'
      ? Buffer.from(renderMarkdown(report, options), 'utf8')
      : render.format === 'docx'
        ? await (await import('./docx.js')).renderDocx(report, options)
        : await (await import('./pdf.js')).renderPdf(report, options);
  return { ...result, body };
}
