import Papa from 'papaparse';
import type * as Y from 'yjs';
import { createRecord, listRecords, newRecordId } from './caseModel.js';
import { DateParseError, parseFuzzyDate } from './fuzzyDate.js';
import { eventSchema, type CaseEvent } from './schemas.js';

/**
 * Chronology import from CSV as Excel writes it: `;` (or `,` / tab), UTF-8 with or without BOM
 * or Windows-1252, quoted fields with line breaks. Two steps: `previewImport` shows every row
 * with its problems; `applyImport` writes all rows in one transaction or nothing.
 */

export type CsvEncoding = 'utf-8-bom' | 'utf-8' | 'windows-1252';

/** Decodes file bytes: a BOM or valid UTF-8 means UTF-8, anything else is read as Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

export interface CsvTable {
  delimiter: string;
  headers: string[];
  /** data rows; `line` is the 1-based line in the file where the row starts */
  rows: { line: number; cells: string[] }[];
}

export class CsvFormatError extends Error {}

export function parseCsv(text: string): CsvTable {
  const result = Papa.parse<string[]>(text, { delimiter: '', delimitersToGuess: [';', '\t', ','], skipEmptyLines: 'greedy' });
  const fatal = result.errors.find((error) => error.type === 'Quotes');
  if (fatal)
    throw new CsvFormatError(
      `Zeile ${(fatal.row ?? 0) + 1}: ${fatal.message === 'Quoted field unterminated' ? 'Anführungszeichen nicht geschlossen' : fatal.message}`,
    );
  const [headers, ...data] = result.data;
  if (!headers || headers.every((cell) => cell.trim() === '')) throw new CsvFormatError('Die Datei ist leer oder hat keine Kopfzeile.');
  // count physical lines so messages point to where a row starts in the file
  let line = 2 + countLineBreaks(headers);
  const rows = data.map((cells) => {
    const row = { line, cells };
    line += 1 + countLineBreaks(cells);
    return row;
  });
  return { delimiter: result.meta.delimiter, headers: headers.map((h) => h.trim()), rows };
}

const countLineBreaks = (cells: string[]) => cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** Event fields a column can fill. */
export const IMPORT_FIELDS = ['date', 'lane', 'fact', 'knownAtTheTime', 'assessment', 'source', 'isKeySituation', 'persons'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

const HEADER_NAMES: Record<ImportField, string[]> = {
  date: ['datum', 'zeitpunkt', 'wann', 'date'],
  lane: ['akteur', 'akteur*in', 'spur', 'stelle', 'institution', 'wer', 'beteiligte stelle', 'lane', 'actor'],
  fact: ['ereignis', 'was ist passiert', 'was ist passiert?', 'geschehen', 'sachverhalt', 'event', 'what happened'],
  knownAtTheTime: ['wissensstand damals', 'wissensstand', 'was wusste man damals', 'was wusste man damals?', 'known at the time'],
  assessment: ['einschätzung/entscheidung', 'einschätzung', 'entscheidung', 'bewertung', 'einschätzung / entscheidung', 'assessment'],
  source: ['quelle', 'fundstelle', 'aktenstelle', 'source'],
  isKeySituation: ['schlüsselsituation', 'schluesselsituation', 'key situation'],
  persons: ['personen', 'beteiligte personen', 'beteiligte', 'persons'],
};

const normalize = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');

/** Column index → field, by header name; unknown headers map to null for the user to decide. */
export function guessMapping(headers: string[]): (ImportField | null)[] {
  const used = new Set<ImportField>();
  return headers.map((header) => {
    const name = normalize(header);
    const field = IMPORT_FIELDS.find((candidate) => !used.has(candidate) && HEADER_NAMES[candidate].includes(name)) ?? null;
    if (field) used.add(field);
    return field;
  });
}

export interface PreviewRow {
  line: number;
  /** the event as it would be created (without id); absent when the row has errors */
  event?: Omit<CaseEvent, 'id' | 'laneId' | 'personIds'> & { laneName: string; personAliases: string[] };
  errors: string[];
}

export interface ImportPreview {
  rows: PreviewRow[];
  /** actor values that are not a lane yet: offered as new lanes */
  newLanes: string[];
  /** person aliases not in the register */
  unknownPersons: string[];
  errorCount: number;
}

const TRUE_VALUES = new Set(['x', 'ja', 'j', '1', 'true', 'wahr', '✓', '✔', 'yes']);

export function previewImport(doc: Y.Doc, table: CsvTable, mapping: (ImportField | null)[]): ImportPreview {
  const column = (field: ImportField) => mapping.indexOf(field);
  const missing = (['date', 'lane', 'fact'] as const).filter((field) => column(field) < 0);
  const laneNames = new Set(listRecords(doc, 'lanes').records.map((lane) => lane.name.toLowerCase()));
  const aliases = new Set(listRecords(doc, 'persons').records.map((person) => person.alias.toLowerCase()));
  const newLanes: string[] = [];
  const unknownPersons: string[] = [];
  const cell = (cells: string[], field: ImportField) => (column(field) < 0 ? '' : (cells[column(field)] ?? '').trim());

  const rows = table.rows.map(({ line, cells }): PreviewRow => {
    const errors = missing.map((field) => `Spalte für „${FIELD_LABELS[field]}“ fehlt`);
    if (missing.length > 0) return { line, errors };
    if (cells.length > table.headers.length && cells.slice(table.headers.length).some((c) => c.trim() !== '')) {
      errors.push(`mehr Zellen (${cells.length}) als Spalten (${table.headers.length})`);
    }
    let date;
    try {
      date = parseFuzzyDate(cell(cells, 'date'));
    } catch (error) {
      errors.push(error instanceof DateParseError ? error.message : String(error));
    }
    const laneName = cell(cells, 'lane');
    if (laneName === '') errors.push('Akteur/Spur fehlt');
    else if (!laneNames.has(laneName.toLowerCase()) && !newLanes.some((n) => n.toLowerCase() === laneName.toLowerCase())) newLanes.push(laneName);
    const personAliases = cell(cells, 'persons')
      .split(/[,;]\s*/)
      .map((a) => a.trim())
      .filter(Boolean);
    for (const alias of personAliases) {
      if (!aliases.has(alias.toLowerCase()) && !unknownPersons.includes(alias)) unknownPersons.push(alias);
    }
    const candidate = {
      date,
      laneId: 'pending',
      fact: cell(cells, 'fact'),
      knownAtTheTime: cell(cells, 'knownAtTheTime'),
      assessment: cell(cells, 'assessment'),
      source: cell(cells, 'source'),
      isKeySituation: TRUE_VALUES.has(cell(cells, 'isKeySituation').toLowerCase()),
      personIds: [],
      id: 'preview',
    };
    const checked = eventSchema.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) if (issue.path[0] !== 'date') errors.push(issue.message);
    }
    if (errors.length > 0 || !checked.success) return { line, errors };
    const { id: _id, laneId: _lane, personIds: _persons, ...event } = checked.data;
    return { line, errors, event: { ...event, laneName, personAliases } };
  });
  return { rows, newLanes, unknownPersons, errorCount: rows.filter((row) => row.errors.length > 0).length };
}

