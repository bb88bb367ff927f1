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

/** Evidence in another board of the same procedure: a finding of a case, or a structural finding. */
export const boardEvidenceSchema = z.object({ boardId: id, kind: z.enum(['findings', 'structuralFindings']), id });

export const evidenceSchema = z.object({
  eventIds: ids,
  keySituationIds: ids,
  factorIds: ids,
  /** this board's structural findings (the structure board) */
  structuralFindingIds: ids,
  /** findings in the procedure's other boards */
  boards: z.array(boardEvidenceSchema).default([]),
});

export const findingSchema = z.object({
  id,
  text: z.string().trim().min(1, 'Befund fehlt').max(5000),
  themeIds: ids,
  evidence: evidenceSchema.default({ eventIds: [], keySituationIds: [], factorIds: [], structuralFindingIds: [], boards: [] }),
});

export const PRIORITIES = ['hoch', 'mittel', 'niedrig'] as const;
export const RECOMMENDATION_STATUSES = ['Entwurf', 'abgestimmt', 'verworfen'] as const;

export const recommendationSchema = z
  .object({
    id,
    title: z.string().trim().min(1, 'Titel fehlt').max(300),
    findingIds: ids,
    evidence: evidenceSchema.default({ eventIds: [], keySituationIds: [], factorIds: [], structuralFindingIds: [], boards: [] }),
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

/**
 * A note written at a World Café table: it stays with its table (the table's frame keeps it) and
 * records the round it was written in, so the harvest can show how the conversation grew.
 */
export const cafeNoteSchema = z.object({
  id,
  tableId: id,
  text: z.string().trim().min(1, 'Text fehlt').max(3000),
  round: z.number().int().min(1).max(99).default(1),
});

/**
 * The structural analysis ("das Jugendamt als Haus"): the house's construction (its first four
 * areas), its location (soziale Lage) and its surroundings (soziale Infrastruktur). The windows
 * into the house are the case boards' findings a structural finding points to.
 */
export const HOUSE_AREAS = [
  'Dienstanweisungen und Vorlagen',
  'Personal und Organisation',
  'Verfahren',
  'Befragungsergebnisse',
  'Soziale Lage',
  'Soziale Infrastruktur',
] as const;
export type HouseArea = (typeof HOUSE_AREAS)[number];

/** Which part of the house an area belongs to. */
export const HOUSE_PARTS: Record<HouseArea, 'Bau' | 'Lage' | 'Umfeld'> = {
  'Dienstanweisungen und Vorlagen': 'Bau',
  'Personal und Organisation': 'Bau',
  Verfahren: 'Bau',
  Befragungsergebnisse: 'Bau',
  'Soziale Lage': 'Lage',
  'Soziale Infrastruktur': 'Umfeld',
};

/** An indicator of structural quality: an official statistic, staffing figure, survey result … */
export const indicatorSchema = z.object({
  id,
  area: z.enum(HOUSE_AREAS, 'Bereich ist keiner der Bereiche des Hauses').default('Personal und Organisation'),
  name: z.string().trim().min(1, 'Name des Indikators fehlt').max(300),
  value: z.string().trim().min(1, 'Wert fehlt').max(100),
  unit: text(50),
  year: z.number().int('Jahr ist keine ganze Zahl').min(1900, 'Jahr vor 1900').max(2100, 'Jahr nach 2100').nullable().default(null),
  source: text(300),
  /** e.g. the state's or a comparable office's value */
  comparison: text(100),
  note: text(2000),
});

export const DOCUMENT_STATUSES = ['aktuell', 'veraltet', 'fehlt'] as const;

/** A service instruction, form or procedure description the analysis team reviewed. */
export const reviewedDocumentSchema = z.object({
  id,
  area: z.enum(HOUSE_AREAS, 'Bereich ist keiner der Bereiche des Hauses').default('Dienstanweisungen und Vorlagen'),
  title: z.string().trim().min(1, 'Titel fehlt').max(300),
  date: fuzzyDateSchema.nullable().default(null),
  status: z.enum(DOCUMENT_STATUSES, 'Status muss aktuell, veraltet oder fehlt sein').default('aktuell'),
  finding: text(3000),
});

/** A finding of a case board of the same procedure, seen through its window: board id and finding id. */
export const windowSchema = z.object({ boardId: id, findingId: id });

/** A finding about the house, supported by indicators and documents and by windows into the cases. */
export const structuralFindingSchema = z.object({
  id,
  text: z.string().trim().min(1, 'Befund fehlt').max(5000),
  themeIds: ids,
  indicatorIds: ids,
  documentIds: ids,
  windows: z.array(windowSchema).default([]),
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
  cafeNotes: cafeNoteSchema,
  indicators: indicatorSchema,
  reviewedDocuments: reviewedDocumentSchema,
  structuralFindings: structuralFindingSchema,
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
export type CafeNote = RecordOf<'cafeNotes'>;
export type Indicator = RecordOf<'indicators'>;
export type ReviewedDocument = RecordOf<'reviewedDocuments'>;
export type StructuralFinding = RecordOf<'structuralFindings'>;

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
