import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRecord, listRecords, updateRecord } from '@qe/shared';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient } from '../helpers/api.js';
import { fixtureBoard } from '../helpers/fixtureBoard.js';
import { startTestServer, TEST_MODERATOR, type TestServer } from '../helpers/server.js';

/**
 * One report for the procedure, through the API: two case boards (the example case twice, the
 * second with its own chronology entry) and one structure board with indicators, reviewed
 * documents, a structural finding and a recommendation citing evidence in two boards.
 */
let t: TestServer;
const api = apiClient(() => t);
let account: string;
let procedure: string;
let caseA: string;
let caseB: string;
let house: string;

const ONLY_IN_B = 'Die Schulsozialarbeit meldet sich beim ASD Stadt Y wegen Fehlzeiten von Kind J.';

beforeAll(async () => {
  t = await startTestServer();
  account = t.token({ role: 'moderator' });
  procedure = (await api('POST', '/procedures', { token: account, body: { title: 'QE-Verfahren Musterstadt 2026', office: 'Jugendamt Musterstadt' } })).body.id;
  await api('PATCH', `/procedures/${procedure}`, { token: account, body: { period: '01/2026 bis 06/2026', phase: 'Berichtsentwurf' } });
  const add = async (body: unknown) => (await api('POST', `/procedures/${procedure}/boards`, { token: account, body })).body.id as string;
  caseA = await add({ name: 'Fallwerkstatt März', kind: 'case', selection: 'gezielt' });
  caseB = await add({ name: 'Fallwerkstatt April', kind: 'case', selection: 'zufällig' });
  house = await add({ name: 'Strukturanalyse', kind: 'structure' });
  for (const board of [caseA, caseB]) {
    await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(fixtureBoard())));
  }
  await t.server.registry.writeBoard(caseB, TEST_MODERATOR, (doc) => {
    const lane = listRecords(doc, 'lanes').records[0]!;
    createRecord(doc, 'events', { date: { text: '03/2023', precision: 'month', approximate: false, sortKey: '2023-03-01' }, laneId: lane.id, fact: ONLY_IN_B });
  });
  const findingOf = (board: string) =>
    t.server.registry.withBoard(board, ({ doc }) => listRecords(doc, 'findings').records.sort((a, b) => (a.id < b.id ? -1 : 1))[0]!);
  const [findingA, findingB] = [await findingOf(caseA), await findingOf(caseB)];
  await t.server.registry.writeBoard(house, TEST_MODERATOR, (doc) => {
    const staffing = listRecords(doc, 'themes').records.find((theme) => theme.name === 'Personalausstattung')!;
    const load = createRecord(doc, 'indicators', {
      area: 'Personal und Organisation',
      name: 'Fallbelastung ASD je Vollzeitstelle',
      value: '38',
      unit: 'Fälle',
      year: 2025,
      source: 'Personalstatistik',
      comparison: 'NRW: 31',
    });
    createRecord(doc, 'indicators', { area: 'Soziale Lage', name: 'Kinder im SGB-II-Bezug', value: '21,4', unit: '%', year: 2024, source: 'IT.NRW' });
    const instruction = createRecord(doc, 'reviewedDocuments', {
      title: 'Dienstanweisung Kinderschutz § 8a SGB VIII',
      date: { text: '2016', precision: 'year', approximate: false, sortKey: '2016-01-01' },
      status: 'veraltet',
      finding: 'Partnerschaftsgewalt kommt nicht vor.',
    });
    const structural = createRecord(doc, 'structuralFindings', {
      text: 'Die Fallbelastung im ASD liegt deutlich über dem Landeswert.',
      themeIds: [staffing.id],
      indicatorIds: [load.id],
      documentIds: [instruction.id],
      windows: [{ boardId: caseA, findingId: findingA.id }],
    });
    createRecord(doc, 'recommendations', {
      title: 'Fallbelastung im ASD senken',
      addressee: 'Jugendamtsleitung',
      priority: 'hoch',
      status: 'abgestimmt',
      evidence: {
        eventIds: [],
        keySituationIds: [],
        factorIds: [],
        structuralFindingIds: [structural.id],
        boards: [
          { boardId: caseA, kind: 'findings', id: findingA.id },
          { boardId: caseB, kind: 'findings', id: findingB.id },
        ],
      },
    });
  });
});
afterAll(async () => t.stop());

