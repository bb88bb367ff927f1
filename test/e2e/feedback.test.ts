import { resetTimer, startTimer, TIMER_MAP } from '@qe/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';
import { TEST_MODERATOR } from '../helpers/server.js';

/** What the room notices: the end of the timer, and whose cursors move over the canvas. */
const ctx = browserBoard('Rückmeldungen');

async function open(role: 'moderator' | 'editor' | 'observer', name: string): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: name.toLowerCase(), name, role, board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

const liveText = (page: Page) => page.locator('[data-live-announcer]').innerText();

describe('facilitation feedback', () => {
  it('signals the end of the timer to everyone: red, in words, and for screen readers', async () => {
    const observer = await open('observer', 'Olga');
    const display = observer.locator('.board-header .timer');
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (doc) => doc.getMap(TIMER_MAP).set('state', startTimer(resetTimer(2000), Date.now())));
    await expect.poll(() => display.getAttribute('data-ended'), { timeout: 10_000 }).toBe('true');
    await display.getByText('Zeit abgelaufen').waitFor();
    expect(await display.evaluate((element) => getComputedStyle(element).borderColor)).toBe('rgb(163, 45, 45)');
    await expect.poll(() => liveText(observer), { timeout: 5000 }).toContain('Die Zeit ist abgelaufen.');

    // a new round clears the signal
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (doc) => doc.getMap(TIMER_MAP).set('state', resetTimer(60_000)));
    await expect.poll(() => display.getAttribute('data-ended'), { timeout: 5000 }).toBe(null);
    await observer.close();
  });

  it('shows editors’ cursors to the others, never an observer’s', async () => {
    const mona = await open('moderator', 'Mona');
    const olga = await open('observer', 'Olga');
    const erik = await open('editor', 'Erik');
    // the observer moves first, then the editor: once the editor's cursor is seen, the observer's would be too
    for (const [page, x] of [
      [olga, 300],
      [erik, 400],
    ] as const) {
      await page.mouse.move(x, 300);
      await page.mouse.move(x + 20, 320, { steps: 5 });
    }
    await mona.locator('.tl-nametag', { hasText: 'Erik' }).waitFor({ timeout: 10_000 });
    await olga.mouse.move(350, 350, { steps: 5 });
    await mona.waitForTimeout(500);
    expect(await mona.locator('.tl-nametag', { hasText: 'Olga' }).count()).toBe(0);
    expect(await erik.locator('.tl-nametag', { hasText: 'Olga' }).count()).toBe(0);
    // the observer does not even send it
    const live = await ctx.t.server.registry.open(ctx.boardId);
    const olgaState = [...live.awareness.getStates().values()].find((state) => (state as { participant?: { name?: string } }).participant?.name === 'Olga') as
      { presence?: unknown } | undefined;
    expect(olgaState).toBeDefined();
    expect(olgaState!.presence ?? null).toBeNull();
  });
});
