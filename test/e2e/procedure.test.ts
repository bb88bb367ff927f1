import { existsSync } from 'node:fs';
import path from 'node:path';
import { applyTemplate, createRecord, listRecords, migrateCaseModel } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { foreignRequests, launchChromium } from '../helpers/browser.js';
import { once } from '../helpers/once.js';
import { restingBox, selectFirstRecommendationCard } from '../helpers/e2e.js';
import { screenshot } from '../helpers/screenshots.js';
import { startTestServer, TEST_MODERATOR, type TestServer } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');
const admin = { name: 'Lea Leitung', email: 'lea@zustaendige-stelle.example', password: 'ein-sehr-langes-passwort' };

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer();
  browser = await launchChromium();
  const setup = await fetch(`${t.server.url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  expect(setup.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

let createdProcedure = '';
/** the procedure the test created (its page's address; remembered for when the page has moved on) */
const procedureId = (page: Page) => (createdProcedure ||= new URL(page.url()).pathname.split('/').pop()!);

describe('the procedure page', () => {
  const requests: string[] = [];
  const onProcedurePage = once(async () => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    await page.goto(`${t.server.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(admin.email);
    await page.getByLabel('Passwort').fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Verfahren', exact: true }).waitFor();
    await page.getByLabel('Titel des Verfahrens').fill('QE-Verfahren Musterstadt 2026');
    await page.getByLabel('Jugendamt', { exact: true }).fill('Jugendamt Musterstadt');
    await page.getByRole('button', { name: 'Verfahren anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'QE-Verfahren Musterstadt 2026' }).waitFor();
    procedureId(page);
    return page;
  });

  const withBoards = once(async () => {
    const page = await onProcedurePage();
    const addBoard = async (name: string, kind: string, selection?: string) => {
      const form = page.getByRole('form', { name: 'Board hinzufügen' });
      await form.getByLabel('Name des Boards').fill(name);
      await form.getByLabel('Art').selectOption({ label: kind });
      if (selection) await form.getByLabel('Auswahl des Falls').selectOption(selection);
      await form.getByRole('button', { name: 'Board hinzufügen' }).click();
      await page.getByRole('link', { name, exact: true }).waitFor();
    };
    await addBoard('Fallwerkstatt März', 'Fallwerkstatt', 'gezielt');
    await addBoard('Fallwerkstatt April', 'Fallwerkstatt', 'zufällig');
    await addBoard('Das Haus Musterstadt', 'Strukturanalyse');
    return page;
  });

  it('creates a procedure from the board list and shows its seven phases, the first one current', async () => {
    const page = await onProcedurePage();
    const steps = page.getByRole('list').filter({ hasText: 'Vorbereitung' }).getByRole('listitem');
    await expect
      .poll(() => steps.allTextContents())
      .toEqual([
        'Vorbereitung',
        'Fallauswahl',
        'Fallwerkstätten',
        'Strukturanalyse',
        'Berichtsentwurf',
        'Rückmeldung an das Jugendamt',
        'Bericht im Jugendhilfeausschuss',
      ]);
    await expect.poll(() => page.locator('[aria-current="step"]').textContent()).toBe('Vorbereitung');
    // the nine quality topics of the procedure
    await expect.poll(() => page.getByRole('heading', { name: 'Qualitätsthemen' }).locator('xpath=following-sibling::ul[1]/li').count()).toBe(9);
  });

  it('adds two case boards with their selection and one structure board, each with its neutral label', async () => {
    const page = await withBoards();
    const rows = page.getByRole('table').getByRole('row');
    await expect
      .poll(async () => (await rows.allInnerTexts()).map((row) => row.split('\t').map((cell) => cell.trim())))
      .toEqual([
        ['Kennung', 'Board', 'Art', 'Auswahl des Falls'],
        ['Fall A', 'Fallwerkstatt März', 'Fallwerkstatt', 'gezielt'],
        ['Fall B', 'Fallwerkstatt April', 'Fallwerkstatt', 'zufällig'],
        ['Strukturanalyse', 'Das Haus Musterstadt', 'Strukturanalyse', '–'],
      ]);
    // one structural analysis per procedure
    await expect.poll(() => page.getByRole('form', { name: 'Board hinzufügen' }).getByRole('option', { name: 'Strukturanalyse' }).isDisabled()).toBe(true);
    const stored = (await t.server.storage.procedures.get(procedureId(page)))!;
    expect(stored.boards.map((board) => [board.label, board.kind, board.selection])).toEqual([
      ['Fall A', 'case', 'gezielt'],
      ['Fall B', 'case', 'zufällig'],
      ['Strukturanalyse', 'structure', null],
    ]);
  });

  it('moves the phase, lists who takes part and the open recommendations; axe finds nothing serious; screenshot', async () => {
    const page = await withBoards();
    await page.getByLabel('Aktuelle Phase').selectOption('Fallwerkstätten');
    await expect.poll(() => page.locator('[aria-current="step"]').textContent()).toBe('Fallwerkstätten');
    expect((await t.server.storage.procedures.get(procedureId(page)))!.phase).toBe('Fallwerkstätten');

    const form = page.getByRole('form', { name: 'Person eintragen' });
    await form.getByLabel('Name').fill('Ana Analyse');
    await form.getByLabel('Rolle').selectOption({ label: 'Analyseteam' });
    await form.getByLabel('Organisation').fill('Zuständige Stelle');
    await form.getByRole('button', { name: 'Person eintragen' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Ana Analyse' }).waitFor();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Wer beteiligt ist' }).locator('xpath=following-sibling::ul[1]').innerText())
      .toContain('Analyseteam');

    const caseA = (await t.server.storage.procedures.get(procedureId(page)))!.boards[0]!.id;
    await t.server.registry.writeBoard(caseA, TEST_MODERATOR, (doc) =>
      createRecord(doc, 'recommendations', { title: 'Fallübergaben im Gespräch statt per Schreiben', priority: 'hoch', addressee: 'Leitung ASD' }),
    );
    await page.reload();
    await page.getByText('Fallübergaben im Gespräch statt per Schreiben').waitFor();
    expect(await page.getByRole('heading', { name: 'Offene Empfehlungen' }).locator('xpath=following-sibling::ul[1]').innerText()).toMatch(
      /Fallübergaben im Gespräch statt per Schreiben\s+Fall A · Priorität hoch · Entwurf/,
    );
    // the topics are the procedure's: a new one reaches every board
    await page.getByText('Qualitätsthemen bearbeiten').click();
    const topics = page.getByLabel('Qualitätsthemen, eines je Zeile');
    await topics.fill(`${await topics.inputValue()}\nÜbergänge zwischen Diensten`);
    await page.getByRole('button', { name: 'Themen speichern' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Übergänge zwischen Diensten' }).waitFor();
    await expect
      .poll(() => t.server.registry.withBoard(caseA, ({ doc }) => listRecords(doc, 'themes').records.map((theme) => theme.name)))
      .toContain('Übergänge zwischen Diensten');
    await page.getByText('Qualitätsthemen bearbeiten').click();
    await expectNoSeriousViolations(page, 'procedure page');
    await screenshot(page, 'verfahren');
  });

  it("downloads the procedure's report, and the board list groups the boards by procedure", async () => {
    const page = await withBoards();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'MD herunterladen' }).click()]);
    expect(download.suggestedFilename()).toBe('QE-Bericht-QE-Verfahren_Musterstadt_2026.md');
    await page.getByRole('link', { name: '← Zur Übersicht' }).click();
    const group = page.getByRole('region', { name: /QE-Verfahren Musterstadt 2026/ });
    await group.getByRole('link', { name: 'Fallwerkstatt März' }).waitFor();
    await expect.poll(() => group.locator('.board-label').allTextContents()).toEqual(['Fall A', 'Fall B', 'Strukturanalyse']);
    // boards of a procedure are not listed again below
    await expect.poll(() => page.getByRole('link', { name: 'Fallwerkstatt März' }).count()).toBe(1);
    await expectNoSeriousViolations(page, 'board list with procedures');
    expect(foreignRequests(requests, t.server.url)).toEqual([]);
  });

  it('opens the structure board as "Das Jugendamt als Haus": indicators and documents in their areas, the structural finding beside them', async () => {
    const page = await withBoards();
    const house = (await t.server.storage.procedures.get(procedureId(page)))!.boards.find((board) => board.kind === 'structure')!.id;
    await t.server.registry.writeBoard(house, TEST_MODERATOR, (doc) => {
      const load = createRecord(doc, 'indicators', {
        area: 'Personal und Organisation',
        name: 'Fallbelastung ASD je Vollzeitstelle',
        value: '38',
        unit: 'Fälle',
        year: 2025,
        comparison: 'NRW: 31',
        source: 'Personalstatistik',
      });
      createRecord(doc, 'indicators', { area: 'Soziale Lage', name: 'Kinder im SGB-II-Bezug', value: '21,4', unit: '%', year: 2024, comparison: 'NRW: 17,9' });
      createRecord(doc, 'indicators', { area: 'Soziale Infrastruktur', name: 'Plätze in Frauenhäusern je 10.000 Ew.', value: '0,8', year: 2025 });
      const instruction = createRecord(doc, 'reviewedDocuments', {
        title: 'Dienstanweisung Kinderschutz',
        date: { text: '2016', precision: 'year', approximate: false, sortKey: '2016-01-01' },
        status: 'veraltet',
        finding: 'Partnerschaftsgewalt kommt nicht vor.',
      });
      createRecord(doc, 'structuralFindings', {
        text: 'Die Fallbelastung im ASD liegt deutlich über dem Landeswert.',
        indicatorIds: [load.id],
        documentIds: [instruction.id],
      });
    });
    await page.goto(`${t.server.url}/boards/${house}`);
    await page.locator('.template-menu summary').click();
    await page.getByRole('button', { name: 'Zu „Das Jugendamt als Haus“', exact: true }).click();
    await page.keyboard.press('Escape');
    const indicator = page.locator('.qe-card-indicator').filter({ hasText: 'Fallbelastung ASD je Vollzeitstelle' });
    await restingBox(indicator);
    expect(await indicator.innerText()).toMatch(/Indikator 1[\s\S]*38 Fälle[\s\S]*Vergleich: NRW: 31/);
    expect(await page.locator('.qe-card-document').innerText()).toMatch(/Dokument 1[\s\S]*veraltet/);
    expect(await page.locator('.qe-card-structural').innerText()).toMatch(/Strukturbefund 1[\s\S]*Indikator 1 · Dokument 1/);
    await expect.poll(() => page.locator('.qe-card-missing').count()).toBe(0);
    await screenshot(page, 'strukturanalyse-haus');
  });

  it("the structure board's table view edits the house: an indicator added there is a record of the board", async () => {
    const page = await withBoards();
    const house = (await t.server.storage.procedures.get(procedureId(page)))!.boards.find((board) => board.kind === 'structure')!.id;
    if (!page.url().endsWith(house)) await page.goto(`${t.server.url}/boards/${house}`);
    await page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    await page.getByText(/^Indikatoren \(\d+\)$/).click();
    const form = page.getByRole('form', { name: 'Indikator hinzufügen' });
    await form.getByLabel('Bereich des Hauses').selectOption('Befragungsergebnisse');
    await form.getByLabel('Indikator', { exact: true }).fill('Zufriedenheit mit der Einarbeitung');
    await form.getByLabel('Wert', { exact: true }).fill('2,9');
    await form.getByLabel('Einheit').fill('Schulnote');
    await form.getByLabel('Jahr').fill('2025');
    await form.getByRole('button', { name: 'Indikator hinzufügen' }).click();
    await expect
      .poll(() =>
        t.server.registry.withBoard(house, ({ doc }) =>
          listRecords(doc, 'indicators').records.map((indicator) => [indicator.area, indicator.name, indicator.value, indicator.year]),
        ),
      )
      .toContainEqual(['Befragungsergebnisse', 'Zufriedenheit mit der Einarbeitung', '2,9', 2025]);
    await page.getByText(/^Gesichtete Dokumente \(\d+\)$/).click();
    await page.getByText(/^Strukturbefunde \(\d+\)$/).click();
    await expectNoSeriousViolations(page, 'structure registers');
  });

  it("a recommendation of Fall A cites Fall B's finding, chosen in the inspector; the procedure's report cites it", async () => {
    const page = await withBoards();
    const [caseA, caseB] = (await t.server.storage.procedures.get(procedureId(page)))!.boards;
    await t.server.registry.writeBoard(caseB!.id, TEST_MODERATOR, (doc) => {
      createRecord(doc, 'findings', { text: 'Die Gefährdungseinschätzung wurde nicht im Team beraten.' });
    });
    await t.server.registry.writeBoard(caseA!.id, TEST_MODERATOR, (doc) => {
      migrateCaseModel(doc);
      if (listRecords(doc, 'recommendations').records.length === 0) createRecord(doc, 'recommendations', { title: 'Gefährdung im Team einschätzen' });
      applyTemplate(doc, templateById('empfehlungen')!);
    });
    await page.goto(`${t.server.url}/boards/${caseA!.id}`);
    await selectFirstRecommendationCard(page);
    const inspector = page.locator('.inspector');
    const others = inspector.getByRole('group', { name: 'Belege aus anderen Boards des Verfahrens' });
    const inB = others.getByRole('checkbox', { name: 'Fall B, Befund 1: Die Gefährdungseinschätzung wurde nicht im Team beraten.' });
    await inB.check();
    await expect
      .poll(() => t.server.registry.withBoard(caseA!.id, ({ doc }) => listRecords(doc, 'recommendations').records.flatMap((rec) => rec.evidence.boards)))
      .toEqual([expect.objectContaining({ boardId: caseB!.id, kind: 'findings' })]);
    await expectNoSeriousViolations(page, 'recommendation inspector with evidence from other boards');
    await screenshot(page, 'verfahren-belege');

    const moderator = t.token({ role: 'moderator' });
    const headers = { authorization: `Bearer ${moderator}` };
    const preflight = await fetch(`${t.server.url}/api/procedures/${procedureId(page)}/preflight`, { headers });
    expect(((await preflight.json()) as { hits: unknown[] }).hits).toEqual([]);
    const report = await fetch(`${t.server.url}/api/procedures/${procedureId(page)}/export?format=md`, { headers });
    expect(report.status).toBe(200);
    expect((await report.text()).replace(/\*\*/g, '')).toContain('Belege: Fall B, Befund 1');

    // unticked, the evidence is gone again
    await inB.uncheck();
    await expect
      .poll(() => t.server.registry.withBoard(caseA!.id, ({ doc }) => listRecords(doc, 'recommendations').records.flatMap((rec) => rec.evidence.boards)))
      .toEqual([]);
  });

  it("the structure board's table view opens a structural finding's window onto Fall B's finding; the report names it", async () => {
    const page = await withBoards();
    const boards = (await t.server.storage.procedures.get(procedureId(page)))!.boards;
    const caseB = boards[1]!;
    const house = boards.find((board) => board.kind === 'structure')!.id;
    await t.server.registry.writeBoard(house, TEST_MODERATOR, (doc) => {
      if (listRecords(doc, 'structuralFindings').records.length === 0) createRecord(doc, 'structuralFindings', { text: 'Die Fallbelastung im ASD ist hoch.' });
    });
    await page.goto(`${t.server.url}/boards/${house}`);
    await page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    await page.getByText(/^Strukturbefunde \(\d+\)$/).click();
    const windows = page.getByLabel('Fenster in die Fälle (Befunde der Fallwerkstätten)').first();
    await windows.selectOption({ label: 'Fall B, Befund 1: Die Gefährdungseinschätzung wurde nicht im Team beraten.' });
    await expect
      .poll(() => t.server.registry.withBoard(house, ({ doc }) => listRecords(doc, 'structuralFindings').records.flatMap((finding) => finding.windows)))
      .toEqual([expect.objectContaining({ boardId: caseB.id })]);
    await windows.scrollIntoViewIfNeeded();
    await screenshot(page, 'strukturbefund-fenster');
    await expectNoSeriousViolations(page, 'structural finding windows');
    const headers = { authorization: `Bearer ${t.token({ role: 'moderator' })}` };
    const report = await fetch(`${t.server.url}/api/procedures/${procedureId(page)}/export?format=md`, { headers });
    expect(report.status).toBe(200);
    expect((await report.text()).replace(/\*\*/g, '')).toContain('Fenster in die Fälle: Fall B, Befund 1');
  });

  it('gives a member a link that opens the procedure and its boards without an account, and removing the member ends it', async () => {
    const page = await withBoards();
    await page.goto(`${t.server.url}/procedures/${procedureId(page)}`);
    const form = page.getByRole('form', { name: 'Person eintragen' });
    await form.getByLabel('Name').fill('Tom Team');
    await form.getByLabel('Rolle').selectOption({ label: 'Analyseteam' });
    await form.getByRole('button', { name: 'Person eintragen' }).click();
    await page.getByRole('button', { name: 'Zugangslink erstellen für „Tom Team“' }).click();
    const field = page.getByLabel('Zugangslink für „Tom Team“');
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toContain(`/procedures/${procedureId(page)}#token=`);
    await expectNoSeriousViolations(page, 'procedure page with a member link');
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, 'verfahren-zugangslink');

    // the member, in a browser without an account: the procedure, then a board as the analysis team
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 720 } });
    try {
      const member = await context.newPage();
      await member.goto(link);
      await member.getByRole('heading', { level: 1, name: 'QE-Verfahren Musterstadt 2026' }).waitFor();
      expect(member.url()).not.toContain('token=');
      expect(await member.getByRole('button', { name: /Zugangslink erstellen/ }).count()).toBe(0);
      await member.getByRole('link', { name: 'Fallwerkstatt März', exact: true }).click();
      await member.locator('[data-state="connected"]').waitFor({ timeout: 30_000 });

      // removed: asked first, then the link opens nothing any more
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Entfernen: „Tom Team“' }).click();
      await page.getByText('„Tom Team“ entfernt; der Zugang endet sofort.').waitFor();
      expect((await t.server.storage.procedures.get(procedureId(page)))!.members.map((m) => m.name)).not.toContain('Tom Team');
      const again = await context.newPage();
      await again.goto(link);
      await again.getByRole('alert').waitFor({ timeout: 10_000 });
      expect(await again.getByRole('heading', { level: 1, name: 'QE-Verfahren Musterstadt 2026' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
