import { applyTemplate, listRecords, migrateCaseModel } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { newPage } from '../helpers/browser.js';
import { browserBoard, restingBox } from '../helpers/e2e.js';
import { screenshot } from '../helpers/screenshots.js';

const ctx = browserBoard('Verdeckte Phase', (doc) => {
  migrateCaseModel(doc);
  applyTemplate(doc, templateById('wie-konnte-es-dazu-kommen')!);
  applyTemplate(doc, templateById('empfehlungen')!);
});

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** a participant's page, and every sync message its board client received (what its Y.Doc is built from) and sent */
async function open(sub: string, role: 'moderator' | 'editor', viewport = { width: 1280, height: 720 }) {
  const { context, page } = await newPage(ctx.browser);
  contexts.push(context);
  await page.setViewportSize(viewport);
  const received: Buffer[] = [];
  const sent: Buffer[] = [];
  const bytes = (payload: string | Buffer) => (Buffer.isBuffer(payload) ? payload : Buffer.from(payload));
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => received.push(bytes(payload)));
    socket.on('framesent', ({ payload }) => sent.push(bytes(payload)));
  });
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub, name: sub, role, board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 30_000 });
  return { page, received: () => Buffer.concat(received), sent: () => Buffer.concat(sent) };
}

const write = async (page: Page, text: string, level: string) => {
  await page.getByLabel('Ihre Karte').fill(text);
  await page.getByLabel('Ebene').selectOption(level);
  await page.getByRole('button', { name: 'Verdeckt ablegen' }).click();
};

