import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';

const ctx = browserBoard('Timer');

async function open(role: 'moderator' | 'editor' | 'observer', skewMs = 0): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  if (skewMs) {
    // this participant's computer clock is wrong by skewMs
    await page.addInitScript((skew) => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + skew;
    }, skewMs);
  }
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: `${role}-x`, name: role, role, board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  return page;
}

/** When this page expects the timer to end, in real time (server clock). */
async function expectedEnd(page: Page): Promise<number> {
  const remaining = Number(await page.locator('.timer-display').getAttribute('data-remaining-ms'));
  return Date.now() + remaining;
}

describe('workshop timer and participants', () => {
  it('shows the same remaining time for everyone, despite wrong clocks and after a reload', async () => {
    const moderator = await open('moderator');
    const editor = await open('editor', 3 * 60_000);
    const observer = await open('observer', -2 * 60_000);
    expect(await editor.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);

    // everyone sees everyone in the list of participants, with role and where they are
    for (const page of [moderator, editor, observer]) {
      await page.getByRole('button', { name: /Alle 3 Teilnehmenden anzeigen/ }).click({ timeout: 5000 });
      await page.getByRole('heading', { name: 'Teilnehmende (3)' }).waitFor({ timeout: 5000 });
    }
    await moderator.getByLabel('Ich bin im Raum').check();
    await observer.locator('[data-participant="moderator"]').getByText('Moderation · im Raum').waitFor({ timeout: 5000 });
    await moderator.locator('[data-participant="observer"]').getByText('Beobachtung (nur lesen) · zugeschaltet').waitFor();

    // the moderator makes the editor an observer: it takes effect live
    await moderator.getByLabel('Rolle von editor').selectOption('observer');
    await editor.getByRole('note').getByText('Nur lesen').waitFor({ timeout: 10_000 });
    await moderator.locator('[data-participant="editor"] .meta').getByText('Beobachtung (nur lesen)', { exact: false }).waitFor({ timeout: 10_000 });
    for (const page of [moderator, editor, observer]) await page.getByRole('dialog').getByRole('button', { name: 'Schließen' }).click();

    await moderator.getByLabel('Minuten').fill('5');
    await moderator.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => observer.locator('.timer-display').innerText()).toMatch(/^0[45]:\d\d$/);
    // every clock corrects itself with the server's time: the expected ends come to agree
    const spread = async () => {
      const ends = await Promise.all([moderator, editor, observer].map(expectedEnd));
      return Math.max(...ends) - Math.min(...ends);
    };
    await expect.poll(spread).toBeLessThan(1000);
    const end = await expectedEnd(moderator);

    await editor.reload();
    await editor.locator('[data-state="connected"]').waitFor();
    await expect.poll(async () => Math.abs((await expectedEnd(editor)) - end)).toBeLessThan(1000);

    await moderator.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => observer.getByRole('status').filter({ hasText: 'Timer angehalten' }).count()).toBe(1);
  });
});
