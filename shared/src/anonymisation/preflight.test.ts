import { describe, expect, it } from 'vitest';
import { neutralHit, preflight, scanText } from './preflight.js';
import type { HitKind } from './patterns.js';
import { termsMatcher } from './schutzliste.js';

const OPTIONS = {
  protectedTerms: ['Schneider', 'Lindenschule', 'Bäckerei Hoffmann', 'Müller'],
  aliases: ['Kind L. (6)', 'Kind L.', 'Mutter Frau K.', 'Vater Herr K.', 'Großmutter Frau B.', 'Kind M.'],
};

/** A corpus written for this test: sentences with personal data (expected hits) and traps (none). */
const CORPUS: { text: string; expected: [HitKind, string][] }[] = [
  { text: 'Die Mutter, geb. 12.04.1991, erschien nicht.', expected: [['geburtsdatum', '12.04.1991']] },
  { text: 'Kind L. ist geboren am 3.7.2016 in der Klinik.', expected: [['geburtsdatum', '3.7.2016']] },
  { text: 'Die Familie wohnt in der Lindenstraße 14a.', expected: [['adresse', 'Lindenstraße 14a']] },
  { text: 'Umzug nach 45127 Essen im Sommer 2021.', expected: [['adresse', '45127 Essen']] },
  { text: 'Hausbesuch Am Rosenweg 3 ohne Ankündigung.', expected: [['adresse', 'Am Rosenweg 3']] },
  { text: 'Rückruf unter 0201 1234567 erbeten.', expected: [['telefon', '0201 1234567']] },
  { text: 'Mobil: +49 171 2345678, abends erreichbar.', expected: [['telefon', '+49 171 2345678']] },
  { text: 'Mail an k.mustermann@example.org geschickt.', expected: [['email', 'k.mustermann@example.org']] },
  { text: 'Überweisung auf DE89 3704 0044 0532 0130 00 veranlasst.', expected: [['iban', 'DE89 3704 0044 0532 0130 00']] },
  { text: 'Das Familiengericht (12 F 345/22) ordnete eine Anhörung an.', expected: [['aktenzeichen', '12 F 345/22']] },
  { text: 'Vorgang Az. 51.2-0815/2021 wurde geschlossen.', expected: [['aktenzeichen', 'Az. 51.2-0815/2021']] },
  { text: 'Das Fahrzeug mit dem Kennzeichen E-KL 4711 stand vor dem Haus.', expected: [['kennzeichen', 'E-KL 4711']] },
  { text: 'Rentenversicherungsnummer 12 120391 K 123 lag vor.', expected: [['sozialversicherungsnummer', '12 120391 K 123']] },
  { text: 'Frau Kowalski von der Kita meldete sich.', expected: [['name', 'Frau Kowalski']] },
  { text: 'Herr Dr. Özdemir untersuchte das Kind.', expected: [['name', 'Herr Dr. Özdemir']] },
  { text: 'Die Schwester Lena holte das Kind ab.', expected: [['name', 'Lena']] },
  {
    text: 'Ein Gespräch mit Jonas und Mia fand statt.',
    expected: [
      ['name', 'Jonas'],
      ['name', 'Mia'],
    ],
  },
  { text: 'Die Klassenlehrerin der Lindenschule berichtete.', expected: [['schutzliste', 'Lindenschule']] },
  { text: 'Laut Schneiders Angaben war alles in Ordnung.', expected: [['schutzliste', 'Schneiders']] },
  { text: 'Der Arbeitgeber, die Baeckerei Hoffmann, bestätigte.', expected: [['schutzliste', 'Baeckerei Hoffmann']] },
  { text: 'Familie Mueller zog weg.', expected: [['schutzliste', 'Mueller']] },
  // traps: nothing here may be reported
  { text: 'Am 14.03.2019 meldete die Kita eine Gefährdung nach § 8a SGB VIII.', expected: [] },
  { text: 'Hausbesuch am 21.03.2019 durch Fachkraft ASD 1.', expected: [] },
  { text: 'Kind L. (6) und Mutter Frau K. nahmen teil.', expected: [] },
  { text: 'Vater Herr K. war nicht anwesend, Großmutter Frau B. übernahm.', expected: [] },
  { text: 'Verfahren nach § 1666 BGB, Hilfe nach §§ 27 ff. SGB VIII.', expected: [] },
  { text: 'Die SPFH umfasste 10 Fachleistungsstunden pro Woche.', expected: [] },
  { text: 'Meldebogen (Akte Bl. 34) und Protokoll vom 05/2020.', expected: [] },
  { text: 'Die Leitung ASD und der Allgemeine Soziale Dienst stimmten zu.', expected: [] },
  { text: 'Die Erziehungsberatungsstelle und das Gesundheitsamt wurden beteiligt.', expected: [] },
  { text: 'Frau K. räumte Überforderung ein; ca. 11/2021 Rückfall.', expected: [] },
  { text: 'Inobhutnahme im Dezember 2022, Rückführung Frühjahr 2023.', expected: [] },
  { text: 'Helferkonferenz alle 3 Monate, Überprüfung in 6 Wochen.', expected: [] },
  { text: 'Die Polizeimitteilung vom 14.09.2019 kam nach 18 Tagen an.', expected: [] },
];

