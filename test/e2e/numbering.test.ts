import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyTemplate, createRecord, formatFuzzyDate, listRecords, parseFuzzyDate, updateRecord } from '@qe/shared';
import { templateById } from '@qe/templates';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';
import { fixtureBoard } from '../helpers/fixtureBoard.js';

/**
 * One numbering (issue 12): the same board gives the same chronology, key-situation and
 * recommendation numbers in the table, on the cards (in two clients, each loading the board fresh)
 * and in the Markdown, DOCX and PDF exports.
 */
let lateSituation = '';
let recommendation = '';
let typedEvent = '';
const ctx = browserBoard('Fall Nummern', (doc) => {
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(fixtureBoard()));
  const events = listRecords(doc, 'events').records;
  const earliest = events.reduce((a, b) => ((a.date.sortKey ?? '9') <= (b.date.sortKey ?? '9') ? a : b));
  // written last, about the earliest event: last in the Y.Map, first by the rule
  lateSituation = createRecord(doc, 'keySituations', { title: 'Spät angelegt, früh im Fall', eventIds: [earliest.id] }).id;
  recommendation = listRecords(doc, 'recommendations').records.at(-1)!.id;
  const rec = listRecords(doc, 'recommendations').records.at(-1)!;
  updateRecord(doc, 'recommendations', recommendation, { evidence: { ...rec.evidence, keySituationIds: [lateSituation] } });
  typedEvent = createRecord(doc, 'events', { date: parseFuzzyDate('17.2.20'), laneId: 'lane-1', fact: 'Datum wie getippt' }).id;
  for (const id of ['fallchronologie', 'wie-konnte-es-dazu-kommen', 'empfehlungen']) applyTemplate(doc, templateById(id)!);
});

interface Numbers {
  /** event id → chronology number */
  events: Record<string, number>;
  /** key-situation title → number */
  situations: Record<string, number>;
  /** recommendation title → number */
  recommendations: Record<string, number>;
}

async function openBoard(name: string): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  const token = ctx.t.token({ sub: `moderator-${name}`, name, role: 'moderator', board: ctx.boardId });
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${token}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.qe-card-recommendation').first().waitFor({ state: 'attached', timeout: 15_000 });
  return page;
}

/** The numbers the cards show, read from the DOM (cards outside the view included). */
async function cardNumbers(page: Page, expectedEvents: number): Promise<Numbers & { evidence: string[] }> {
  // the canvas fills in its cards as the records arrive: wait for all of them
  await page.waitForFunction((count) => document.querySelectorAll('.qe-card-event .qe-card-number').length >= count, expectedEvents, { timeout: 15_000 });
  return page.evaluate(() => {
    const number = (text: string | null | undefined) => Number(/(\d+)/.exec(text ?? '')?.[1]);
    const events: Record<string, number> = {};
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('.qe-card-event')))
      events[card.dataset.recordId!] = number(card.querySelector('.qe-card-number')?.textContent);
    const titled = (selector: string) => {
      const result: Record<string, number> = {};
      for (const title of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
        const prefix = title.querySelector('.qe-card-number')?.textContent ?? '';
        result[(title.textContent ?? '').slice(prefix.length).trim()] = number(prefix);
      }
      return result;
    };
    const evidence = Array.from(document.querySelectorAll<HTMLElement>('.qe-card-recommendation .qe-evidence .qe-link')).map((link) => link.textContent ?? '');
    return {
      events,
      situations: titled('.qe-card-situation .qe-card-head strong'),
      recommendations: titled('.qe-card-recommendation .qe-card-title'),
      evidence,
    };
  });
}

/** Chronology numbers from the table view: row number per date and fact. */
async function tableNumbers(page: Page): Promise<Record<string, number>> {
  await page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
  const rows = page.getByRole('table', { name: /^Fallchronologie/ }).locator('tbody tr');
  await rows.first().waitFor();
  return rows.evaluateAll((trs) =>
    Object.fromEntries(trs.map((tr) => [(tr as HTMLElement).dataset.eventId!, Number(tr.querySelector('th')?.textContent?.trim())])),
  );
}

