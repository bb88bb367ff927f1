import { z } from 'zod';
import * as Y from 'yjs';
import { createRecord, listRecords, migrateCaseModel } from '../records/caseModel.js';
import { guessMapping, importChronology, readCsvTable, type ImportReport } from '../records/csvImport.js';
import { parseFuzzyDate } from '../records/fuzzyDate.js';
import { importPersons } from '../records/personsImport.js';
import { FACTOR_LEVELS, PRIORITIES } from '../records/schemas.js';
import { isEmptyRichText, reportText } from '../report/reportTexts.js';
import { applyTemplate } from '../templates/apply.js';
import type { TemplateDefinition } from '../templates/schema.js';

/**
 * The project's own example case: a fictional, pseudonymised child-protection case in
 * `shared/examples/fall-beispiel/` (chronology and person register as Excel saves CSV, the
 * workshop's reflection as JSON). Tests build their boards from it, and "Beispiel-Board anlegen"
 * fills a new board with it. The files are package files of @qe/shared
 * (`@qe/shared/examples/fall-beispiel/…`); this module only turns their bytes into records.
 */
export const EXAMPLE_CASE = {
  boardName: 'Beispiel: Fall Familie S. (fiktiv)',
  /** the folder of the files, relative to the @qe/shared package */
  folder: 'examples/fall-beispiel',
  files: { chronology: 'chronologie.csv', persons: 'personen.csv', reflection: 'reflexion.json' },
} as const;

export interface ExampleCaseFiles {
  chronology: Uint8Array;
  persons: Uint8Array;
  reflection: Uint8Array;
}

const factorSchema = z.object({
  ebene: z.enum(FACTOR_LEVELS),
  text: z.string().min(1),
  /** names from `themen` the factor is sorted under */
  themen: z.array(z.string()).default([]),
});

/** The reflection file: key situations with their factors, quality topics and recommendations; dates refer to chronology rows by their date text. */
export const exampleReflectionSchema = z.object({
  /** the report's summary and the case sketch, one paragraph per entry */
  zusammenfassung: z.array(z.string().min(1)).default([]),
  fallskizze: z.array(z.string().min(1)).default([]),
  schluesselsituationen: z.array(
    z.object({
      titel: z.string().min(1),
      datum: z.string().min(1),
      was_ist_passiert: z.string(),
      wissensstand_damals: z.string(),
      warum_sinnvoll_damals: z.string(),
      einflussfaktoren: z.array(factorSchema),
      gelingensfaktoren: z.array(z.string()),
    }),
  ),
  themen: z.array(z.string().min(1)),
  empfehlungen: z.array(
    z.object({
      titel: z.string().min(1),
      befund: z.string().min(1),
      empfehlung: z.string().min(1),
      wirkung: z.string().default(''),
      ebene: z.enum(FACTOR_LEVELS).optional(),
      verantwortlich: z.string(),
      prioritaet: z.enum(PRIORITIES),
      zeitrahmen: z.string(),
      themen: z.array(z.string()).default([]),
      belege: z.array(z.string()),
    }),
  ),
});
export type ExampleReflection = z.infer<typeof exampleReflectionSchema>;

/** Plain paragraphs into an empty tiptap fragment (a text someone already wrote stays). */
function writeParagraphs(fragment: Y.XmlFragment, paragraphs: string[]): void {
  if (paragraphs.length === 0 || !isEmptyRichText(fragment)) return;
  fragment.insert(
    fragment.length,
    paragraphs.map((words) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(words)]);
      return paragraph;
    }),
  );
}

/** The example files do not fit together (or the board already holds them); nothing was written. */
export class ExampleCaseError extends Error {}

