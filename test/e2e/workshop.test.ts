import { applyTemplate, createRecord, DOC_LAYOUT, listRecords, migrateCaseModel, parseFuzzyDate, type Role } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Browser, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { browserBoard, selectFirstRecommendationCard } from '../helpers/e2e.js';
import { recordRequests } from '../helpers/browser.js';
import { screenshot } from '../helpers/screenshots.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

/**
 * A Fallwerkstatt of 60: the moderator in a 1280×720 browser, 59 others joined over the sync
 * protocol as their browsers would (awareness `participant`). The moderator's tools and the
 * inspector of a selected card must be on screen without scrolling.
 */

const ctx = browserBoard('Fallwerkstatt Bergstadt 2026 – Verfahren nach § 8 LKSG', (doc) => {
  migrateCaseModel(doc);
  const lane = listRecords(doc, 'lanes').records[1]!;
  createRecord(doc, 'events', { date: parseFuzzyDate('14.03.2019'), laneId: lane.id, fact: 'Kita meldet sich beim ASD', isKeySituation: true });
  createRecord(doc, 'themes', { name: 'Fallübergaben' });
  createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip bei Fallübergaben' });
  createRecord(doc, 'recommendations', { title: 'Kollegiale Beratung verbindlich' });
  applyTemplate(doc, templateById('fallchronologie')!);
  applyTemplate(doc, templateById('empfehlungen')!);
});

const ROLES: Role[] = ['editor', 'analyst', 'observer'];
const joined: ReturnType<typeof connectProvider>[] = [];

/** How many record cards of a kind the canvas holds on the server. */
function cardsOnServer(doc: Y.Doc, kind: string): number {
  return doc
    .getArray<{ val: { type?: string; props?: { kind?: string } } }>(DOC_LAYOUT.canvasRecords)
    .toArray()
    .filter((entry) => entry.val.type === 'qe-card' && entry.val.props?.kind === kind).length;
}

beforeAll(async () => {
  // the template frames are laid out by one browser (scripted clients do not run the canvas):
  // a moderator's browser does it before the others join, as on the morning of a workshop
  const first = await open(ctx.browser, 'moderator', 'Vorbereitung');
  const live = (await ctx.t.server.registry.open(ctx.boardId)).doc;
  await eventually(() => cardsOnServer(live, 'recommendations') === 2, 15_000, 'the recommendation cards on the server');
  await first.context().close();

  // 59 participants: a mix of roles, some in the room, some remote
  for (let i = 1; i <= 59; i++) {
    const role = i <= 3 ? 'moderator' : ROLES[i % ROLES.length]!;
    const sub = `teilnehmer-${i}`;
    const name = `Person ${String(i).padStart(2, '0')}`;
    const client = connectProvider(ctx.t.server.url, ctx.boardId, ctx.t.token({ sub, name, role, board: ctx.boardId }));
    client.provider.awareness.setLocalStateField('participant', { id: sub, name, color: '#1f5fa8', role, inRoom: i % 3 !== 0, activeAt: Date.now() });
    joined.push(client);
  }
  await Promise.all(joined.map((client) => waitForSynced(client.provider, 15_000)));
}, 60_000);

afterAll(() => {
  for (const client of joined) client.provider.destroy();
});

async function open(browser: Browser, role: Role, name: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE', viewport });
  recordRequests(context);
  const page = await context.newPage();
  const token = ctx.t.token({ sub: `${role}-${name}`, name, role, board: ctx.boardId });
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${token}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

/** Fails unless the element's box lies wholly inside the viewport (no scrolling needed). */
async function expectOnScreen(page: Page, selector: string, what: string): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, `${what} is not rendered`).not.toBeNull();
  const inside = box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= viewport.width + 0.5 && box!.y + box!.height <= viewport.height + 0.5;
  expect(inside, `${what} at ${JSON.stringify(box)} is outside the ${viewport.width}×${viewport.height} viewport`).toBe(true);
}