export const FIELD_LABELS: Record<ImportField, string> = {
  date: 'Datum',
  lane: 'Akteur/Spur',
  fact: 'Was ist passiert?',
  knownAtTheTime: 'Was wusste man damals?',
  assessment: 'Einschätzung/Entscheidung',
  source: 'Quelle',
  isKeySituation: 'Schlüsselsituation',
  persons: 'Beteiligte Personen',
};

export class ImportRefusedError extends Error {}

export interface ApplyOptions {
  /** import the rows without errors and leave out the others */
  skipInvalid?: boolean;
  /** new actor value → id of an existing lane to use instead of creating a lane */
  laneChoices?: Record<string, string>;
  /** transaction origin, so the importing user can undo the import as one step */
  origin?: unknown;
}

/**
 * Writes the previewed events in one transaction: new lanes (unless mapped to existing ones) and
 * unknown persons are created, then every event. While rows have errors nothing is written,
 * unless `skipInvalid` is given.
 */
export function applyImport(doc: Y.Doc, preview: ImportPreview, options: ApplyOptions = {}): number {
  if (preview.errorCount > 0 && !options.skipInvalid) {
    throw new ImportRefusedError(`${preview.errorCount} Zeile(n) haben Fehler; es wurde nichts importiert.`);
  }
  const valid = preview.rows.filter((row) => row.event);
  doc.transact(() => {
    const lanes = listRecords(doc, 'lanes').records;
    const laneIds = new Map(lanes.map((lane) => [lane.name.toLowerCase(), lane.id]));
    let order = Math.max(0, ...lanes.map((lane) => lane.order + 1));
    for (const name of preview.newLanes) {
      if (laneIds.has(name.toLowerCase())) continue;
      const chosen = options.laneChoices?.[name];
      laneIds.set(name.toLowerCase(), chosen && lanes.some((lane) => lane.id === chosen) ? chosen : createRecord(doc, 'lanes', { name, order: order++ }).id);
    }
    const personIds = new Map(listRecords(doc, 'persons').records.map((person) => [person.alias.toLowerCase(), person.id]));
    for (const alias of preview.unknownPersons) {
      if (!personIds.has(alias.toLowerCase())) personIds.set(alias.toLowerCase(), createRecord(doc, 'persons', { alias }).id);
    }
    for (const row of valid) {
      const { laneName, personAliases, ...event } = row.event!;
      createRecord(doc, 'events', {
        ...event,
        id: newRecordId('evt'),
        laneId: laneIds.get(laneName.toLowerCase())!,
        personIds: personAliases.map((alias) => personIds.get(alias.toLowerCase())!),
      });
    }
  }, options.origin);
  return valid.length;
}

/** The outcome of a scripted import, as the API reports it. */
export interface ImportReport {
  imported: number;
  errors: { line: number; message: string }[];
}

/** Reads CSV bytes; a file that cannot be parsed at all becomes one error. */
export function readCsvTable(bytes: Uint8Array): CsvTable | ImportReport {
  try {
    return parseCsv(decodeCsvBytes(bytes).text);
  } catch (error) {
    if (error instanceof CsvFormatError) {
      const line = Number(/^Zeile (\d+)/.exec(error.message)?.[1] ?? 1);
      return { imported: 0, errors: [{ line, message: error.message }] };
    }
    throw error;
  }
}

export const rowErrors = (rows: { line: number; errors: string[] }[]) => rows.flatMap((row) => row.errors.map((message) => ({ line: row.line, message })));

/** Chronology import in one call: headers mapped by name, `dryRun` validates only. */
export function importChronology(doc: Y.Doc, bytes: Uint8Array, options: { dryRun?: boolean; skipInvalid?: boolean } = {}): ImportReport {
  const table = readCsvTable(bytes);
  if (!('headers' in table)) return table;
  const preview = previewImport(doc, table, guessMapping(table.headers));
  const errors = rowErrors(preview.rows);
  const importable = preview.rows.filter((row) => row.event).length;
  if (errors.length > 0 && !options.skipInvalid) return { imported: 0, errors };
  if (options.dryRun) return { imported: importable, errors };
  return { imported: applyImport(doc, preview, { skipInvalid: options.skipInvalid }), errors };
}
