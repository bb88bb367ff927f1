import { z } from 'zod';
import { describeIssues } from '../describeIssues.js';
import { FACTOR_LEVELS, HOUSE_AREAS, SWOT_FIELDS } from '../records/schemas.js';

/**
 * A workshop template as data: records it seeds and how its frame lays out records on the canvas.
 * Layout kinds are the canvas' layout engines; a new template combines them with its own texts,
 * sizes and columns and needs no code.
 */
const size = z.object({ w: z.number().positive().max(2000), h: z.number().positive().max(2000) });

const swimlanesLayout = z.object({
  kind: z.literal('swimlanes'),
  /** lane label column width, column width per date, lane height */
  labelWidth: z.number().positive(),
  columnWidth: z.number().positive(),
  laneHeight: z.number().positive(),
  card: size,
  undatedTitle: z.string().min(1),
});

const reflectionLayout = z.object({
  kind: z.literal('reflection'),
  /** one key-situation record per event flagged as key situation, when missing */
  keySituationsFromFlaggedEvents: z.boolean(),
  situationCard: size,
  factorCard: size,
  factorLevels: z.array(z.enum(FACTOR_LEVELS)).min(1),
  successTitle: z.string().min(1),
  themesTitle: z.string().min(1),
  /** the findings' row under the topics ("Befund hinzufügen" puts new ones there) */
  findingsTitle: z.string().min(1).default('Befunde'),
});

const recommendationsLayout = z.object({
  kind: z.literal('recommendations'),
  columns: z.number().int().min(1).max(10),
  card: size,
});

/** four fields in a 2×2 grid (SWOT), each with its cards in rows of `perRow` */
const fourFieldLayout = z.object({
  kind: z.literal('fourField'),
  fields: z.array(z.object({ field: z.enum(SWOT_FIELDS), title: z.string().min(1), hint: z.string().default('') })).length(4),
  card: size,
  perRow: z.number().int().min(1).max(6),
});

/** Lernen vom Erfolg: per case that went well its story, what made it succeed per level, how to repeat it */
const successLayout = z.object({
  kind: z.literal('success'),
  storyCard: size,
  factorCard: size,
  /** column titles; a success factor is kept as "<level>: <text>" in the key situation's success factors */
  levels: z.array(z.string().trim().min(1).max(40)).min(1).max(8),
  storyTitle: z.string().min(1),
  repeatTitle: z.string().min(1),
});

/** Mikroartikel: one card per article in a grid; the article itself is written in the inspector */
const articlesLayout = z.object({
  kind: z.literal('articles'),
  columns: z.number().int().min(1).max(10),
  card: size,
});

/** World Café: a frame per table (its question in the title) holding the notes written there */
const cafeLayout = z.object({
  kind: z.literal('cafe'),
  tableTitle: z.string().min(1),
  /** shown while the moderator has set up no table */
  emptyHint: z.string().min(1),
  /** tables per row */
  columns: z.number().int().min(1).max(8),
  card: size,
  /** cards per row inside a table */
  perRow: z.number().int().min(1).max(6),
});

/**
 * The structural analysis as a house: a column per area (its indicators and reviewed documents),
 * grouped under their part's title (Bau, Lage, Umfeld), and the structural findings, the windows
 * into the cases, beside it.
 */
const houseLayout = z.object({
  kind: z.literal('house'),
  parts: z
    .array(
      z.object({
        title: z.string().min(1),
        /** the question this part of the house answers */
        question: z.string().min(1),
        areas: z.array(z.enum(HOUSE_AREAS)).min(1),
      }),
    )
    .min(1),
  findingsTitle: z.string().min(1),
  card: size,
});

export const templateSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'Kennung: nur Kleinbuchstaben, Ziffern und -'),
  name: z.string().min(1),
  description: z.string(),
  frame: z.object({ title: z.string().min(1), x: z.number(), y: z.number() }),
  seed: z.object({ lanes: z.array(z.string().min(1)).default([]), themes: z.array(z.string().min(1)).default([]) }).default({ lanes: [], themes: [] }),
  layout: z.discriminatedUnion('kind', [
    swimlanesLayout,
    reflectionLayout,
    recommendationsLayout,
    fourFieldLayout,
    successLayout,
    articlesLayout,
    cafeLayout,
    houseLayout,
  ]),
});

export type TemplateDefinition = z.infer<typeof templateSchema>;
export type TemplateLayout = TemplateDefinition['layout'];

export class TemplateError extends Error {}

/** Validates template data, naming every problem. */
export function parseTemplate(data: unknown, source = 'Vorlage'): TemplateDefinition {
  const result = templateSchema.safeParse(data);
  if (!result.success) {
    throw new TemplateError(`${source}: ${describeIssues(result.error).join('; ')}`);
  }
  return result.data;
}
