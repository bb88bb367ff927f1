import type * as Y from 'yjs';
import { createRecord } from './caseModel.js';
import { ImportRefusedError, readCsvTable, rowErrors, type ApplyOptions, type CsvTable, type ImportReport } from './csvImport.js';
import { HOUSE_AREAS, indicatorSchema, type Indicator } from './schemas.js';

/**
 * Indicator import for the structural analysis (official statistics, staffing, survey results),
 * from CSV as Excel writes it: the chronology's reading of the file (csvImport), one indicator per
 * row, columns found by their German names.
 */
const HEADERS = {
  name: ['indikator', 'name', 'kennzahl', 'merkmal'],
  value: ['wert'],
  unit: ['einheit'],
  year: ['jahr', 'stichjahr', 'stand'],
  source: ['quelle'],
  comparison: ['vergleichswert', 'vergleich', 'vergleichswert (nrw)'],
  note: ['anmerkung', 'notiz', 'hinweis', 'bemerkung'],
  area: ['bereich'],
} as const;

type Field = keyof typeof HEADERS;

export interface IndicatorPreview {
  rows: { line: number; indicator?: Omit<Indicator, 'id'>; errors: string[] }[];
  errorCount: number;
}

export function previewIndicators(table: CsvTable): IndicatorPreview {
  const column = (field: Field) => table.headers.findIndex((header) => (HEADERS[field] as readonly string[]).includes(header.trim().toLowerCase()));
  const columns = Object.fromEntries((Object.keys(HEADERS) as Field[]).map((field) => [field, column(field)])) as Record<Field, number>;
  const rows = table.rows.map(({ line, cells }) => {
    if (columns.name < 0 || columns.value < 0) return { line, errors: [`Spalte „${columns.name < 0 ? 'Indikator' : 'Wert'}“ fehlt`] };
    const cell = (field: Field) => (columns[field] < 0 ? '' : (cells[columns[field]] ?? '').trim());
    const errors: string[] = [];
    const yearText = cell('year');
    const year = yearText === '' ? null : /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (Number.isNaN(year)) errors.push(`Jahr „${yearText}“ ist keine Jahreszahl`);
    const areaText = cell('area');
    const area = areaText === '' ? undefined : HOUSE_AREAS.find((candidate) => candidate.toLowerCase() === areaText.toLowerCase());
    if (areaText !== '' && !area) errors.push(`Bereich „${areaText}“ ist keiner von: ${HOUSE_AREAS.join(', ')}`);
    const candidate = {
      id: 'preview',
      name: cell('name'),
      value: cell('value'),
      unit: cell('unit'),
      year: Number.isNaN(year) ? null : year,
      source: cell('source'),
      comparison: cell('comparison'),
      note: cell('note'),
      ...(area ? { area } : {}),
    };
    const checked = indicatorSchema.safeParse(candidate);
    if (!checked.success) errors.push(...checked.error.issues.map((issue) => issue.message));
    if (errors.length > 0 || !checked.success) return { line, errors };
    const { id: _id, ...indicator } = checked.data;
    return { line, indicator, errors };
  });
  return { rows, errorCount: rows.filter((row) => row.errors.length > 0).length };
}

export function applyIndicators(doc: Y.Doc, preview: IndicatorPreview, options: ApplyOptions = {}): number {
  if (preview.errorCount > 0 && !options.skipInvalid) {
    throw new ImportRefusedError(`${preview.errorCount} Zeile(n) haben Fehler; es wurde nichts importiert.`);
  }
  const valid = preview.rows.filter((row) => row.indicator);
  doc.transact(() => {
    for (const row of valid) createRecord(doc, 'indicators', row.indicator!);
  }, options.origin);
  return valid.length;
}

/** Indicator import in one call, as the chronology's and the person register's: `dryRun` validates only. */
export function importIndicators(doc: Y.Doc, bytes: Uint8Array, options: { dryRun?: boolean; skipInvalid?: boolean } = {}): ImportReport {
  const table = readCsvTable(bytes);
  if (!('headers' in table)) return table;
  const preview = previewIndicators(table);
  const errors = rowErrors(preview.rows);
  if (errors.length > 0 && !options.skipInvalid) return { imported: 0, errors };
  if (options.dryRun) return { imported: preview.rows.filter((row) => row.indicator).length, errors };
  return { imported: applyIndicators(doc, preview, { skipInvalid: options.skipInvalid }), errors };
}
