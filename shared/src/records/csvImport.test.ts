import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EXAMPLE_CASE } from '../examples/exampleCase.js';
import { listRecords, migrateCaseModel } from './caseModel.js';
import { applyImport, CsvFormatError, decodeCsvBytes, guessMapping, ImportRefusedError, parseCsv, previewImport } from './csvImport.js';

/** The project's own example case (shared/examples/fall-beispiel), saved as Excel saves "CSV UTF-8". */
const example = (file: string) => path.resolve(import.meta.dirname, '../..', EXAMPLE_CASE.folder, file);
const chronologyFile = example(EXAMPLE_CASE.files.chronology);

function boardDoc() {
  const doc = new Y.Doc();
  migrateCaseModel(doc);
  return doc;
}

const importText = (doc: Y.Doc, text: string) => {
  const table = parseCsv(text);
  return previewImport(doc, table, guessMapping(table.headers));
};

describe('chronology import', () => {
  it('imports the example chronology completely', () => {
    const bytes = new Uint8Array(readFileSync(chronologyFile));
    const { text, encoding } = decodeCsvBytes(bytes);
    expect(encoding).toBe('utf-8-bom');
    const table = parseCsv(text);
    expect(table.delimiter).toBe(';');
    const mapping = guessMapping(table.headers);
    expect(mapping).toEqual(['date', 'lane', 'fact', 'knownAtTheTime', 'assessment', 'source', 'isKeySituation', 'persons']);
    const doc = boardDoc();
    const preview = previewImport(doc, table, mapping);
    expect(preview.errorCount).toBe(0);
    // an actor that is no default lane, and the persons of the "Beteiligte" column, are offered
    expect(preview.newLanes).toEqual(['Jugendamt Kreis X']);
    expect(preview.unknownPersons).toContain('Kind J. (7)');
    expect(applyImport(doc, preview)).toBe(table.rows.length);
    const events = listRecords(doc, 'events').records;
    expect(events).toHaveLength(table.rows.length);
    // rows end in CRLF, quoted cells with line breaks (LF) and doubled quotes arrive whole
    expect(events.some((event) => event.fact.includes('\n'))).toBe(true);
    expect(events.some((event) => event.assessment.includes('"Häusliche Gewalt – Kinder im Haushalt"'))).toBe(true);
    expect(events.every((event) => !/\r/.test(event.fact + event.knownAtTheTime + event.assessment + event.source))).toBe(true);
    expect(events.find((event) => event.date.text === 'ca. 11/2021')?.date).toMatchObject({ approximate: true, precision: 'month' });
    expect(events.find((event) => event.date.text === 'Frühjahr 2022')?.date).toMatchObject({ precision: 'season', sortKey: '2022-03-01' });
    expect(events.find((event) => event.date.text === 'unbekannt')?.date).toMatchObject({ precision: 'unknown', sortKey: null });
    // "ja" and "x" both flag a key situation
    expect(events.filter((event) => event.isKeySituation).map((event) => event.date.text)).toEqual(expect.arrayContaining(['18.02.2021', '14.01.2023']));
    const persons = new Map(listRecords(doc, 'persons').records.map((person) => [person.id, person.alias]));
    const firstReport = events.find((event) => event.date.text === '11.02.2021')!;
    expect(firstReport.personIds.map((id) => persons.get(id))).toEqual(['Kind J. (7)', 'Mutter Frau S.']);
  });

  it('reads UTF-8 with BOM and Windows-1252 the same', () => {
    const csv = 'Datum;Akteur;Ereignis\n03/2020;Familiengericht;Anhörung im Verfahren nach § 1666 BGB: Großmutter äußert Sorge\n';
    const utf8 = new TextEncoder().encode(csv);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const cp1252 = Uint8Array.from(csv, (char) => ({ ä: 0xe4, ö: 0xf6, ü: 0xfc, ß: 0xdf, '§': 0xa7 })[char] ?? char.charCodeAt(0));
    expect(decodeCsvBytes(withBom)).toEqual({ text: csv, encoding: 'utf-8-bom' });
    expect(decodeCsvBytes(cp1252)).toEqual({ text: csv, encoding: 'windows-1252' });
  });

  it('detects comma and tab separators', () => {
    expect(parseCsv('Datum,Akteur,Ereignis\n2020,ASD,"Gespräch, lang"\n').rows[0]!.cells[2]).toBe('Gespräch, lang');
    expect(parseCsv('Datum\tAkteur\tEreignis\n2020\tASD\tGespräch\n').delimiter).toBe('\t');
  });

  it('offers unknown actors as new lanes and creates them on import', () => {
    const doc = boardDoc();
    const preview = importText(doc, 'Datum;Akteur;Ereignis\n2020;Jobcenter;Sanktion\n2021;ASD;Gespräch\n');
    expect(preview.newLanes).toEqual(['Jobcenter']);
    applyImport(doc, preview);
    expect(listRecords(doc, 'lanes').records.map((lane) => lane.name)).toContain('Jobcenter');
  });

  it('names every bad row with its line and imports nothing while errors remain', () => {
    const doc = boardDoc();
    const preview = importText(doc, 'Datum;Akteur;Ereignis\n14.03.2019;ASD;ok\n"31.02.2020";ASD;"mehr-\nzeilig"\nirgendwann;ASD;x\n2020;;ohne Akteur\n');
    expect(preview.rows.map((row) => [row.line, row.errors.length > 0])).toEqual([
      [2, false],
      [3, true],
      [5, true],
      [6, true],
    ]);
    expect(preview.rows[1]!.errors[0]).toMatch(/kein gültiges Datum/);
    expect(preview.rows[3]!.errors).toContain('Akteur/Spur fehlt');
    expect(() => applyImport(doc, preview)).toThrow(ImportRefusedError);
    expect(listRecords(doc, 'events').records).toHaveLength(0);
  });

  it('asks for a mapping when required columns are not recognised', () => {
    const doc = boardDoc();
    const table = parseCsv('Wann genau;Wer;Was\n2020;ASD;x\n');
    expect(guessMapping(table.headers)).toEqual([null, 'lane', null]);
    expect(previewImport(doc, table, ['date', 'lane', 'fact']).errorCount).toBe(0);
  });

  it('reports an unclosed quote instead of guessing', () => {
    expect(() => parseCsv('Datum;Akteur;Ereignis\n2020;ASD;"offen\n')).toThrow(CsvFormatError);
  });
});

