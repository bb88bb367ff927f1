import {
  createRecord,
  listRecords,
  migrateCaseModel,
  nextRound,
  seatPerson,
  TIMER_MAP,
  updateWorldCafe,
  worldCafe,
  type TimerState,
  type WorldCafe,
} from '@qe/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';
import { TEST_MODERATOR } from '../helpers/server.js';
import { screenshot } from '../helpers/screenshots.js';
import { connectProvider, waitForSynced } from '../helpers/yclient.js';

/** World Café with table groups (issue 17): three tables, two rounds, hosts stay, everyone else moves. */
const ctx = browserBoard('World Café', (doc) => migrateCaseModel(doc));

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function open(role: 'moderator' | 'editor', sub: string, name: string, boardId = ctx.boardId): Promise<Page> {
  const { context, page } = await newPage(ctx.browser);
  contexts.push(context);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${ctx.t.server.url}/boards/${boardId}#token=${ctx.t.token({ sub, name, role, board: boardId })}`);
  // generous: seven browsers share a busy machine
  await page.locator('[data-state="connected"]').waitFor({ timeout: 30_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 30_000 });
  return page;
}

const serverDoc = async (boardId = ctx.boardId) => (await ctx.t.server.registry.open(boardId)).doc;
const cafeOnServer = async (boardId = ctx.boardId) => worldCafe(await serverDoc(boardId));

async function applyCafe(moderator: Page, questions: readonly string[]) {
  await moderator.locator('.template-menu summary').click();
  await moderator.getByRole('button', { name: '„World Café“ anlegen' }).click();
  const panel = moderator.locator('.cafe-panel');
  await panel.getByText('Legen Sie zuerst Tische an; dann teilen Sie die Anwesenden ein.').waitFor();
  for (const question of questions) {
    await panel.getByLabel('Frage des neuen Tisches').fill(question);
    await panel.getByRole('button', { name: 'Tisch anlegen' }).click();
  }
  return panel;
}

const QUESTIONS = ['Was hat geholfen?', 'Was hat gefehlt?', 'Was nehmen wir mit?'];
const PEOPLE = [
  { sub: 'p1', name: 'Anna ASD', group: 'ASD' },
  { sub: 'p2', name: 'Ben ASD', group: 'ASD' },
  { sub: 'p3', name: 'Clara Kita', group: 'Kita' },
  { sub: 'p4', name: 'Dirk Kita', group: 'Kita' },
  { sub: 'p5', name: 'Eva Schule', group: 'Schule' },
  { sub: 'p6', name: 'Frank Schule', group: 'Schule' },
];
const tableNumber = (cafe: WorldCafe, person: string) => cafe.tables.findIndex((table) => table.id === cafe.seats[person]) + 1;

/**
 * The table this page's camera is centred on: the table of the café card nearest to the canvas'
 * centre (each card's text names the table it was written at).
 */
async function centredTable(page: Page): Promise<number> {
  const canvas = (await page.locator('.tl-canvas').boundingBox())!;
  const centre = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
  let best = { table: 0, distance: Infinity };
  for (const card of await page.locator('.qe-card-cafe').all()) {
    const box = await card.boundingBox();
    const table = Number(/Tisch (\d)/.exec(await card.innerText())?.[1]);
    if (!box || !table) continue;
    const distance = Math.hypot(box.x + box.width / 2 - centre.x, box.y + box.height / 2 - centre.y);
    if (distance < best.distance) best = { table, distance };
  }
  return best.table;
}

