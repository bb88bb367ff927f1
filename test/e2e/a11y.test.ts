import { readFileSync } from 'node:fs';
import { applyTemplate, createRecord, listRecords, migrateCaseModel, parseFuzzyDate, resetTimer, startTimer, TIMER_MAP } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { newPage } from '../helpers/browser.js';
import { once } from '../helpers/once.js';
import { browserBoard, selectFirstRecommendationCard } from '../helpers/e2e.js';
import { EXAMPLE_CASE_FILES } from '../helpers/fixtureBoard.js';
import { TEST_MODERATOR } from '../helpers/server.js';

/**
 * BITV 2.0 / WCAG 2.1 AA: axe-core finds no serious or critical violations on any page, panel or
 * dialog of the app. The whole document is checked, tldraw's canvas included (it passes as is).
 */

const ctx = browserBoard('Fallwerkstatt Bergstadt', (doc) => {
  migrateCaseModel(doc);
  const lane = listRecords(doc, 'lanes').records[1]!;
  createRecord(doc, 'events', { date: parseFuzzyDate('14.03.2019'), laneId: lane.id, fact: 'Kita meldet sich beim ASD', isKeySituation: true });
  createRecord(doc, 'themes', { name: 'Fallübergaben' });
  createRecord(doc, 'findings', { text: 'Übergaben erfolgten ohne Gespräch.' });
  createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip' });
  applyTemplate(doc, templateById('fallchronologie')!);
  applyTemplate(doc, templateById('empfehlungen')!);
});

const admin = { name: 'Anna Moderation', email: 'anna@jugendamt.example', password: 'ein-sicheres-passwort' };
const check = expectNoSeriousViolations;

async function openBoard(role: 'moderator' | 'editor' | 'observer', name: string): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  const token = ctx.t.token({ sub: `${role}-${name}`, name, role, board: ctx.boardId });
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${token}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

describe('accessibility of the pages', () => {
  // steps run once, for whichever test needs them first, so each test can also run alone
  const setupPage = once(async () => {
    const { page } = await newPage(ctx.browser);
    await page.goto(ctx.t.server.url);
    await page.getByRole('heading', { name: 'QE-Werkstatt einrichten' }).waitFor();
    return page;
  });
  const adminLoggedIn = once(async () => {
    const page = await setupPage();
    await page.getByLabel('Anzeigename').fill(admin.name);
    await page.getByLabel('E-Mail-Adresse').fill(admin.email);
    await page.getByLabel('Passwort', { exact: true }).fill(admin.password);
    await page.getByLabel('Passwort wiederholen').fill(admin.password);
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByRole('heading', { name: 'Fallwerkstätten' }).waitFor();
    return page;
  });

  it('setup page', async () => {
    const page = await setupPage();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await check(page, 'Einrichtung');
  });

  it('board list page', async () => {
    const page = await adminLoggedIn();
    await page.getByLabel('Name des Boards').fill('Zweites Board');
    await page.getByRole('button', { name: 'Board anlegen', exact: true }).click();
    await page.getByRole('link', { name: 'Zweites Board' }).waitFor();
    await check(page, 'Board-Übersicht');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Verfahren zu „Zweites Board“ abschließen' }).click();
    await page.getByRole('button', { name: /Verfahren zu „Zweites Board“ wieder öffnen/ }).waitFor();
    await check(page, 'Board-Übersicht mit abgeschlossenem Verfahren');
  });

  it('audit log page', async () => {
    const page = await adminLoggedIn();
    await page.getByRole('link', { name: 'Zugriffsprotokoll' }).click();
    await page.getByRole('heading', { name: 'Zugriffsprotokoll' }).waitFor();
    await page.getByRole('table').waitFor();
    await check(page, 'Zugriffsprotokoll');
  });

  it('login page', async () => {
    await adminLoggedIn(); // with an account set up, the start page asks to log in
    const { page: fresh } = await newPage(ctx.browser);
    await fresh.goto(ctx.t.server.url);
    await fresh.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await check(fresh, 'Anmeldung');
  });
});