describe('scripted import and persons', () => {
  const personsFile = example(EXAMPLE_CASE.files.persons);
  const encode = (text: string) => new TextEncoder().encode(text);

  it('imports the example person register with exact counts, once', async () => {
    const { importPersons } = await import('./personsImport.js');
    const doc = boardDoc();
    const bytes = new Uint8Array(readFileSync(personsFile));
    const expected = parseCsv(decodeCsvBytes(bytes).text).rows.length;
    expect(importPersons(doc, bytes)).toEqual({ imported: expected, errors: [] });
    expect(listRecords(doc, 'persons').records.map((p) => p.alias)).toContain('Mutter Frau S.');
    const again = importPersons(doc, bytes);
    expect(again.imported).toBe(0);
    expect(again.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/schon im Personenregister/) });
    expect(listRecords(doc, 'persons').records).toHaveLength(expected);
  });

  it('validates only on dry run, and imports valid rows only when asked to skip invalid ones', async () => {
    const { importChronology } = await import('./csvImport.js');
    const doc = boardDoc();
    const file = encode('Datum;Akteur;Ereignis\n14.03.2019;ASD;ok\nirgendwann;ASD;kaputt\n2020;ASD;auch ok\n');
    expect(importChronology(doc, file)).toMatchObject({ imported: 0, errors: [{ line: 3 }] });
    expect(importChronology(doc, file, { dryRun: true, skipInvalid: true }).imported).toBe(2);
    expect(listRecords(doc, 'events').records).toHaveLength(0);
    expect(importChronology(doc, file, { skipInvalid: true }).imported).toBe(2);
    expect(listRecords(doc, 'events').records).toHaveLength(2);
  });

  it('reports broken quotes and missing columns as row errors', async () => {
    const { importChronology } = await import('./csvImport.js');
    const doc = boardDoc();
    expect(importChronology(doc, encode('Datum;Akteur;Ereignis\n2020;ASD;"offen\n')).errors[0]!.message).toMatch(/Anführungszeichen/);
    const missing = importChronology(doc, encode('Datum;Ereignis\n2020;x\n'));
    expect(missing.errors).toEqual([{ line: 2, message: 'Spalte für „Akteur/Spur“ fehlt' }]);
    expect(listRecords(doc, 'events').records).toHaveLength(0);
  });

  it('maps a new actor to an existing lane when the user chooses so', () => {
    const doc = boardDoc();
    const preview = importText(doc, 'Datum;Akteur;Ereignis\n2020;Jugendamt ASD;Gespräch\n');
    const asd = listRecords(doc, 'lanes').records.find((lane) => lane.name === 'ASD')!;
    applyImport(doc, preview, { laneChoices: { 'Jugendamt ASD': asd.id } });
    expect(listRecords(doc, 'lanes').records.some((lane) => lane.name === 'Jugendamt ASD')).toBe(false);
    expect(listRecords(doc, 'events').records[0]!.laneId).toBe(asd.id);
  });

  it('undoes an import as one step', () => {
    const doc = boardDoc();
    const origin = { import: true };
    const undo = new Y.UndoManager(
      ['events', 'lanes', 'persons'].map((kind) => doc.getMap(`records.${kind}`)),
      { trackedOrigins: new Set([origin]) },
    );
    applyImport(doc, importText(doc, 'Datum;Akteur;Ereignis;Personen\n2020;Jobcenter;a;Kind L.\n2021;ASD;b;\n'), { origin });
    expect(listRecords(doc, 'events').records).toHaveLength(2);
    undo.undo();
    expect(listRecords(doc, 'events').records).toHaveLength(0);
    expect(listRecords(doc, 'lanes').records.some((lane) => lane.name === 'Jobcenter')).toBe(false);
    expect(listRecords(doc, 'persons').records).toHaveLength(0);
  });
});
