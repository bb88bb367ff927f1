import type * as Y from 'yjs';
import { createRecord, listRecords } from './caseModel.js';
import { ImportRefusedError, readCsvTable, rowErrors, type ApplyOptions, type CsvTable, type ImportReport } from './csvImport.js';
import { personSchema, type Person } from './schemas.js';

/**
 * Person register import (alias, role/relationship, short description). There is no column for
 * real names: the register holds pseudonyms only.
 */
const HEADERS = {
  alias: ['alias', 'pseudonym', 'kürzel', 'person (alias)'],
  role: ['rolle', 'beziehung', 'rolle/beziehung', 'funktion'],
  description: ['beschreibung', 'kurzbeschreibung', 'anmerkung'],
} as const;

export interface PersonPreview {
  rows: { line: number; person?: Omit<Person, 'id'>; errors: string[] }[];
  errorCount: number;
}

export function previewPersons(doc: Y.Doc, table: CsvTable): PersonPreview {
  const index = (field: keyof typeof HEADERS) =>
    table.headers.findIndex((header) => (HEADERS[field] as readonly string[]).includes(header.trim().toLowerCase()));
  const columns = { alias: index('alias'), role: index('role'), description: index('description') };
  const known = new Set(listRecords(doc, 'persons').records.map((person) => person.alias.toLowerCase()));
  const seen = new Set<string>();
  const rows = table.rows.map(({ line, cells }) => {
    if (columns.alias < 0) return { line, errors: ['Spalte „Alias“ fehlt'] };
    const cell = (column: number) => (column < 0 ? '' : (cells[column] ?? '').trim());
    const candidate = { id: 'preview', alias: cell(columns.alias), role: cell(columns.role), description: cell(columns.description) };
    const checked = personSchema.safeParse(candidate);
    const errors = checked.success ? [] : checked.error.issues.map((issue) => issue.message);
    const key = candidate.alias.toLowerCase();
    if (key && known.has(key)) errors.push(`„${candidate.alias}“ steht schon im Personenregister`);
    else if (key && seen.has(key)) errors.push(`„${candidate.alias}“ kommt in der Datei doppelt vor`);
    seen.add(key);
    if (errors.length > 0 || !checked.success) return { line, errors };
    const { id: _id, ...person } = checked.data;
    return { line, person, errors };
  });
  return { rows, errorCount: rows.filter((row) => row.errors.length > 0).length };
}

export function applyPersons(doc: Y.Doc, preview: PersonPreview, options: ApplyOptions = {}): number {
  if (preview.errorCount > 0 && !options.skipInvalid) {
    throw new ImportRefusedError(`${preview.errorCount} Zeile(n) haben Fehler; es wurde nichts importiert.`);
  }
  const valid = preview.rows.filter((row) => row.person);
  doc.transact(() => {
    for (const row of valid) createRecord(doc, 'persons', row.person!);
  }, options.origin);
  return valid.length;
}

export function importPersons(doc: Y.Doc, bytes: Uint8Array, options: { dryRun?: boolean; skipInvalid?: boolean } = {}): ImportReport {
  const table = readCsvTable(bytes);
  if (!('headers' in table)) return table;
  const preview = previewPersons(doc, table);
  const errors = rowErrors(preview.rows);
  if (errors.length > 0 && !options.skipInvalid) return { imported: 0, errors };
  if (options.dryRun) return { imported: preview.rows.filter((row) => row.person).length, errors };
  return { imported: applyPersons(doc, preview, { skipInvalid: options.skipInvalid }), errors };
}
