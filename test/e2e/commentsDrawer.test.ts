import { addComment, applyTemplate, createRecord, migrateCaseModel, setThreadResolved } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';
import { screenshot } from '../helpers/screenshots.js';
import { TEST_MODERATOR } from '../helpers/server.js';

/** All comment threads of a board in one drawer from the top bar: filtered, each leading to its card, usable by keyboard. */
const ctx = browserBoard('Kommentarleiste', (doc) => {
  migrateCaseModel(doc);
  const a = createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip bei Fallübergaben', priority: 'hoch' });
  const b = createRecord(doc, 'recommendations', { title: 'Kinder in Hilfeplangesprächen beteiligen' });
  applyTemplate(doc, templateById('empfehlungen')!);
  const author = { id: TEST_MODERATOR.id, name: TEST_MODERATOR.name };
  addComment(doc, {
    id: 'c1',
    target: { kind: 'recommendations', id: a.id },
    author,
    text: 'Wer ist Adressat, @Erik?',
    createdAt: '2026-11-30T09:00:00Z',
    knownNames: ['Erik'],
  });
  addComment(doc, {
    id: 'c2',
    target: { kind: 'recommendations', id: a.id },
    parentId: 'c1',
    author,
    text: 'Leitung ASD',
    createdAt: '2026-11-30T09:05:00Z',
    knownNames: [],
  });
  addComment(doc, {
    id: 'c3',
    target: { kind: 'recommendations', id: b.id },
    author,
    text: 'Zeitrahmen geklärt',
    createdAt: '2026-11-30T08:00:00Z',
    knownNames: [],
  });
  addComment(doc, {
    id: 'c4',
    target: { kind: 'recommendations', id: b.id },
    author,
    text: 'Formulierung mit @Erik abstimmen',
    createdAt: '2026-11-30T10:00:00Z',
    knownNames: ['Erik'],
  });
});

async function open(): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: 'mona', name: 'Mona', role: 'moderator', board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

describe('the comments drawer', () => {
  it('lists all threads, open first, filtered; a thread leads to its card; mentions filter; keyboard and Esc', async () => {
    // resolved in a write of its own: a comment is not posted resolved (shared rules)
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (doc) => setThreadResolved(doc, 'c3', true));
    const page = await open();
    const toggle = page.getByRole('button', { name: 'Kommentare 2 offen' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('complementary', { name: 'Kommentare des Boards' });
    await drawer.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // the focus moves into the drawer
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('comments-drawer-heading');

    const threads = drawer.locator('.comments-drawer-list > li');
    expect(await threads.count()).toBe(2);
    expect(await threads.first().innerText()).toContain('Wer ist Adressat');
    expect(await threads.first().innerText()).toContain('Leitung ASD');
    expect(await threads.first().locator('.thread-target').innerText()).toMatch(/^Empfehlung \d: Vier-Augen-Prinzip/);

    await drawer.getByRole('radio', { name: 'erledigt (1)' }).check();
    expect(await threads.count()).toBe(1);
    expect(await threads.first().innerText()).toContain('Zeitrahmen geklärt');
    await drawer.getByRole('radio', { name: 'alle (3)' }).check();
    expect(await threads.count()).toBe(3);
    // open ones first
    expect(await threads.last().innerText()).toContain('Zeitrahmen geklärt');

    // a mention shows the threads that mention that person
    await drawer.getByRole('button', { name: 'Nur Diskussionen, in denen Erik erwähnt ist' }).first().click();
    expect(await threads.count()).toBe(2);
    await drawer.getByRole('button', { name: 'Alle zeigen' }).click();
    expect(await threads.count()).toBe(3);
    await drawer.getByRole('radio', { name: 'offen (2)' }).check();
    await expectNoSeriousViolations(page, 'comments drawer');

    // by keyboard to the first thread's card: selected, its comments beside it
    await threads.first().locator('.thread-target').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Empfehlung', exact: true }).waitFor({ timeout: 5000 });
    await page.locator('.selection-panel .comments').getByText('Wer ist Adressat', { exact: false }).waitFor();
    await screenshot(page, 'comments-drawer-1280x720');

    // Esc closes the drawer and gives the focus back to its button
    await threads.first().locator('.thread-target').focus();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('comments-toggle');

    // from the table, a thread switches to the canvas and selects its card
    await page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    await toggle.click();
    await drawer.locator('.thread-target').last().click();
    await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
    await page.locator('.selection-panel .comments').getByText('Formulierung mit', { exact: false }).waitFor({ timeout: 5000 });
  });
});
