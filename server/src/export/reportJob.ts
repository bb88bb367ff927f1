import {
  buildMicroArticleReport,
  buildReport,
  canvasTexts,
  listRecords,
  preflight,
  readProcedureMeta,
  renderMarkdown,
  type PreflightHit,
  type ProcedureMeta,
  type ReportFormat,
  type ReportModel,
} from '@qe/shared';
import * as Y from 'yjs';

export type { ReportFormat };

/** A board of the report: its Y.Doc as one update (Y.encodeStateAsUpdate) and its place in it. */
export interface ReportJobBoard {
  update: Uint8Array;
  /** as the report names it: the board's name, or in a procedure its label ("Fall A") */
  name: string;
  id?: string;
  kind?: 'case' | 'structure';
  selection?: 'gezielt' | 'zufällig' | null;
}

/** Everything a report worker needs: plain data, so it crosses the thread boundary by copy. */
export interface ReportJob {
  /** one board, or the boards of a procedure (its cases and its structure board) */
  boards: ReportJobBoard[];
  /** the cover date, formatted by the server */
  today: string;
  includeDiscarded: boolean;
  /** who joined the board, by role (audit log): the report's participants when none were entered */
  joined?: { role: string; count: number }[];
  /** a procedure's own data: it replaces what the first board's report data says */
  procedure?: Pick<ProcedureMeta, 'office' | 'procedure' | 'period' | 'participants' | 'themes'>;
  /** the Schutzliste (of a procedure: every board's lists together, so a name protected on one board is protected on all) */
  terms: string[];
  /** ids of hits dismissed as false positives (on any of the boards) */
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

/** Builds the report from the boards' state, runs the pre-flight over all of it and renders the file. CPU-heavy: runs in a worker. */
export async function runReportJob(job: ReportJob): Promise<ReportJobResult> {
  const boards = job.boards.map(({ update, ...board }) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return { ...board, doc };
  });
  const meta = { ...readProcedureMeta(boards[0]!.doc, job.today), ...job.procedure };
  // a Mikroartikel is one board's (the first and only board of its job)
  const report: ReportModel | undefined =
    job.microArticle === undefined
      ? buildReport(boards, { ...meta, includeDiscarded: job.includeDiscarded, joined: job.joined ?? [] })
      : buildMicroArticleReport(boards[0]!, job.microArticle, {
          office: meta.office,
          procedure: meta.procedure,
          period: meta.period,
          date: meta.date,
          version: meta.version,
          status: meta.final ? 'Endfassung' : 'Entwurf',
        });
  if (!report) {
    for (const { doc } of boards) doc.destroy();
    return { hits: [], dismissed: [], missing: true };
  }
  const result = preflight(report, {
    protectedTerms: job.terms,
    aliases: boards.flatMap(({ doc }) => listRecords(doc, 'persons').records.map((person) => person.alias)),
    // as on the board itself, so a hit dismissed there is dismissed here too; the canvas' free
    // texts belong to the report, not to one article
    extraTexts: job.microArticle === undefined ? boards.flatMap(({ doc }) => canvasTexts(doc)) : [],
    dismissed: new Set(job.dismissed),
  });
  for (const { doc } of boards) doc.destroy();
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