describe('private writing (verdeckte Phase)', () => {
  it('shows each card only to its author until the moderator reveals it, anonymously', async () => {
    const moderator = await open('mona', 'moderator');
    const anna = await open('anna', 'editor');
    const ben = await open('ben', 'editor');

    await moderator.page.locator('summary', { hasText: 'Verdeckte Phase' }).click();
    await moderator.page.getByLabel('Anonym (ohne Namen aufdecken)').check();
    await moderator.page.getByRole('button', { name: 'Verdeckte Phase starten' }).click();
    // the phase is in the board's doc: every client shows it
    for (const { page } of [anna, ben]) await page.getByText(/Anonyme verdeckte Phase im Rahmen „Wie konnte es dazu kommen\?“/).waitFor({ timeout: 15_000 });

    const annasText = 'Fehlende Übergabe am Freitagnachmittag';
    const bensText = 'Rückfrage bei der Kita wurde nicht gestellt';
    await write(anna.page, annasText, 'Team');
    await write(ben.page, bensText, 'Organisation');
    await anna.page.locator('.private-card', { hasText: annasText }).getByText('nur für Sie sichtbar').waitFor();
    await ben.page.locator('.private-card', { hasText: bensText }).waitFor();
    await moderator.page.getByText('2 Karten warten').waitFor({ timeout: 10_000 });
    await expectNoSeriousViolations(anna.page, 'private phase (author)');
    await anna.page.getByRole('button', { name: 'Rahmen zeigen' }).click();
    await restingBox(anna.page.locator('.tl-shape', { hasText: 'Gelingensfaktoren' }).first());
    await screenshot(anna.page, 'private-phase');

    // the cards went to the server only: no other client ever received their text
    expect(ben.received().includes(Buffer.from(annasText))).toBe(false);
    expect(anna.received().includes(Buffer.from(bensText))).toBe(false);
    expect(moderator.received().includes(Buffer.from(annasText))).toBe(false);
    expect(await ben.page.getByText(annasText).count()).toBe(0);
    const server = (await ctx.t.server.registry.open(ctx.boardId)).doc;
    expect(listRecords(server, 'factors').records).toEqual([]);

    await moderator.page.getByRole('button', { name: 'Aufdecken' }).click();
    await moderator.page.getByText('2 Karten aufgedeckt.').waitFor({ state: 'attached' });
    // now the cards are in the board's doc: they arrive at Ben's client and stand on the canvas
    await expect.poll(() => ben.received().includes(Buffer.from(annasText)), { timeout: 15_000 }).toBe(true);
    await expect
      .poll(() =>
        listRecords(server, 'factors')
          .records.map((f) => [f.level, f.text])
          .sort(),
      )
      .toEqual([
        ['Organisation', bensText],
        ['Team', annasText],
      ]);
    await expect.poll(() => anna.page.locator('.private-card').count()).toBe(0);
    await expect.poll(() => ben.page.locator('.tl-shape', { hasText: annasText }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('leads a participant’s “add” in the frame to the private writing field: no public card reaches anyone', async () => {
    const moderator = await open('mona', 'moderator');
    const anna = await open('anna', 'editor');
    const ben = await open('ben', 'editor');
    const server = (await ctx.t.server.registry.open(ctx.boardId)).doc;
    const publicTitle = Buffer.from('Neue Empfehlung');

    await moderator.page.locator('summary', { hasText: 'Verdeckte Phase' }).click();
    await moderator.page.locator('.private-phase-form select').selectOption({ label: 'Empfehlungen' });
    await moderator.page.getByRole('button', { name: 'Verdeckte Phase starten' }).click();
    await anna.page.getByText(/verdeckte Phase im Rahmen „Empfehlungen“/i).waitFor({ timeout: 15_000 });

    // Anna goes to the frame: its button leads to private writing, no public "add" is offered
    await anna.page.locator('.template-menu summary').click();
    await anna.page.getByRole('button', { name: 'Zu „Empfehlungen“', exact: true }).click();
    const frameButton = anna.page.getByRole('button', { name: 'Empfehlung verdeckt schreiben' });
    await frameButton.waitFor({ timeout: 10_000 });
    expect(await anna.page.getByRole('button', { name: 'Empfehlung hinzufügen' }).count()).toBe(0);
    await frameButton.click();
    // the private writing field takes the focus, with the hint who sees the card
    const field = anna.page.getByLabel('Ihre Karte');
    await expect.poll(() => field.evaluate((element) => element === document.activeElement), { timeout: 5000 }).toBe(true);
    await anna.page.getByText('Verdeckte Phase: Ihre Karte sieht nur Sie, bis die Moderation aufdeckt.').first().waitFor();
    const text = 'Übergaben am Freitag schriftlich festhalten';
    await field.fill(text);
    await anna.page.getByRole('button', { name: 'Verdeckt ablegen' }).click();
    await anna.page.locator('.private-card', { hasText: text }).waitFor();

    // the click put no card into the board's doc: Anna's client sent none, Ben's received none, the server holds none
    expect(anna.sent().includes(publicTitle)).toBe(false);
    expect(ben.received().includes(publicTitle)).toBe(false);
    expect(ben.received().includes(Buffer.from(text))).toBe(false);
    expect(listRecords(server, 'recommendations').records).toEqual([]);

    // the table view's register leads there as well, instead of its public form
    await anna.page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    await anna.page.locator('summary', { hasText: 'Empfehlungen (0)' }).click();
    expect(await anna.page.getByLabel('Neue Empfehlung (Titel)').count()).toBe(0);
    await field.evaluate((element) => (element as HTMLElement).blur());
    await anna.page.locator('.register').getByRole('button', { name: 'Empfehlung verdeckt schreiben' }).click();
    await expect.poll(() => field.evaluate((element) => element === document.activeElement), { timeout: 5000 }).toBe(true);
    expect(anna.sent().includes(publicTitle)).toBe(false);

    // revealed, the card reaches Ben as the one recommendation
    await moderator.page.getByRole('button', { name: 'Aufdecken' }).click();
    await expect.poll(() => ben.received().includes(Buffer.from(text)), { timeout: 15_000 }).toBe(true);
    expect(listRecords(server, 'recommendations').records.map((r) => r.title)).toEqual([text]);
  });
});