async function exportFile(format: 'md' | 'docx' | 'pdf'): Promise<Buffer> {
  const response = await fetch(`${ctx.t.server.url}/api/boards/${ctx.boardId}/export?format=${format}`, {
    headers: { authorization: `Bearer ${ctx.t.token({ role: 'analyst', board: ctx.boardId, sub: 'analyst-1' })}` },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Key situations and recommendations as a report's text states them. */
function reportNumbers(text: string): Omit<Numbers, 'events'> {
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  const situations: Record<string, number> = {};
  for (const match of text.matchAll(/Schlüsselsituation (\d+): ([^\n]+)/g)) situations[collapse(match[2]!)] = Number(match[1]);
  const recommendations: Record<string, number> = {};
  for (const match of text.matchAll(/^(?:#+ )?4\.(\d+) ([^\n]+)/gm)) recommendations[collapse(match[2]!)] = Number(match[1]);
  return { situations, recommendations };
}

describe('dates in one form', () => {
  it('shows "17.2.20" as 17.02.2020 on the card and in the table, and edits it as typed', async () => {
    const page = await openBoard('Datum');
    await page.waitForFunction((id) => document.querySelector(`.qe-card-event[data-record-id="${id}"] strong`)?.textContent === '17.02.2020', typedEvent, {
      timeout: 15_000,
    });
    await page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    const cell = page.locator(`tr[data-event-id="${typedEvent}"] td`).first().locator('input');
    expect(await cell.inputValue()).toBe('17.02.2020');
    await cell.focus();
    expect(await cell.inputValue()).toBe('17.2.20');
    await cell.fill('ca. 3/2020');
    await cell.press('Enter');
    await cell.blur();
    await page.waitForFunction(
      (id) => (document.querySelector(`tr[data-event-id="${id}"] td input`) as HTMLInputElement | null)?.value === 'ca. 03/2020',
      typedEvent,
    );
  }, 60_000);
});

describe('one numbering', () => {
  it('is the same in the table, on the cards of two fresh clients and in all three exports', async () => {
    const doc = (await ctx.t.server.registry.open(ctx.boardId)).doc;
    const events = listRecords(doc, 'events').records;
    const titles = listRecords(doc, 'keySituations').records.map((ks) => ks.title);

    const first = await openBoard('Erste');
    const onCards = await cardNumbers(first, events.length);
    const inTable = await tableNumbers(first);
    expect(Object.keys(onCards.events).length).toBe(events.length);
    expect(onCards.events).toEqual(inTable);
    expect(new Set(Object.values(inTable)).size).toBe(events.length);
    expect(Object.keys(onCards.situations).sort()).toEqual([...titles].sort());
    // the key situation written last but about the earliest event is number 1, and the evidence link says so
    expect(onCards.situations['Spät angelegt, früh im Fall']).toBe(1);
    expect(onCards.evidence).toContain('Schlüsselsituation 1');

    const second = await openBoard('Zweite');
    expect(await cardNumbers(second, events.length)).toEqual(onCards);
    expect(await tableNumbers(second)).toEqual(inTable);

    // Markdown: the chronology table's rows and the numbered headings
    const markdown = (await exportFile('md')).toString('utf8');
    const fromMarkdown = reportNumbers(markdown.replace(/\*\*/g, '').replace(/\\(.)/g, '$1'));
    expect(fromMarkdown).toEqual({ situations: onCards.situations, recommendations: onCards.recommendations });
    const rows = markdown.split('\n').filter((line) => /^\| \d+ \|/.test(line));
    for (const event of events) {
      const row = rows.find((line) => line.startsWith(`| ${inTable[event.id]} | ${formatFuzzyDate(event.date)} |`));
      expect(row, `Nr. ${inTable[event.id]}`).toBeDefined();
    }

    // DOCX: the document's text
    const xml = strFromU8(unzipSync(new Uint8Array(await exportFile('docx')))['word/document.xml']!);
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    // after the table of contents, which lists the headings too
    const body = paragraphs.slice(paragraphs.lastIndexOf('1 Auftrag und Vorgehen')).join('\n');
    expect(reportNumbers(body.replace(/&amp;/g, '&').replace(/&quot;/g, '"'))).toEqual({
      situations: onCards.situations,
      recommendations: onCards.recommendations,
    });

    // PDF: the text as pdftotext reads it
    const dir = mkdtempSync(path.join(tmpdir(), 'qe-numbers-'));
    writeFileSync(path.join(dir, 'bericht.pdf'), await exportFile('pdf'));
    const pdfText = execFileSync('pdftotext', ['-raw', path.join(dir, 'bericht.pdf'), '-']).toString('utf8');
    const flat = pdfText.replace(/-\n/g, '').replace(/\s+/g, ' ');
    for (const [title, number] of Object.entries(onCards.situations)) expect(flat).toContain(`Schlüsselsituation ${number}: ${title.slice(0, 30)}`);
    for (const [title, number] of Object.entries(onCards.recommendations)) expect(flat).toContain(`4.${number} ${title.slice(0, 30)}`);
  }, 120_000);
});