const exportFile = async (format: string, token = account) =>
  fetch(`${t.server.url}/api/procedures/${procedure}/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });

/** The report as a committee member reads it: the Markdown, the PDF's text, the DOCX's text. */
async function readAs(format: 'md' | 'pdf' | 'docx'): Promise<string> {
  const response = await exportFile(format);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Markdown as it reads once rendered: without the emphasis marks
  if (format === 'md') return new TextDecoder().decode(bytes).replace(/\*\*/g, '');
  if (format === 'docx') {
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    // paragraph by paragraph, the text runs joined
    return xml
      .split('</w:p>')
      .map((paragraph) => [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
      .join('\n')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'qe-procedure-pdf-'));
  const file = path.join(dir, 'bericht.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-raw', file, '-']).toString('utf8');
}

/** Whitespace as one space: table cells and page breaks wrap text. */
const flat = (text: string) => text.replace(/-\n(?=\p{Ll})/gu, '').replace(/\s+/g, ' ');

describe('the procedure report', () => {
  it('pre-flight over all boards: nothing unresolved', async () => {
    const check = await api('GET', `/procedures/${procedure}/preflight`, { token: account });
    expect(check.status).toBe(200);
    expect(check.body).toEqual({ hits: [], dismissed: [] });
  });

  for (const format of ['md', 'pdf', 'docx'] as const) {
    it(`${format}: both cases' chronologies, the indicators table, documents, structural and cross-case findings, recommendations citing two boards`, async () => {
      const text = flat(await readAs(format));
      expect(text).toContain('QE-Verfahren Musterstadt 2026');
      expect(text).toContain('Jugendamt Musterstadt');
      expect(text).toContain('davon 1 gezielt, 1 zufällig ausgewählt');
      // each case, and each case's chronology in Anhang A
      expect(text).toMatch(/2\.1 Fall A/);
      expect(text).toMatch(/2\.2 Fall B/);
      expect(text).toMatch(/A\.1 Fall A/);
      expect(text).toMatch(/A\.2 Fall B/);
      expect(text).toContain(flat(ONLY_IN_B));
      // the structural analysis: indicators as a table, documents, findings with their windows
      expect(text).toContain('3 Strukturanalyse: das Jugendamt als Haus');
      expect(text).toMatch(/Indikatoren – Bau und Konstruktion/);
      expect(text).toMatch(/Fallbelastung ASD je Vollzeitstelle\s*\|?\s*38 Fälle\s*\|?\s*2025\s*\|?\s*NRW: 31/);
      expect(text).toMatch(/Indikatoren – Lage \(soziale Lage\)/);
      expect(text).toContain('Dienstanweisung Kinderschutz § 8a SGB VIII');
      expect(text).toContain('veraltet');
      expect(text).toMatch(/Strukturbefund 1: Die Fallbelastung im ASD liegt deutlich über dem Landeswert\./);
      expect(text).toMatch(/Indikator 1 · Dokument 1 · Fenster in die Fälle: Fall A, Befund 1/);
      // findings and topics across the cases
      expect(text).toContain('4 Befunde und Qualitätsentwicklungsthemen');
      expect(text).toContain('Fallübergreifende Befunde nach Qualitätsthemen');
      expect(text).toMatch(/Personalausstattung\s*\|?\s*–\s*\|?\s*Strukturbefund 1/);
      // one list of recommendations, citing evidence in two case boards and the structural analysis
      expect(text).toContain('5 Empfehlungen');
      expect(text).toMatch(/Fallbelastung im ASD senken/);
      const findingsInA = await t.server.registry.withBoard(caseA, ({ doc }) => listRecords(doc, 'findings').records.length);
      expect(text).toContain(`Belege: Strukturbefund 1; Fall A, Befund 1; Fall B, Befund ${findingsInA + 1}`);
    });
  }

  it('is refused (409) while either case has an unresolved hit, and shows where it stands', async () => {
    const phone = 'Rückruf unter 0201 1234567 vereinbart.';
    for (const [board, label] of [
      [caseB, 'Fall B'],
      [caseA, 'Fall A'],
    ] as const) {
      const eventId = await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
        const event = listRecords(doc, 'events').records[0]!;
        updateRecord(doc, 'events', event.id, { knownAtTheTime: phone });
        return event.id;
      });
      const refused = await exportFile('pdf');
      expect(refused.status).toBe(409);
      const body = (await refused.json()) as { error: { code: string }; hits: { location: { board: string; id: string } }[] };
      expect(body.error.code).toBe('preflight_hits');
      expect(body.hits.map((hit) => hit.location.board)).toEqual([label]);
      expect(body.hits[0]!.location.id).toBe(eventId);
      expect((await api('GET', `/procedures/${procedure}/preflight`, { token: account })).body.hits).toHaveLength(1);
      await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => updateRecord(doc, 'events', eventId, { knownAtTheTime: '' }));
    }
    expect((await exportFile('md')).status).toBe(200);
  });

  it("a name on one board's Schutzliste is protected in the whole report", async () => {
    const moderatorOfB = t.token({ role: 'moderator', board: caseB });
    expect((await api('PUT', `/boards/${caseB}/schutzliste`, { token: moderatorOfB, body: { terms: ['Fehlzeiten'] } })).status).toBe(200);
    const refused = await exportFile('md');
    expect(refused.status).toBe(409);
    expect((await api('PUT', `/boards/${caseB}/schutzliste`, { token: moderatorOfB, body: { terms: [] } })).status).toBe(200);
    expect((await exportFile('md')).status).toBe(200);
  });

  it('is for the lead and the analysis team; a case board guest gets none of it', async () => {
    const guest = t.token({ role: 'analyst', board: caseA });
    expect((await exportFile('md', guest)).status).toBe(403);
    const office = (await api('POST', `/procedures/${procedure}/members`, { token: account, body: { name: 'Olaf Amt', role: 'jugendamt' } })).body.id;
    const officeToken = (await api('POST', `/procedures/${procedure}/members/${office}/token`, { token: account })).body.token;
    expect((await exportFile('md', officeToken)).status).toBe(403);
    const analyst = (await api('POST', `/procedures/${procedure}/members`, { token: account, body: { name: 'Ana Analyse', role: 'analyseteam' } })).body.id;
    const analystToken = (await api('POST', `/procedures/${procedure}/members/${analyst}/token`, { token: account })).body.token;
    expect((await exportFile('md', analystToken)).status).toBe(200);
    const bad = await api('GET', `/procedures/${procedure}/export?format=odt`, { token: account });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/format must be docx, pdf or md/);
  });
});
