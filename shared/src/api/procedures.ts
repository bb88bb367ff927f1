import { z } from 'zod';
import type { Role } from '../roles.js';
import { exportQuery } from './report.js';

/**
 * The procedure (Verfahren, § 8 LKSG NRW): an office's Qualitätsentwicklungsverfahren with its
 * case boards (one per case), one structural-analysis board, the people taking part and one report.
 */

/** The phases of a procedure, in order. */
export const PROCEDURE_PHASES = [
  'Vorbereitung',
  'Fallauswahl',
  'Fallwerkstätten',
  'Strukturanalyse',
  'Berichtsentwurf',
  'Rückmeldung an das Jugendamt',
  'Bericht im Jugendhilfeausschuss',
] as const;
export type ProcedurePhase = (typeof PROCEDURE_PHASES)[number];

/** A case board (one per analysed case) or the structural-analysis board ("das Jugendamt als Haus"). */
export const PROCEDURE_BOARD_KINDS = ['case', 'structure'] as const;
export type ProcedureBoardKind = (typeof PROCEDURE_BOARD_KINDS)[number];

/** How a case was chosen (§ 8 Abs. 3: "sowohl zielgerichtet als auch zufällig"). */
export const CASE_SELECTIONS = ['gezielt', 'zufällig'] as const;
export type CaseSelection = (typeof CASE_SELECTIONS)[number];

/**
 * Who takes part: the procedure's lead (moderation), the analysis team and the office's contacts.
 * What each may do on the procedure's boards is decided in roles.ts (procedureMemberBoardRole).
 */
export const MEMBER_ROLES = ['leitung', 'analyseteam', 'jugendamt'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

const title = z.string().trim().min(1, 'Titel fehlt').max(200);
const office = z.string().trim().min(1, 'Jugendamt fehlt').max(200);

/** POST /api/procedures */
export const procedureBody = z.object({ title, office });
export type ProcedureBody = z.input<typeof procedureBody>;

/** PATCH /api/procedures/:id: any of the fields; the themes replace the procedure's quality topics */
export const procedurePatchBody = z
  .object({
    title: title.optional(),
    office: office.optional(),
    period: z.string().trim().max(100).optional(),
    phase: z.enum(PROCEDURE_PHASES, `phase must be one of: ${PROCEDURE_PHASES.join(', ')}`).optional(),
    themes: z
      .array(z.string().trim().min(1, 'Thema ist leer').max(200))
      .min(1, 'mindestens ein Qualitätsthema')
      .max(30)
      .refine((themes) => new Set(themes.map((t) => t.toLowerCase())).size === themes.length, 'Themen kommen doppelt vor')
      .optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'give at least one of title, office, period, phase, themes');
export type ProcedurePatchBody = z.input<typeof procedurePatchBody>;

/** POST /api/procedures/:id/boards: `selection` belongs to case boards only */
export const procedureBoardBody = z
  .object({
    name: z.string().trim().min(1, 'Name fehlt').max(200),
    kind: z.enum(PROCEDURE_BOARD_KINDS, 'kind must be case or structure'),
    selection: z.enum(CASE_SELECTIONS, 'selection must be gezielt or zufällig').optional(),
  })
  .refine((body) => body.kind === 'case' || body.selection === undefined, {
    message: 'only a case board has a selection',
    path: ['selection'],
  });
export type ProcedureBoardBody = z.input<typeof procedureBoardBody>;

/** POST /api/procedures/:id/members: a role or office contact; the name is kept sealed and never enters the report */
export const memberBody = z.object({
  name: z.string().trim().min(1, 'Name fehlt').max(200),
  role: z.enum(MEMBER_ROLES, `role must be one of: ${MEMBER_ROLES.join(', ')}`),
  organisation: z.string().trim().max(200).default(''),
});
export type MemberBody = z.input<typeof memberBody>;

/** A board of a procedure: its kind, how a case was chosen and its neutral label ("Fall A", "Strukturanalyse"). */
export interface ProcedureBoard {
  id: string;
  name: string;
  kind: ProcedureBoardKind;
  /** case boards: how the case was chosen (null: not said); the structure board: null */
  selection: CaseSelection | null;
  label: string;
}

export interface ProcedureMember {
  id: string;
  name: string;
  role: MemberRole;
  organisation: string;
}

export interface Procedure {
  id: string;
  title: string;
  office: string;
  period: string;
  phase: ProcedurePhase;
  /** the quality topics of the whole procedure, shared by all its boards */
  themes: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** case boards first (by label), then the structure board */
  boards: ProcedureBoard[];
  members: ProcedureMember[];
}

/** Answer of POST /api/procedures, POST /api/procedures/:id/boards and POST /api/procedures/:id/members */
export interface Created {
  id: string;
}

/** GET /api/procedures */
export interface ProcedureList {
  procedures: Procedure[];
}

/** POST /api/procedures/:id/members/:memberId/token: a token that opens the procedure (and, by the member's role, its boards) */
export interface ProcedureToken {
  token: string;
  role: Role;
}

/** An open recommendation of a procedure's board, for the procedure page. */
export interface OpenRecommendation {
  boardId: string;
  label: string;
  title: string;
  status: string;
  priority: string;
}

/** GET /api/procedures/:id/recommendations: recommendations not yet agreed (status Entwurf), across the boards */
export interface OpenRecommendations {
  recommendations: OpenRecommendation[];
}

/**
 * A finding that a recommendation (or a structural finding's window) of another board of the
 * procedure may cite: a case board's finding or the structure board's structural finding, with its
 * number as the procedure's report gives it (records/numbering) and the start of its text.
 */
export const procedureEvidenceItemSchema = z.object({
  boardId: z.string(),
  /** the board's neutral label ("Fall B", "Strukturanalyse") */
  label: z.string(),
  kind: z.enum(['findings', 'structuralFindings']),
  id: z.string(),
  /** "Befund 3" counts across the cases, "Strukturbefund 1" on the structure board */
  number: z.number().int().positive(),
  /** how the report cites it: "Fall B, Befund 3", "Strukturbefund 1" */
  citation: z.string(),
  /** the finding's text, shortened */
  text: z.string(),
});
export type ProcedureEvidenceItem = z.infer<typeof procedureEvidenceItemSchema>;

/** GET /api/procedures/:id/evidence: every finding of the procedure's boards, in the report's order */
export const procedureEvidenceSchema = z.object({ evidence: z.array(procedureEvidenceItemSchema) });
export type ProcedureEvidence = z.infer<typeof procedureEvidenceSchema>;

/** GET /api/procedures/:id/export?format=docx|pdf|md&includeDiscarded=1: the anonymised report of the whole procedure */
export const procedureExportQuery = exportQuery.pick({ format: true, includeDiscarded: true });
export type ProcedureExportQuery = z.input<typeof procedureExportQuery>;
