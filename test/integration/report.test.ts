import {
  buildReport,
  caseNumbering,
  listRecords,
  missingReportTexts,
  preflight,
  renderMarkdown,
  reportText,
  richText,
  updateRecord,
  VOTE_RESULTS,
  type ProcedureMeta,
} from '@qe/shared';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fixtureBoard } from '../helpers/fixtureBoard.js';

const META: ProcedureMeta = {
  office: 'Jugendamt Musterstadt',
  procedure: 'QE-Verfahren 2026',
  period: '01/2026 bis 06/2026',
  selection: 'gezielt',
  participants: [
    { role: 'Moderation', count: 2 },
    { role: 'ASD-Fachkräfte', count: 5 },
  ],
  version: '0.3',
  final: false,
  date: '24.11.2026',
};

const headings = (report: ReturnType<typeof buildReport>) => report.blocks.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text);

describe('report model', () => {
  const doc = fixtureBoard();
  const report = buildReport([{ name: 'Fall A', doc }], META);

  it('has the sections in order', () => {
    const top = report.blocks.filter((b) => b.type === 'heading' && b.level === 1).map((b) => (b as { text: string }).text);
    expect(top).toEqual([
      'Zusammenfassung',
      '1 Auftrag und Vorgehen',
      '2 Fallanalyse',
      '3 Befunde und Qualitätsentwicklungsthemen',
      '4 Empfehlungen',
      'Anhang A: Fallchronologie',
      'Anhang B: Methode und Beteiligte',
    ]);
    expect(headings(report)).toEqual(
      expect.arrayContaining([
        '2.1.1 Fallskizze',
        '2.1.2 Personen',
        '2.1.3 Schlüsselsituationen',
        '2.1.4 Einflussfaktoren',
        '2.1.5 Gelingensfaktoren',
        'A.1 Fall A',
      ]),
    );
    expect(report.cover.status).toBe('Entwurf');
  });

  it('numbers the chronology table in the appendix with one row per event and its source', () => {
    const table = report.blocks.find((b) => b.type === 'table' && b.caption.startsWith('Fallchronologie'));
    expect(table?.type === 'table' && table.rows.length).toBe(listRecords(doc, 'events').records.length);
    expect(table?.type === 'table' && table.header.at(-1)).toBe('Quelle');
    expect(table?.type === 'table' && table.rows[0]!.cells).toEqual([
      '1',
      'Herbst 2020',
      'Familie',
      expect.any(String),
      expect.any(String),
      '',
      expect.stringContaining('Akte Bl. 118'),
    ]);
    const appendix = report.blocks.findIndex((b) => b.type === 'heading' && b.text === 'Anhang A: Fallchronologie');
    expect(report.blocks.indexOf(table!)).toBeGreaterThan(appendix);
  });

  it('has a person register, the participants by role and placeholders for unwritten texts', () => {
    const register = report.blocks.find((b) => b.type === 'table' && b.caption.startsWith('Personen'));
    const persons = listRecords(doc, 'persons').records;
    expect(register?.type === 'table' && register.rows.length).toBe(persons.length);
    expect(register?.type === 'table' && register.header).toEqual(['Pseudonym', 'Rolle', 'Beschreibung']);
    expect(renderMarkdown(report)).toContain('- Moderation: 2 Personen');
    const unwritten = new Y.Doc();
    Y.applyUpdate(unwritten, Y.encodeStateAsUpdate(doc));
    for (const which of ['summary', 'caseSketch'] as const) reportText(unwritten, which).delete(0, reportText(unwritten, which).length);
    const markdown = renderMarkdown(buildReport([{ name: 'Fall A', doc: unwritten }], META));
    expect(markdown).toContain('*Die Zusammenfassung ist noch nicht geschrieben.*');
    expect(markdown).toContain('*Die Fallskizze ist noch nicht geschrieben.*');
    expect(missingReportTexts(unwritten)).toEqual(['summary', 'caseSketch']);
    const joined = renderMarkdown(buildReport([{ name: 'Fall A', doc }], { ...META, participants: [], joined: [{ role: 'analyst', count: 1 }] }));
    expect(joined).toContain('- Analyseteam: 1 Person');
  });

  it('takes the summary and the case sketch from the board, and saved vote results', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    for (const which of ['summary', 'caseSketch'] as const) reportText(copy, which).delete(0, reportText(copy, which).length);
    for (const [which, words] of [
      ['summary', 'Das Verfahren zeigt drei Themen.'],
      ['caseSketch', 'Kind J. lebt mit der Mutter im Kreis X.'],
    ] as const) {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      reportText(copy, which).insert(0, [paragraph]);
      text.insert(0, words);
    }
    const situation = caseNumbering(copy).keySituations[1]!;
    copy
      .getArray(VOTE_RESULTS)
      .push([
        { title: 'Wichtigste Situation', savedAt: '2026-11-20', results: [{ target: { kind: 'keySituations', id: situation.id, label: 'alt' }, count: 4 }] },
      ]);
    const copyReport = buildReport([{ name: 'Fall A', doc: copy }], META);
    const markdown = renderMarkdown(copyReport);
    expect(markdown.indexOf('Das Verfahren zeigt drei Themen.')).toBeLessThan(markdown.indexOf('## 1 Auftrag'));
    expect(markdown).toMatch(/#### 2\.1\.1 Fallskizze\n\nKind J\. lebt mit der Mutter/);
    expect(markdown).toContain(`- Schlüsselsituation 2 „${situation.title}“ – 4 Punkte`);
    expect(missingReportTexts(copy)).toEqual([]);
    // the example case brings its own
    expect(renderMarkdown(report)).toMatch(/## Zusammenfassung\n\nDas Jugendamt hat einen abgeschlossenen Kinderschutzfall/);
  });

  it('lists every recommendation with its cross-references', () => {
    const recs = listRecords(doc, 'recommendations').records;
    for (const rec of recs) expect(headings(report).some((h) => h.endsWith(rec.title))).toBe(true);
    const refs = report.blocks.filter((b) => b.type === 'paragraph' && b.inlines[0]?.text.startsWith('vgl. Chronologie Nr.'));
    expect(refs.length).toBeGreaterThanOrEqual(recs.length);
  });

  it('leaves out discarded recommendations unless asked', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const rec = listRecords(copy, 'recommendations').records[0]!;
    updateRecord(copy, 'recommendations', rec.id, { status: 'verworfen', discardReason: 'Im Workshop verworfen' });
    expect(headings(buildReport([{ name: 'Fall A', doc: copy }], META)).some((h) => h.endsWith(rec.title))).toBe(false);
    expect(headings(buildReport([{ name: 'Fall A', doc: copy }], { ...META, includeDiscarded: true })).some((h) => h.endsWith(rec.title))).toBe(true);
  });

  it('keeps rich-text emphasis and lists of a rationale', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const rec = listRecords(copy, 'recommendations').records[0]!;
    const fragment = richText(copy, 'recommendations', rec.id, 'rationale')!;
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const itemParagraph = new Y.XmlElement('paragraph');
    const itemText = new Y.XmlText();
    itemParagraph.insert(0, [itemText]);
    item.insert(0, [itemParagraph]);
    list.insert(0, [item]);
    fragment.insert(0, [paragraph, list]);
    text.insert(0, 'Weil ');
    text.insert(5, 'zwei Fachkräfte', { bold: true });
    itemText.insert(0, 'Vier-Augen-Prinzip');
    const markdown = renderMarkdown(buildReport([{ name: 'Fall A', doc: copy }], META));
    expect(markdown).toContain('Weil **zwei Fachkräfte**');
    expect(markdown).toContain('- Vier-Augen-Prinzip');
  });

  it('renders emphasis that a Markdown parser reads as emphasis', () => {
    const html = new MarkdownIt().render(renderMarkdown(report));
    expect(html).toMatch(/<em>Was ist passiert\?<\/em> \S/);
    expect(html).toMatch(/<strong>Befund 1:<\/strong> \S/);
    expect(html).not.toMatch(/\*(Was ist passiert|Befund 1)/);
  });

  it('renders Markdown with headings and the table', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toMatch(/^# Bericht zum Qualitätsentwicklungsverfahren/m);
    expect(markdown).toContain('## 1 Auftrag und Vorgehen');
    expect(markdown).toContain('| Nr. | Datum | Akteur | Was ist passiert? | Was wusste man damals? | Einschätzung/Entscheidung | Quelle |');
    expect(markdown.split('\n').filter((line) => /^\| \d+ \|/.test(line))).toHaveLength(listRecords(doc, 'events').records.length);
  });
});

