import { z } from 'zod';
import type { PreflightHit } from '../anonymisation/preflight.js';
import type { ApiErrorBody } from './errors.js';
import { queryFlag } from './query.js';

export const REPORT_FORMATS = ['docx', 'pdf', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** PUT /api/boards/:id/schutzliste */
export const schutzlisteBody = z.object({ terms: z.array(z.string().trim().min(2).max(200)).max(2000) });
export type SchutzlisteBody = z.input<typeof schutzlisteBody>;

/** POST /api/boards/:id/preflight/dismissals: a moderator dismisses a false positive */
export const dismissalBody = z.object({ hitId: z.string().min(1).max(64), reason: z.string().trim().min(3, 'Begründung fehlt').max(1000) });
export type DismissalBody = z.input<typeof dismissalBody>;

/** a record id in a query string */
const recordIdParam = z.string().regex(/^[\w-]{1,64}$/, 'must be 1–64 letters, digits, - or _');

/**
 * GET /api/boards/:id/export?format=docx|pdf|md&draft=1&includeDiscarded=1; with
 * `microArticle=<id>` one Mikroartikel on its own, through the same pre-flight.
 */
export const exportQuery = z.object({
  format: z.enum(REPORT_FORMATS, 'format must be docx, pdf or md').default('docx'),
  draft: queryFlag,
  includeDiscarded: queryFlag,
  microArticle: recordIdParam.optional(),
});

/** GET /api/boards/:id/preflight?microArticle=<id>: the pre-flight of one Mikroartikel instead of the report */
export const preflightQuery = z.object({ microArticle: recordIdParam.optional() });
export type ExportQuery = z.input<typeof exportQuery>;

/** POST /api/boards/:id/pseudonyms: the assistant replaced real names; the mapping goes into the Schutzliste */
export const pseudonymsBody = z.object({
  pairs: z
    .array(z.object({ real: z.string().trim().min(2).max(200), pseudonym: z.string().trim().min(1).max(100) }))
    .min(1)
    .max(500),
  /** how many places were changed: for the audit log, which records counts only */
  replacements: z.number().int().min(0).max(1_000_000),
});
export type PseudonymsBody = z.input<typeof pseudonymsBody>;

/** A real name and the pseudonym that replaced it. */
export interface PseudonymPair {
  real: string;
  pseudonym: string;
}

/** GET/PUT /api/boards/:id/schutzliste, answer of POST /api/boards/:id/pseudonyms */
export interface Schutzliste {
  terms: string[];
  /** what the pseudonymisation assistant replaced (the real names are among the terms too) */
  pseudonyms: PseudonymPair[];
}

/** A hit a moderator dismissed, with the reason given. */
export type DismissedHit = PreflightHit & { reason: string };

/** GET /api/boards/:id/preflight */
export interface Preflight {
  hits: PreflightHit[];
  dismissed: DismissedHit[];
}

/** Answer of POST /api/boards/:id/preflight/dismissals */
export interface DismissalAdded {
  hitId: string;
  reason: string;
}

/** 409 of GET /api/boards/:id/export: the anonymised export is refused while hits remain */
export interface PreflightRefused extends ApiErrorBody {
  hits: PreflightHit[];
}

/**
 * POST /api/boards/:id/image-export: before an image of canvas shapes leaves the browser. "extern"
 * (to be passed on) runs the report's pre-flight over what the image shows and is refused (409,
 * PreflightRefused) while a hit there is unresolved; "intern" is only recorded. Both are audited.
 */
export const IMAGE_EXPORT_PURPOSES = ['intern', 'extern'] as const;
export const imageExportBody = z.object({
  shapeIds: z.array(z.string().min(1).max(200)).min(1).max(20_000),
  format: z.enum(['svg', 'png']),
  purpose: z.enum(IMAGE_EXPORT_PURPOSES),
});
export type ImageExportBody = z.input<typeof imageExportBody>;

/** Answer of POST /api/boards/:id/image-export when the image may be made */
export interface ImageExportAllowed {
  purpose: (typeof IMAGE_EXPORT_PURPOSES)[number];
}
