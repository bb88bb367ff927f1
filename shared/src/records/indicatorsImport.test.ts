import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listRecords } from './caseModel.js';
import { importIndicators } from './indicatorsImport.js';

const csv = (text: string, bom = true) => new TextEncoder().encode(`${bom ? '\uFEFF' : ''}${text}`);
const SAMPLE = [
  'Bereich;Indikator;Wert;Einheit;Jahr;Quelle;Vergleichswert;Anmerkung',
  'Personal und Organisation;Fallbelastung ASD je Vollzeitstelle;38;Fälle;2025;Personalstatistik JA;NRW: 31;"Stichtag 31.12.,\nohne Leitung"',
  'Soziale Lage;Kinder im SGB-II-Bezug;21,4;%;2024;IT.NRW;NRW: 17,9;',
  ';Offene Stellen im ASD;3;Stellen;;Personalamt;;',
].join('\r\n');

describe('indicator import (CSV as Excel writes it)', () => {
  it('imports every row with its area, value as written, year, source and comparison value', () => {
    const doc = new Y.Doc();
    expect(importIndicators(doc, csv(SAMPLE))).toEqual({ imported: 3, errors: [] });
    const byName = new Map(listRecords(doc, 'indicators').records.map((indicator) => [indicator.name, indicator]));
    expect(byName.get('Fallbelastung ASD je Vollzeitstelle')).toMatchObject({
      area: 'Personal und Organisation',
      value: '38',
      unit: 'Fälle',
      year: 2025,
      source: 'Personalstatistik JA',
      comparison: 'NRW: 31',
      note: 'Stichtag 31.12.,\nohne Leitung',
    });
    expect(byName.get('Kinder im SGB-II-Bezug')).toMatchObject({ area: 'Soziale Lage', value: '21,4', unit: '%', year: 2024 });
    // no area given: the default one
    expect(byName.get('Offene Stellen im ASD')).toMatchObject({ area: 'Personal und Organisation', year: null });
  });

  it('names each problem by line and imports nothing, unless told to skip the bad rows; a dry run writes nothing', () => {
    const bad = ['Indikator;Wert;Jahr;Bereich', 'Fallbelastung;38;2025;', ';12;2025;', 'Quote;5;zwanzig;', 'Stellen;3;2024;Keller'].join('\n');
    const doc = new Y.Doc();
    const refused = importIndicators(doc, csv(bad, false));
    expect(refused.imported).toBe(0);
    expect(refused.errors).toEqual([
      { line: 3, message: 'Name des Indikators fehlt' },
      { line: 4, message: 'Jahr „zwanzig“ ist keine Jahreszahl' },
      { line: 5, message: expect.stringMatching(/^Bereich „Keller“ ist keiner von: Dienstanweisungen und Vorlagen/) },
    ]);
    expect(listRecords(doc, 'indicators').records).toEqual([]);
    expect(importIndicators(doc, csv(bad), { dryRun: true, skipInvalid: true }).imported).toBe(1);
    expect(listRecords(doc, 'indicators').records).toEqual([]);
    expect(importIndicators(doc, csv(bad), { skipInvalid: true }).imported).toBe(1);
    expect(listRecords(doc, 'indicators').records.map((indicator) => indicator.name)).toEqual(['Fallbelastung']);
  });

  it('needs the columns Indikator and Wert', () => {
    expect(importIndicators(new Y.Doc(), csv('Name;Einheit\nFallbelastung;Fälle')).errors).toEqual([{ line: 2, message: 'Spalte „Wert“ fehlt' }]);
  });
});
