import { applyTemplate, createRecord, listRecords, migrateCaseModel, parseFuzzyDate, updateRecord } from '@qe/shared';
import { templateById } from '@qe/templates';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';
import { TEST_MODERATOR } from '../helpers/server.js';

const ctx = browserBoard('Ein Schreiber', (doc) => {
  migrateCaseModel(doc);
  const lane = listRecords(doc, 'lanes').records[1]!;
  createRecord(doc, 'events', { date: parseFuzzyDate('14.03.2019'), laneId: lane.id, fact: 'Kita meldet sich beim ASD' });
  createRecord(doc, 'events', { date: parseFuzzyDate('02.04.2019'), laneId: lane.id, fact: 'Hausbesuch' });
  applyTemplate(doc, templateById('fallchronologie')!);
});

/** Stored updates that change the canvas, after the first `from` entries of the log. */
async function canvasUpdatesAfter(from: number): Promise<number> {
  const stored = await ctx.t.server.storage.documents.load(ctx.boardId);
  const base = new Y.Doc();
  Y.applyUpdate(base, Y.mergeUpdates(stored.slice(0, from)));
  let count = 0;
  for (const update of stored.slice(from)) {
    const canvas = base.getArray('canvas.records');
    const before = JSON.stringify(canvas.toJSON());
    Y.applyUpdate(base, update);
    if (JSON.stringify(canvas.toJSON()) !== before) count++;
  }
  return count;
}

describe('derived canvas layout', () => {
  it('is written by one client, not by every connected one', async () => {
    const roles = ['moderator', 'editor', 'editor', 'editor'] as const;
    const pages = [];
    for (const [i, role] of roles.entries()) {
      const { page } = await newPage(ctx.browser);
      await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: `p${i}`, name: `Person ${i}`, role, board: ctx.boardId })}`);
      await page.locator('[data-state="connected"]').waitFor({ timeout: 30_000 });
      pages.push(page);
    }
    // everyone sees the laid-out frame
    for (const page of pages) await page.locator('.qe-card-event').first().waitFor({ state: 'attached', timeout: 15_000 });
    await expect.poll(async () => (await ctx.t.server.storage.documents.load(ctx.boardId)).length, { timeout: 10_000, interval: 1000 }).toBeGreaterThan(0);
    // wait until the log is quiet
    let entries = -1;
    for (let i = 0; i < 20; i++) {
      await pages[0]!.waitForTimeout(500);
      const now = (await ctx.t.server.storage.documents.load(ctx.boardId)).length;
      if (now === entries) break;
      entries = now;
    }

    // one record edit moves a card: the layout follows once
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (doc) => {
      const first = listRecords(doc, 'events').records.find((event) => event.fact === 'Hausbesuch')!;
      updateRecord(doc, 'events', first.id, { date: parseFuzzyDate('01.02.2019') });
    });
    await expect.poll(() => canvasUpdatesAfter(entries), { timeout: 10_000 }).toBeGreaterThan(0);
    await pages[0]!.waitForTimeout(2000);
    const layoutWrites = await canvasUpdatesAfter(entries);
    console.log(`canvas updates stored after one record edit with ${pages.length} clients: ${layoutWrites}`);
    expect(layoutWrites).toBe(1);
  });
});