describe('anonymisation pre-flight of the report', () => {
  const aliasesOf = (doc: Y.Doc) => listRecords(doc, 'persons').records.map((person) => person.alias);

  it('finds nothing in the pseudonymised example case', () => {
    const doc = fixtureBoard();
    const result = preflight(buildReport([{ name: 'Fall A', doc }], META), { protectedTerms: [], aliases: aliasesOf(doc) });
    expect(result.hits.map((hit) => `${hit.kind}: ${hit.text} (${hit.excerpt})`)).toEqual([]);
  });

  it('reports a Schutzliste term in a recommendation with its place, until it is fixed or dismissed', () => {
    const doc = fixtureBoard();
    const rec = listRecords(doc, 'recommendations').records[0]!;
    updateRecord(doc, 'recommendations', rec.id, { intendedOutcome: 'Kinder wie in der Familie Schneider werden früher gesehen.' });
    const options = { protectedTerms: ['Schneider'], aliases: aliasesOf(doc) };
    const { hits } = preflight(buildReport([{ name: 'Fall A', doc }], META), options);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'schutzliste', text: 'Schneider', location: { kind: 'recommendations', id: rec.id, field: 'intendedOutcome' } });
    expect(hits[0]!.excerpt).toContain('Familie Schneider werden');
    const dismissed = preflight(buildReport([{ name: 'Fall A', doc }], META), { ...options, dismissed: new Set([hits[0]!.id]) });
    expect(dismissed).toMatchObject({ hits: [], dismissed: [{ text: 'Schneider' }] });
    updateRecord(doc, 'recommendations', rec.id, { intendedOutcome: 'Kinder werden früher gesehen.' });
    expect(preflight(buildReport([{ name: 'Fall A', doc }], META), options).hits).toEqual([]);
  });
});
