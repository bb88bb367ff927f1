import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRecord, migrateCaseModel, parseFuzzyDate } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, TEST_MODERATOR } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

describe('PDF layout of long fields', () => {
  it('lets a chronology row taller than a page flow over pages instead of running off', async () => {
    const board = await t.createBoard('Langer Fall');
    // 5,000 characters, the most a field holds, in each of the three long columns
    const long = (word: string) => `${`${word} Satz mit einigen Wörtern zur Lage der Familie. `.repeat(100).slice(0, 4980)} ENDE-${word}`;
    await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
      migrateCaseModel(doc);
      createRecord(doc, 'events', { date: parseFuzzyDate('01.02.2021'), laneId: 'lane-1', fact: 'Kurzer Eintrag davor.' });
      createRecord(doc, 'events', {
        date: parseFuzzyDate('02.02.2021'),
        laneId: 'lane-2',
        fact: long('Fakt'),
        knownAtTheTime: long('Wissen'),
        assessment: long('Bewertung'),
      });
      createRecord(doc, 'events', { date: parseFuzzyDate('03.02.2021'), laneId: 'lane-1', fact: 'Kurzer Eintrag danach.' });
    });
    const response = await fetch(`${t.server.url}/api/boards/${board}/export?format=pdf&draft=1`, {
      headers: { authorization: `Bearer ${t.token({ role: 'moderator', board, sub: 'moderator-1' })}` },
    });
    expect(response.status).toBe(200);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'qe-long-')), 'bericht.pdf');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-raw', file, '-']).toString('utf8').replace(/-\n/g, '');
    for (const end of ['ENDE-Fakt', 'ENDE-Wissen', 'ENDE-Bewertung', 'Kurzer Eintrag davor.', 'Kurzer Eintrag danach.']) expect(text).toContain(end);
    // no word is drawn over another (a cell running off its page would continue over the next cells)
    const bbox = execFileSync('pdftotext', ['-bbox', file, '-']).toString('utf8');
    for (const [index, page] of bbox.split('<page ').slice(1).entries()) {
      const words = [...page.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)].map((m) => m.slice(1, 5).map(Number));
      const overlapping = words.filter(([x0, y0, x1, y1], i) =>
        words.some(([a0, b0, a1, b1], j) => j !== i && x0! < a1! - 0.5 && a0! < x1! - 0.5 && y0! < b1! - 0.5 && b0! < y1! - 0.5),
      );
      expect(overlapping.length, `page ${index + 1}`).toBe(0);
    }
  }, 60_000);
});