describe('World Café', () => {
  it('sets up three tables, seats six people mixed by organisation, and runs two rounds: hosts stay, the others move on', async () => {
    const moderator = await open('moderator', 'mod', 'Mona Moderatorin');
    const pages: Page[] = [];
    for (const person of PEOPLE) pages.push(await open('editor', person.sub, person.name));

    const panel = await applyCafe(moderator, QUESTIONS);
    await expect.poll(async () => (await cafeOnServer()).tables.map((table) => table.question), { timeout: 5000 }).toEqual(QUESTIONS);
    // each table is a frame of its own on the canvas, titled with its question
    await moderator.locator('.tl-frame-heading', { hasText: 'Tisch 3: Was nehmen wir mit?' }).first().waitFor({ state: 'attached', timeout: 10_000 });

    // the seating lists everyone present who may edit; organisations are set by hand
    for (const person of PEOPLE) await panel.getByLabel(`Organisation oder Rolle von ${person.name}`).fill(person.group);
    await panel.getByLabel(`Organisation oder Rolle von ${PEOPLE.at(-1)!.name}`).press('Tab');
    await expect.poll(async () => Object.keys((await cafeOnServer()).groups).length, { timeout: 5000 }).toBe(6);
    await panel.getByRole('button', { name: 'Gemischt nach Organisation/Rolle einteilen' }).click();
    await expect.poll(async () => Object.keys((await cafeOnServer()).seats).length, { timeout: 5000 }).toBe(6);
    const seated = await cafeOnServer();
    for (const table of seated.tables) {
      const groups = PEOPLE.filter((person) => seated.seats[person.sub] === table.id).map((person) => person.group);
      expect(groups).toHaveLength(2);
      expect(new Set(groups).size).toBe(2);
      expect(PEOPLE.map((person) => person.sub)).toContain(seated.hosts[table.id]);
    }

    // round 1: everyone is taken to their table, the timer runs, each writes a card there
    await panel.getByLabel('Minuten je Runde').fill('15');
    await panel.getByRole('button', { name: 'Runde 1 starten (alle an ihre Tische)' }).click();
    await expect.poll(async () => (await cafeOnServer()).round, { timeout: 5000 }).toBe(1);
    const timer = (await serverDoc()).getMap<TimerState>(TIMER_MAP).get('state')!;
    expect(timer.durationMs).toBe(15 * 60_000);
    expect(timer.startedAt).not.toBeNull();
    for (const [index, person] of PEOPLE.entries()) {
      const page = pages[index]!;
      const number = tableNumber(seated, person.sub);
      await page.locator('.cafe-mine-table', { hasText: `Ihr Tisch: Tisch ${number} – ${QUESTIONS[number - 1]}` }).waitFor({ timeout: 10_000 });
      await page.getByLabel(`Karte für Tisch ${number}`).fill(`${person.name} an Tisch ${number}`);
      await page.getByRole('button', { name: 'Karte anlegen' }).click();
    }
    await expect.poll(async () => listRecords(await serverDoc(), 'cafeNotes').records.length, { timeout: 10_000 }).toBe(6);
    for (const note of listRecords(await serverDoc(), 'cafeNotes').records) {
      expect(note.round).toBe(1);
      expect(note.text).toContain(`an Tisch ${seated.tables.findIndex((table) => table.id === note.tableId) + 1}`);
    }
    for (const [index, person] of PEOPLE.entries())
      await expect.poll(() => centredTable(pages[index]!), { timeout: 10_000 }).toBe(tableNumber(seated, person.sub));

    // round 2: hosts stay, everyone else moves to the next table and is taken there
    await panel.getByRole('button', { name: 'Runde 2 starten (Gastgeber bleiben, alle anderen wechseln)' }).click();
    await expect.poll(async () => (await cafeOnServer()).round, { timeout: 5000 }).toBe(2);
    const moved = await cafeOnServer();
    expect(moved.seats).toEqual(nextRound(seated, seated.tables).seats);
    const hosts = new Set(Object.values(seated.hosts));
    for (const [index, person] of PEOPLE.entries()) {
      const before = tableNumber(seated, person.sub);
      const after = tableNumber(moved, person.sub);
      if (hosts.has(person.sub)) expect(after).toBe(before);
      else expect(after).toBe((before % 3) + 1);
      const page = pages[index]!;
      await page.locator('.cafe-mine-table', { hasText: `Ihr Tisch: Tisch ${after} – ` }).waitFor({ timeout: 10_000 });
      if (hosts.has(person.sub)) await page.locator('.cafe-mine-host', { hasText: 'Gastgeber' }).waitFor();
      await expect.poll(() => centredTable(page), { timeout: 10_000 }).toBe(after);
    }
    await moderator.locator('.cafe-panel > summary').getByText('World Café – Runde 2').waitFor();
    // a participant sees who else sits at their table now
    const mate = PEOPLE.find((person) => person.sub !== PEOPLE[0]!.sub && moved.seats[person.sub] === moved.seats[PEOPLE[0]!.sub])!;
    await pages[0]!.locator('.cafe-mine-others', { hasText: mate.name }).waitFor();
    await expectNoSeriousViolations(moderator, 'World Café panel of the moderator');
    await expectNoSeriousViolations(pages[1]!, 'World Café panel of a participant');
    await screenshot(pages[1]!, 'method-world-cafe-tisch');

    // the harvest: everyone is brought to the whole café, the list gathers every table's cards
    await panel.getByRole('button', { name: 'Ernte: alle zum Café holen' }).click();
    const harvest = moderator.getByRole('dialog', { name: 'Ernte des World Cafés' });
    await harvest.getByText('6 Karten an 3 Tischen.').waitFor();
    for (const [number, question] of QUESTIONS.entries()) {
      const table = harvest.getByRole('region', { name: `Tisch ${number + 1}: ${question}` });
      expect(await table.getByRole('listitem').count()).toBe(2);
    }
    for (const person of PEOPLE) await harvest.getByText(new RegExp(`${person.name} an Tisch \\d`)).waitFor();
    await expectNoSeriousViolations(moderator, 'World Café harvest');
    await screenshot(moderator, 'method-world-cafe-ernte');
    await harvest.getByRole('button', { name: 'Schließen' }).click();
    // a participant sees all six cards at once now
    await expect
      .poll(
        async () => {
          const boxes = await Promise.all((await pages[0]!.locator('.qe-card-cafe').all()).map((card) => card.boundingBox()));
          return boxes.filter((box) => box && box.x >= 0 && box.x + box.width <= 1280 && box.y >= 0 && box.y + box.height <= 720).length;
        },
        { timeout: 10_000 },
      )
      .toBe(6);
    await moderator.locator('.cafe-panel > summary').scrollIntoViewIfNeeded();
    await screenshot(moderator, 'method-world-cafe');
  });

  it('shows a participant their table and the harvest, not the seating', async () => {
    const doc = await serverDoc();
    const before = JSON.stringify(worldCafe(doc));
    const page = await open('editor', 'p1', 'Anna ASD');
    // participants have no seating controls; their own table is all they are shown
    await page.locator('.cafe-panel').waitFor();
    expect(await page.getByRole('button', { name: 'Zufällig einteilen' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Tisch anlegen' }).count()).toBe(0);
    expect(JSON.stringify(worldCafe(doc))).toBe(before);
  });

  it('tells a late participant they have no table yet, and takes them there once seated', async () => {
    const page = await open('editor', 'p7', 'Gerd Spät');
    await page.locator('.cafe-mine', { hasText: 'Sie sind noch keinem Tisch zugeteilt' }).waitFor({ timeout: 10_000 });
    const cafe = await cafeOnServer();
    const last = cafe.tables.at(-1)!;
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (doc) => updateWorldCafe(doc, (c) => seatPerson(c, 'p7', last.id)));
    await page.locator('.cafe-mine-table', { hasText: `Ihr Tisch: Tisch ${last.number} – ${last.question}` }).waitFor({ timeout: 10_000 });
    // the café is running (round 2): being seated takes the view to the table
    await expect.poll(() => centredTable(page), { timeout: 10_000 }).toBe(last.number);
  });

  it('seats 60 people at 7 tables and moves them on; the server keeps the seating the moderator’s', async () => {
    const boardId = await ctx.t.createBoard('World Café mit 60');
    const moderator = await open('moderator', 'mod-60', 'Mona Moderatorin', boardId);
    const questions = Array.from({ length: 7 }, (_, i) => `Frage ${i + 1}`);
    const panel = await applyCafe(moderator, questions);
    await expect.poll(async () => (await cafeOnServer(boardId)).tables.length, { timeout: 5000 }).toBe(7);

    // 59 others join over the sync protocol, as their browsers would
    const joined = Array.from({ length: 59 }, (_, i) => {
      const sub = `person-${i + 1}`;
      const name = `Person ${String(i + 1).padStart(2, '0')}`;
      const client = connectProvider(ctx.t.server.url, boardId, ctx.t.token({ sub, name, role: 'editor', board: boardId }));
      client.provider.awareness.setLocalStateField('participant', { id: sub, name, color: '#1f5fa8', role: 'editor', inRoom: true, activeAt: Date.now() });
      return { sub, ...client };
    });
    try {
      await Promise.all(joined.map((client) => waitForSynced(client.provider, 20_000)));
      await expect.poll(() => panel.locator('.cafe-seats tbody tr').count(), { timeout: 15_000 }).toBe(59);
      await panel.getByRole('button', { name: 'Zufällig einteilen' }).click();
      await expect.poll(async () => Object.keys((await cafeOnServer(boardId)).seats).length, { timeout: 5000 }).toBe(59);
      const seated = await cafeOnServer(boardId);
      const sizes = seated.tables.map((table) => Object.values(seated.seats).filter((id) => id === table.id).length);
      expect(Math.min(...sizes)).toBe(8);
      expect(Math.max(...sizes)).toBe(9);
      expect(Object.keys(seated.hosts)).toHaveLength(7);

      await panel.getByRole('button', { name: 'Runde 1 starten (alle an ihre Tische)' }).click();
      await panel.getByRole('button', { name: 'Runde 2 starten (Gastgeber bleiben, alle anderen wechseln)' }).click();
      await expect.poll(async () => (await cafeOnServer(boardId)).round, { timeout: 5000 }).toBe(2);
      const moved = await cafeOnServer(boardId);
      expect(moved.seats).toEqual(nextRound(seated, seated.tables).seats);
      await expect.poll(() => worldCafe(joined[58]!.doc).round, { timeout: 5000 }).toBe(2);

      // a participant who seats themselves elsewhere in their copy is put back by the server;
      // the card written right after it on the same connection shows the server has read both
      const cheat = joined.find((client) => !Object.values(moved.hosts).includes(client.sub))!;
      const own = moved.seats[cheat.sub]!;
      const other = moved.tables.find((table) => table.id !== own)!.id;
      updateWorldCafe(cheat.doc, (cafe) => seatPerson(cafe, cheat.sub, other));
      createRecord(cheat.doc, 'cafeNotes', { tableId: own, text: 'Nach dem Versuch', round: 2 });
      await expect.poll(async () => listRecords(await serverDoc(boardId), 'cafeNotes').records.length, { timeout: 5000 }).toBe(1);
      expect((await cafeOnServer(boardId)).seats[cheat.sub]).toBe(own);
      await expect.poll(() => worldCafe(cheat.doc).seats[cheat.sub], { timeout: 5000 }).toBe(own);

      // removing a table where people sit asks first; the other tables keep their numbers
      const second = moved.tables[1]!;
      moderator.once('dialog', (dialog) => void dialog.dismiss());
      await panel.getByRole('button', { name: 'Tisch 2 entfernen' }).click();
      expect((await cafeOnServer(boardId)).tables).toHaveLength(7);
      let asked = '';
      moderator.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.accept();
      });
      await panel.getByRole('button', { name: 'Tisch 2 entfernen' }).click();
      await expect.poll(async () => (await cafeOnServer(boardId)).tables.length, { timeout: 5000 }).toBe(6);
      expect(asked).toMatch(/Tisch 2 entfernen\? Dort sitzen [89] Personen/);
      const after = await cafeOnServer(boardId);
      expect(after.tables.map((table) => table.number)).toEqual([1, 3, 4, 5, 6, 7]);
      expect(Object.values(after.seats)).not.toContain(second.id);
    } finally {
      for (const client of joined) client.provider.destroy();
    }
  }, 120_000);
});