describe('a workshop of 60 at 1280×720', () => {
  it('gives the moderator agenda, timer, vote and the selected card’s inspector without scrolling', async () => {
    const page = await open(ctx.browser, 'moderator', 'Mona Moderation');
    await page.getByRole('button', { name: /Alle 60 Teilnehmenden anzeigen/ }).waitFor({ timeout: 15_000 });
    // the top bar is one line
    const bar = (await page.locator('.board-header').boundingBox())!;
    expect(bar.height).toBeLessThan(60);

    await expectOnScreen(page, '#agenda-heading', 'the agenda');
    await expectOnScreen(page, '.agenda li:last-child', 'the last phase of the agenda');
    await expectOnScreen(page, '.timer-controls', 'the timer controls');
    await page.getByRole('group', { name: 'Timer' }).getByLabel('Minuten').fill('15');
    await page.getByRole('group', { name: 'Timer' }).getByRole('button', { name: 'Start' }).click();
    await expectOnScreen(page, '.board-header .timer-display', 'the timer everyone reads');
    await expectOnScreen(page, '#vote-heading', 'the vote');
    await expectOnScreen(page, '.vote button', 'the start of a vote');

    await selectFirstRecommendationCard(page);
    await expectOnScreen(page, '#inspector-heading', 'the inspector');
    await expectOnScreen(page, '.inspector .card-field', 'the first field of the inspector');
    await screenshot(page, 'moderator-1280x720');
    await expectNoSeriousViolations(page, 'board with 60 participants');

    // the list of everyone: grouped, searchable
    await page.locator('.participants-summary button.more').click();
    const dialog = page.getByRole('dialog', { name: /Teilnehmende/ });
    await dialog.waitFor();
    await dialog
      .getByRole('heading', { name: /Im Raum/ })
      .first()
      .waitFor();
    await dialog
      .getByRole('heading', { name: /Zugeschaltet/ })
      .first()
      .waitFor();
    await dialog.getByLabel('Teilnehmende suchen').fill('Person 07');
    await expect.poll(() => dialog.locator('[data-participant]').count()).toBe(1);
    await screenshot(page, 'moderator-participants-1280x720');
    await expectNoSeriousViolations(page, 'participant list');
  });

  it('keeps the editor’s and the observer’s board clear', async () => {
    const editor = await open(ctx.browser, 'editor', 'Erik Editor');
    await selectFirstRecommendationCard(editor);
    await expectOnScreen(editor, '#inspector-heading', 'the inspector');
    await screenshot(editor, 'editor-1280x720');
    const observer = await open(ctx.browser, 'observer', 'Olga Beobachtung');
    await expectOnScreen(observer, '.board-header .timer-display', 'the timer');
    await observer.getByRole('note').getByText('nur lesen').waitFor();
    await screenshot(observer, 'observer-1280x720');
  });

  it('stays usable on a 1024×768 tablet and at 1920×1080', async () => {
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const page = await open(ctx.browser, 'moderator', 'Mona Moderation', viewport);
      const bar = (await page.locator('.board-header').boundingBox())!;
      expect(bar.height, `top bar at ${viewport.width}`).toBeLessThan(60);
      await expectOnScreen(page, '#agenda-heading', `the agenda at ${viewport.width}`);
      await expectOnScreen(page, '#vote-heading', `the vote at ${viewport.width}`);
      await screenshot(page, `moderator-${viewport.width}x${viewport.height}`);
      await page.context().close();
    }
  });
});

describe('the board in English', () => {
  it('loads the English texts when chosen, and keeps the choice', async () => {
    const page = await open(ctx.browser, 'moderator', 'Mona Moderation');
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
    await page.getByRole('heading', { name: 'Agenda' }).waitFor();
    await page.getByRole('button', { name: 'Facilitation' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Agenda' }).waitFor({ timeout: 15_000 });
    await page.context().close();
  });
});