describe('pre-flight detection on a German test corpus', () => {
  it('finds personal data and leaves professional vocabulary alone', () => {
    let expectedTotal = 0;
    let found = 0;
    const falsePositives: string[] = [];
    const missed: string[] = [];
    for (const { text, expected } of CORPUS) {
      const hits = scanText(text, OPTIONS).map((span) => [span.kind, text.slice(span.start, span.end)] as const);
      expectedTotal += expected.length;
      for (const [kind, value] of expected) {
        if (hits.some(([k, v]) => k === kind && v === value)) found++;
        else missed.push(`${kind}: ${value}`);
      }
      for (const [kind, value] of hits) {
        if (!expected.some(([k, v]) => k === kind && v === value)) falsePositives.push(`${kind}: „${value}“ in „${text}“`);
      }
    }
    const recall = found / expectedTotal;
    console.log(`pre-flight corpus: recall ${(recall * 100).toFixed(1)} % (${found}/${expectedTotal}), false positives ${falsePositives.length}`);
    if (missed.length) console.log(`missed: ${missed.join('; ')}`);
    if (falsePositives.length) console.log(`false positives: ${falsePositives.join('; ')}`);
    expect(missed).toEqual([]);
    expect(falsePositives).toEqual([]);
  });
});

describe('Schutzliste matcher', () => {
  const found = (text: string, terms: string[]) =>
    scanText(text, { protectedTerms: terms, aliases: [] }).map((span) => [span.kind, text.slice(span.start, span.end)]);

  it('takes terms with hyphens and regex syntax characters literally', () => {
    expect(found('Familie Schulze-Brandts Wohnung', ['Schulze-Brandt'])).toEqual([['schutzliste', 'Schulze-Brandts']]);
    expect(found('Träger: St. Marien (Süd) gGmbH/Essen', ['St. Marien (Süd)', 'gGmbH/Essen'])).toEqual([
      ['schutzliste', 'St. Marien (Süd)'],
      ['schutzliste', 'gGmbH/Essen'],
    ]);
    expect(found('Stmarien', ['St. Marien'])).toEqual([]);
    expect(found('a+b und [xy], aab 5 $', ['a+b', '[xy]', '\\d5', '$^'])).toEqual([
      ['schutzliste', 'a+b'],
      ['schutzliste', '[xy]'],
    ]);
  });

  it('builds one regex for all terms and prefers the longer of two terms at one place', () => {
    expect(termsMatcher([' ', 'x'])).toBeUndefined();
    expect(found('Bäckerei Hoffmanns Laden, Hoffmann allein, Mueller', ['Hoffmann', 'Bäckerei Hoffmann', 'Müller'])).toEqual([
      ['schutzliste', 'Bäckerei Hoffmanns'],
      ['schutzliste', 'Hoffmann'],
      ['schutzliste', 'Mueller'],
    ]);
  });

  it('shows a Schutzliste hit as the very name hit the text would give without the list', () => {
    const report = { cover: { title: '', office: 'Jugendamt', procedure: 'Gespräch mit Lena', date: '', version: '', status: 'Entwurf' as const }, blocks: [] };
    const [listed] = preflight(report, { protectedTerms: ['Lena'], aliases: [] }).hits;
    const [asName] = preflight(report, { protectedTerms: [], aliases: [] }).hits;
    expect(listed).toMatchObject({ kind: 'schutzliste', text: 'Lena' });
    expect(asName).toMatchObject({ kind: 'name', text: 'Lena' });
    expect(neutralHit(listed!)).toEqual(asName);
    expect(neutralHit(asName!)).toBe(asName);
  });
});
