import { z } from 'zod';
import { DATE_PRECISIONS } from './fuzzyDate.js';

/**
 * The case-work records of a board. The canvas shows them; it does not own them. Persons carry
 * aliases only: there is deliberately no field for a real name.
 */

const id = z.string().min(1).max(64);
const text = (max = 5000) => z.string().max(max).default('');
const ids = z.array(id).default([]);

export const fuzzyDateSchema = z.object({
  text: z.string().max(100),
  precision: z.enum(DATE_PRECISIONS),
  approximate: z.boolean(),
  sortKey: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
});

export const laneSchema = z.object({
  id,
  name: z.string().trim().min(1, 'Name der Spur fehlt').max(100),
  order: z.number().int(),
});

export const personSchema = z.object({
  id,
  alias: z.string().trim().min(1, 'Alias fehlt').max(100),
  role: text(200),
  description: text(2000),
});

export const eventSchema = z.object({
  id,
  date: fuzzyDateSchema,
  laneId: id,
  fact: z.string().trim().min(1, 'Was ist passiert? fehlt').max(5000),
  knownAtTheTime: text(),
  assessment: text(),
  source: text(300),
  isKeySituation: z.boolean().default(false),
  personIds: ids,
});

export const keySituationSchema = z.object({
  id,
  title: z.string().trim().min(1, 'Titel fehlt').max(300),
  eventIds: ids,
  whatHappened: text(),
  knownAtTheTime: text(),
  whyItMadeSense: text(),
  successFactors: z.array(z.string().max(2000)).default([]),
  /** a case that went well (Lernen vom Erfolg): shown in that frame, not in "Wie konnte es dazu kommen?" */
  success: z.boolean().default(false),
});

export const FACTOR_LEVELS = ['Fachkraft', 'Team', 'Organisation', 'Kooperation', 'Rahmenbedingungen'] as const;
export type FactorLevel = (typeof FACTOR_LEVELS)[number];

export const factorSchema = z.object({
  id,
  level: z.enum(FACTOR_LEVELS),
  text: z.string().trim().min(1, 'Text fehlt').max(3000),
  themeIds: ids,
  keySituationIds: ids,
});

export const themeSchema = z.object({
  id,
  name: z.string().trim().min(1, 'Name fehlt').max(200),
});

export const evidenceSchema = z.object({
  eventIds: ids,
  keySituationIds: ids,
  factorIds: ids,
});

export const findingSchema = z.object({
  id,
  text: z.string().trim().min(1, 'Befund fehlt').max(5000),
  themeIds: ids,
  evidence: evidenceSchema.default({ eventIds: [], keySituationIds: [], factorIds: [] }),
});

export const PRIORITIES = ['hoch', 'mittel', 'niedrig'] as const;
export const RECOMMENDATION_STATUSES = ['Entwurf', 'abgestimmt', 'verworfen'] as const;

export const recommendationSchema = z
  .object({
    id,
    title: z.string().trim().min(1, 'Titel fehlt').max(300),
    findingIds: ids,
    evidence: evidenceSchema.default({ eventIds: [], keySituationIds: [], factorIds: [] }),
    /** a role or body (e.g. "Leitung ASD"), never a person */
    addressee: text(200),
    intendedOutcome: text(),
    actions: z.array(z.string().max(2000)).default([]),
    timeframe: text(200),
    priority: z.enum(PRIORITIES).default('mittel'),
    status: z.enum(RECOMMENDATION_STATUSES).default('Entwurf'),
    discardReason: text(2000),
  })
  .refine((r) => r.status !== 'verworfen' || r.discardReason.trim() !== '', {
    message: 'Eine verworfene Empfehlung braucht eine Begründung',
    path: ['discardReason'],
  });

/** The four fields of a SWOT analysis, in their order on the frame. */
export const SWOT_FIELDS = ['Stärken', 'Schwächen', 'Chancen', 'Risiken'] as const;
export type SwotField = (typeof SWOT_FIELDS)[number];

/**
 * A card of a SWOT analysis. It can be taken over as a finding or a recommendation of the
 * procedure: the ids of what it became are kept, so it is taken over once and shows where it went.
 */
export const swotItemSchema = z.object({
  id,
  field: z.enum(SWOT_FIELDS),
  text: z.string().trim().min(1, 'Text fehlt').max(3000),
  findingId: z.string().max(64).default(''),
  recommendationId: z.string().max(64).default(''),
});

/**
 * A Mikroartikel: a one-page structured article that makes a lesson learned shareable. Its four
 * sections are rich text (caseModel RICH_TEXT_FIELDS); it may refer to a key situation or a finding.
 */
export const microArticleSchema = z.object({
  id,
  title: z.string().trim().min(1, 'Titel fehlt').max(300),
  keySituationId: z.string().max(64).default(''),
  findingId: z.string().max(64).default(''),
});

export const RECORD_SCHEMAS = {
  lanes: laneSchema,
  persons: personSchema,
  events: eventSchema,
  keySituations: keySituationSchema,
  factors: factorSchema,
  themes: themeSchema,
  findings: findingSchema,
  recommendations: recommendationSchema,
  swotItems: swotItemSchema,
  microArticles: microArticleSchema,
} as const;

export type RecordKind = keyof typeof RECORD_SCHEMAS;
export type RecordOf<K extends RecordKind> = z.infer<(typeof RECORD_SCHEMAS)[K]>;
export type RecordInput<K extends RecordKind> = z.input<(typeof RECORD_SCHEMAS)[K]>;
export const RECORD_KINDS = Object.keys(RECORD_SCHEMAS) as RecordKind[];

export type Lane = RecordOf<'lanes'>;
export type Person = RecordOf<'persons'>;
export type CaseEvent = RecordOf<'events'>;
export type KeySituation = RecordOf<'keySituations'>;
export type Factor = RecordOf<'factors'>;
export type Theme = RecordOf<'themes'>;
export type Finding = RecordOf<'findings'>;
export type Recommendation = RecordOf<'recommendations'>;
export type SwotItem = RecordOf<'swotItems'>;
export type MicroArticle = RecordOf<'microArticles'>;

/** Lanes of a new chronology; editable per board. */
export const DEFAULT_LANES = ['Familie', 'ASD', 'Freier Träger', 'Kita/Schule', 'Gesundheitswesen', 'Polizei/Justiz', 'Familiengericht'] as const;

/** Quality topics seen in the pilot (DESIGN.md §1); editable per board. */
export const DEFAULT_THEMES = [
  'Fallverstehen',
  'Beteiligung von Kindern',
  'Zugang zu Eltern „im Widerstand“',
  'Einschätzung des Risikos',
  'Schutzvereinbarungen statt Auflagen und Kontrolle',
  'Konsistenz/Aktualität von Dienstanweisungen und Dokumenten',
  'Personalausstattung',
  'Kooperation und Kontrolle im Helfersystem',
  'Hilfen in Krisen',
] as const;