describe('accessibility of the board', () => {
  /** the moderator's page, with an editor present; later tests open panels on it */
  const moderatorPage = once(async () => {
    const page = await openBoard('moderator', 'Mona Moderation');
    await openBoard('editor', 'Erik Editor');
    return page;
  });
  const chronologyTable = async (page: Page) => {
    await page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    await page.getByRole('table', { name: /^Fallchronologie/ }).waitFor();
  };

  it('canvas with participants, agenda, timer and vote panels', async () => {
    const page = await moderatorPage();
    await page.getByRole('heading', { name: 'Ablauf' }).waitFor();
    await check(page, 'Board (Zeichenfläche)');
    await page.getByRole('button', { name: /Alle 2 Teilnehmenden anzeigen/ }).click({ timeout: 10_000 });
    await page.locator('[data-participant="Erik Editor"]').waitFor({ timeout: 10_000 });
    await check(page, 'Liste der Teilnehmenden');
    await page.getByRole('button', { name: 'Schließen' }).click();
  });

  it('read-only board of an observer', async () => {
    const observer = await openBoard('observer', 'Olga Beobachtung');
    await observer.getByText('Nur lesen', { exact: false }).first().waitFor();
    await check(observer, 'Board (Beobachtung)');
    await chronologyTable(observer);
    await observer.locator('details.register').evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    await check(observer, 'Chronologie-Tabelle (Beobachtung)');
    await observer.close();
  });

  it('running timer and an open vote', async () => {
    const page = await moderatorPage();
    await page.getByRole('group', { name: 'Timer' }).getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Punktabfrage starten' }).click();
    await page.getByRole('button', { name: 'Punkt auf „Vier-Augen-Prinzip“ setzen' }).waitFor();
    await check(page, 'Timer und Punktabfrage');
    await page.getByRole('button', { name: 'Aufdecken' }).click();
    await check(page, 'Punktabfrage aufgedeckt');
  });

  it('record inspector and comments of a selected card', async () => {
    const page = await moderatorPage();
    await selectFirstRecommendationCard(page);
    await page.getByLabel('Neuer Kommentar (mit @Name erwähnen)').fill('Adressat klären');
    await page.getByRole('button', { name: 'Kommentieren' }).click();
    await page.locator('.thread').waitFor();
    await check(page, 'Inspektor und Kommentare');
  });

  it('chronology table with every register open', async () => {
    const page = await moderatorPage();
    await chronologyTable(page);
    await page.locator('details.register').evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    await check(page, 'Chronologie-Tabelle und Register');
  });

  it('import dialog with a preview', async () => {
    const page = await moderatorPage();
    await chronologyTable(page);
    await page.getByRole('button', { name: 'CSV importieren …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chronologie aus CSV importieren' });
    await check(page, 'Import-Dialog');
    await dialog.getByLabel('CSV-Datei').setInputFiles({
      name: 'chronologie.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(EXAMPLE_CASE_FILES.chronology),
    });
    await dialog.getByText(/Ereignisse sind bereit zum Import/).waitFor();
    await check(page, 'Import-Dialog mit Vorschau');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  });

  it('export dialog after the pre-flight check', async () => {
    const page = await moderatorPage();
    await page.getByRole('button', { name: 'Bericht exportieren …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verfahrensbericht exportieren' });
    await dialog.getByRole('button', { name: 'Anonymisierung prüfen' }).click();
    await dialog
      .getByText(/Fundstellen|Keine Fundstellen/)
      .first()
      .waitFor();
    await check(page, 'Export-Dialog');
    await dialog.getByRole('button', { name: 'Schließen' }).last().click();
  });

  it('invite dialog with a link', async () => {
    const page = await moderatorPage();
    await page.getByRole('button', { name: 'Einladen …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Einladungslinks' });
    await dialog.getByRole('button', { name: 'Link erstellen' }).click();
    await dialog
      .getByRole('textbox', { name: /Einladungslink/ })
      .first()
      .waitFor();
    await check(page, 'Einladungs-Dialog');
    await dialog.getByRole('button', { name: 'Schließen' }).click();
  });

  it('join page of an invite link', async () => {
    const moderatorToken = ctx.t.token({ sub: 'moderator-Mona Moderation', name: 'Mona Moderation', role: 'moderator', board: ctx.boardId });
    const created = await fetch(`${ctx.t.server.url}/api/boards/${ctx.boardId}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${moderatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor', label: 'Gast' }),
    });
    expect(created.status).toBe(201);
    const { path } = (await created.json()) as { path: string };
    const { page: guest } = await newPage(ctx.browser);
    await guest.goto(`${ctx.t.server.url}${path}`);
    await guest.getByRole('heading', { name: 'Einladung zur Fallwerkstatt' }).waitFor();
    await check(guest, 'Beitrittsseite');
  });
});

describe('screen-reader announcements of remote changes', () => {
  /** the text of the app's one polite live region */
  const liveText = (page: Page) => page.locator('[data-live-announcer]').innerText();
  const firstPage = once(() => openBoard('moderator', 'Mona Moderation'));
  const secondJoined = once(async () => {
    const first = await firstPage();
    // who is already there on arrival is not announced; wait out that grace period
    await first.waitForTimeout(2000);
    expect(await liveText(first)).not.toContain('Lena Liebig');
    const second = await openBoard('editor', 'Lena Liebig');
    return { first, second };
  });

  it('has one polite live region', async () => {
    const first = await firstPage();
    const region = first.locator('[aria-live="polite"][data-live-announcer]');
    expect(await region.count()).toBe(1);
    expect(await region.getAttribute('role')).toBe('status');
  });

  it('announces a participant who joins, by name', async () => {
    const { first, second } = await secondJoined();
    await expect.poll(() => liveText(first), { timeout: 10_000 }).toContain('Lena Liebig ist der Sitzung beigetreten.');
    // the newcomer hears nothing about the people already there (nothing to poll for: wait out the grace period)
    await second.waitForTimeout(2000);
    expect(await liveText(second)).not.toContain('beigetreten');
  });

  it('announces the phase the moderator starts to everyone else', async () => {
    const { first, second } = await secondJoined();
    await first.getByRole('button', { name: 'Phase „Empfehlungen“ starten' }).click();
    await expect.poll(() => liveText(second), { timeout: 10_000 }).toContain('Die Phase „Empfehlungen“ hat begonnen.');
    expect(await liveText(first)).not.toContain('hat begonnen');
  });

  it('announces the end of the timer', async () => {
    const { first, second } = await secondJoined();
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (doc) => doc.getMap(TIMER_MAP).set('state', startTimer(resetTimer(3000), Date.now())));
    await expect.poll(() => liveText(second), { timeout: 15_000 }).toContain('Die Zeit ist abgelaufen.');
    await expect.poll(() => liveText(first), { timeout: 5000 }).toContain('Die Zeit ist abgelaufen.');
  });
});