export function parseExampleReflection(bytes: Uint8Array): ExampleReflection {
  const parsed = exampleReflectionSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExampleCaseError(`${EXAMPLE_CASE.files.reflection}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

const refuseOnErrors = (file: string, report: ImportReport) => {
  const first = report.errors[0];
  if (first) throw new ExampleCaseError(`${file}, Zeile ${first.line}: ${first.message}`);
};

/** The date texts of the chronology rows, as the import stores them (event.date.text). */
function chronologyDates(bytes: Uint8Array): Set<string> {
  const table = readCsvTable(bytes);
  if (!('headers' in table)) return new Set();
  const column = guessMapping(table.headers).indexOf('date');
  return new Set(table.rows.map((row) => parseFuzzyDate(row.cells[column] ?? '').text));
}

/** Checks everything before anything is written: the imports, and every date and topic the reflection refers to. */
function validate(doc: Y.Doc, files: ExampleCaseFiles, reflection: ExampleReflection): void {
  refuseOnErrors(EXAMPLE_CASE.files.persons, importPersons(doc, files.persons, { dryRun: true }));
  refuseOnErrors(EXAMPLE_CASE.files.chronology, importChronology(doc, files.chronology, { dryRun: true }));
  const dates = chronologyDates(files.chronology);
  const themes = new Set(reflection.themen);
  const where = (place: string, date: string) => {
    if (!dates.has(date))
      throw new ExampleCaseError(`${EXAMPLE_CASE.files.reflection}: ${place} nennt „${date}“, die Chronologie hat kein Ereignis mit diesem Datum`);
  };
  const topics = (place: string, names: string[]) => {
    for (const name of names)
      if (!themes.has(name)) throw new ExampleCaseError(`${EXAMPLE_CASE.files.reflection}: ${place} nennt das Thema „${name}“, das unter „themen“ fehlt`);
  };
  for (const situation of reflection.schluesselsituationen) {
    where(`„${situation.titel}“`, situation.datum);
    for (const factor of situation.einflussfaktoren) topics(`„${situation.titel}“`, factor.themen);
  }
  for (const recommendation of reflection.empfehlungen) {
    for (const date of recommendation.belege) where(`„${recommendation.titel}“`, date);
    topics(`„${recommendation.titel}“`, recommendation.themen);
  }
}

export interface ExampleCaseCounts {
  events: number;
  persons: number;
  keySituations: number;
  factors: number;
  findings: number;
  recommendations: number;
}

/**
 * Fills a board with the example case in one transaction: the person register, then the
 * chronology (its "Beteiligte" column links events to the registered persons), the quality
 * topics (those missing by name), key situations with their factors, and a finding with a
 * recommendation for each entry of `empfehlungen`; then applies `templates` (which also creates
 * a key situation for each flagged event the reflection leaves out). Throws ExampleCaseError,
 * with nothing written, when the files do not fit together or the board already has the persons.
 */
export function fillExampleCase(doc: Y.Doc, files: ExampleCaseFiles, templates: readonly TemplateDefinition[] = []): ExampleCaseCounts {
  const reflection = parseExampleReflection(files.reflection);
  validate(doc, files, reflection);
  let counts: ExampleCaseCounts | undefined;
  doc.transact(() => {
    migrateCaseModel(doc);
    const persons = importPersons(doc, files.persons);
    const events = importChronology(doc, files.chronology);

    const themeIds = new Map(listRecords(doc, 'themes').records.map((theme) => [theme.name.toLowerCase(), theme.id]));
    for (const name of reflection.themen) {
      if (!themeIds.has(name.toLowerCase())) themeIds.set(name.toLowerCase(), createRecord(doc, 'themes', { name }).id);
    }
    const themesOf = (names: string[]) => names.map((name) => themeIds.get(name.toLowerCase())!);
    const eventRecords = listRecords(doc, 'events').records;
    const eventsOn = (date: string) => eventRecords.filter((event) => event.date.text === date).map((event) => event.id);

    let factors = 0;
    for (const situation of reflection.schluesselsituationen) {
      const keySituation = createRecord(doc, 'keySituations', {
        title: situation.titel,
        eventIds: eventsOn(situation.datum),
        whatHappened: situation.was_ist_passiert,
        knownAtTheTime: situation.wissensstand_damals,
        whyItMadeSense: situation.warum_sinnvoll_damals,
        successFactors: situation.gelingensfaktoren,
      });
      for (const factor of situation.einflussfaktoren) {
        createRecord(doc, 'factors', { level: factor.ebene, text: factor.text, keySituationIds: [keySituation.id], themeIds: themesOf(factor.themen) });
        factors++;
      }
    }
    for (const recommendation of reflection.empfehlungen) {
      const evidence = { eventIds: recommendation.belege.flatMap(eventsOn), keySituationIds: [], factorIds: [] };
      const finding = createRecord(doc, 'findings', { text: recommendation.befund, themeIds: themesOf(recommendation.themen), evidence });
      createRecord(doc, 'recommendations', {
        title: recommendation.titel,
        findingIds: [finding.id],
        evidence,
        addressee: recommendation.verantwortlich,
        intendedOutcome: recommendation.wirkung,
        actions: [recommendation.empfehlung],
        timeframe: recommendation.zeitrahmen,
        priority: recommendation.prioritaet,
      });
    }
    writeParagraphs(reportText(doc, 'summary'), reflection.zusammenfassung);
    writeParagraphs(reportText(doc, 'caseSketch'), reflection.fallskizze);
    for (const template of templates) applyTemplate(doc, template);
    counts = {
      events: events.imported,
      persons: persons.imported,
      keySituations: listRecords(doc, 'keySituations').records.length,
      factors,
      findings: reflection.empfehlungen.length,
      recommendations: reflection.empfehlungen.length,
    };
  });
  return counts!;
}
