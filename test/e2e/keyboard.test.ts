import { createRecord, listRecords, migrateCaseModel, parseFuzzyDate } from '@qe/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';

/**
 * WCAG 2.1.1: the chronology workflow works with the keyboard alone. After the page has loaded
 * (logged in through the token in the URL) these tests only press keys: no clicks, no `fill`.
 */

const ctx = browserBoard('Tastatur', (doc) => {
  migrateCaseModel(doc);
  const lane = listRecords(doc, 'lanes').records[1]!;
  createRecord(doc, 'events', { date: parseFuzzyDate('14.03.2019'), laneId: lane.id, fact: 'Kita meldet sich beim ASD' });
});

async function openBoard(): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  const token = ctx.t.token({ sub: 'editor-kim', name: 'Kim Tastatur', role: 'editor', board: ctx.boardId });
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${token}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

/** A fresh page, moved by keyboard from the canvas to the chronology table through the skip link. */
async function openTable(): Promise<Page> {
  const page = await openBoard();
  await tabTo(page, 'Zur Tabellenansicht springen (Tastaturbedienung)');
  await page.keyboard.press('Enter');
  await page.getByRole('table', { name: /^Fallchronologie/ }).waitFor();
  return page;
}

/** what a screen reader would call the focused element (enough for our own controls) */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.innerText ?? element.innerText;
    return (label ?? '').trim().replace(/\s+/g, ' ');
  });

/** the focused element is marked: an outline or a box shadow (WCAG 2.4.7) */
const focusIsVisible = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  });

/** Presses Tab (or Shift+Tab) until the focused element has the given name; fails with the way it went. */
async function tabTo(page: Page, name: string | RegExp, { backwards = false, max = 120 } = {}) {
  const visited: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const current = await focusedName(page);
    visited.push(current);
    if (typeof name === 'string' ? current === name : name.test(current)) {
      expect(await focusIsVisible(page), `focus on „${current}“ is not visible`).toBe(true);
      return;
    }
  }
  throw new Error(`„${String(name)}“ not reached with ${backwards ? 'Shift+Tab' : 'Tab'}; focus went: ${visited.join(' → ')}`);
}

/** Replaces the focused field's text by typing, as a keyboard user would. */
async function retype(page: Page, text: string) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

const serverRecords = async <K extends 'events' | 'recommendations'>(kind: K) =>
  ctx.t.server.registry.withBoard(ctx.boardId, ({ doc }) => listRecords(doc, kind).records);

describe('the chronology with the keyboard alone', () => {
  it('leads from the canvas to the table with a skip link', async () => {
    const page = await openBoard();
    await tabTo(page, 'Zur Tabellenansicht springen (Tastaturbedienung)');
    const box = await page.evaluate(() => document.activeElement!.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.left, 'the focused skip link is on screen').toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: /^Fallchronologie/ }).waitFor();
    expect(await focusedName(page)).toBe('Fallchronologie');
  });

  it('adds an event and edits its fields', async () => {
    const page = await openTable();
    await tabTo(page, 'Ereignis hinzufügen');
    await page.keyboard.press('Enter');
    // the new event's first cell has the focus
    await expect.poll(() => focusedName(page)).toBe('Datum, Ereignis 2');
    expect(await focusIsVisible(page)).toBe(true);
    await retype(page, '01.06.2020');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Spur, Ereignis 2');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Was ist passiert?, Ereignis 2');
    await retype(page, 'Hausbesuch ohne Anmeldung');
    await tabTo(page, 'Was wusste man damals?, Ereignis 2'); // leaving the cell saves it
    await retype(page, 'Hinweise der Kita lagen vor');
    await tabTo(page, 'Quelle, Ereignis 2');
    await retype(page, 'Akte Bl. 12');
    await page.keyboard.press('Enter');

    const lanes = await ctx.t.server.registry.withBoard(ctx.boardId, ({ doc }) => listRecords(doc, 'lanes').records.sort((a, b) => a.order - b.order));
    await expect
      .poll(async () => (await serverRecords('events')).find((event) => event.fact === 'Hausbesuch ohne Anmeldung'), { timeout: 5000 })
      .toMatchObject({ date: { text: '01.06.2020' }, knownAtTheTime: 'Hinweise der Kita lagen vor', source: 'Akte Bl. 12', laneId: lanes[1]!.id });
  });

  it('restores a cell with Escape instead of saving it', async () => {
    const page = await openTable();
    await tabTo(page, 'Was ist passiert?, Ereignis 1');
    await retype(page, 'verworfener Text');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByLabel('Was ist passiert?, Ereignis 1', { exact: true }).inputValue()).toBe('Kita meldet sich beim ASD');
    await page.keyboard.press('Tab');
    // nothing to wait for: give a wrongly saved value the time it would take to arrive
    await page.waitForTimeout(300);
    expect((await serverRecords('events')).some((event) => event.fact === 'verworfener Text')).toBe(false);
  });

  it('adds a recommendation in its register and edits it', async () => {
    const page = await openTable();
    await tabTo(page, 'Empfehlungen (0)');
    await page.keyboard.press('Enter'); // opens the register
    await tabTo(page, 'Neue Empfehlung (Titel)');
    await page.keyboard.type('Vier-Augen-Prinzip');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await serverRecords('recommendations')).map((r) => r.title), { timeout: 5000 }).toEqual(['Vier-Augen-Prinzip']);

    await tabTo(page, 'Titel, Empfehlung 1', { backwards: true });
    await retype(page, 'Vier-Augen-Prinzip bei Fallübergaben');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Adressat, Empfehlung 1');
    await page.keyboard.type('Leitung ASD');
    await tabTo(page, 'Angestrebte Wirkung für Kinder und Familien, Empfehlung 1');
    await page.keyboard.type('Gefährdungen werden früher erkannt');
    await tabTo(page, 'Zeitrahmen, Empfehlung 1');
    await page.keyboard.type('bis Ende 2025');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Priorität, Empfehlung 1');
    await page.keyboard.press('ArrowUp'); // mittel → hoch

    await expect
      .poll(async () => (await serverRecords('recommendations'))[0], { timeout: 5000 })
      .toMatchObject({
        title: 'Vier-Augen-Prinzip bei Fallübergaben',
        addressee: 'Leitung ASD',
        intendedOutcome: 'Gefährdungen werden früher erkannt',
        timeframe: 'bis Ende 2025',
        priority: 'hoch',
      });
  });
});

describe('dialogs with the keyboard', () => {
  it('opens the import dialog, closes it with Escape and returns the focus', async () => {
    const page = await openTable();
    await tabTo(page, 'CSV importieren …');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Chronologie aus CSV importieren' });
    await dialog.waitFor();
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedName(page)).toBe('CSV importieren …');
  });
});

describe('the canvas with the keyboard', () => {
  it('offers a skip link past the canvas to the side panel', async () => {
    const page = await openBoard();
    await tabTo(page, 'Zur Seitenleiste springen');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('side-panel');
    expect(await focusIsVisible(page)).toBe(true);
    // from there on, Tab goes on into the side panel, not back into the canvas
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#side-panel')))).toBe(true);
  });
});
