import { createRecord, HIT_KINDS, migrateCaseModel, richText } from '@qe/shared';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schutzlisteTerms, seedLargeBoard } from '../helpers/largeBoard.js';
import { startTestServer, type TestServer, TEST_MODERATOR } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

type Role = 'moderator' | 'analyst';
interface Hit {
  id: string;
  kind: string;
  text: string;
}
const call = (server: TestServer, board: string, method: string, route: string, role: Role, body?: unknown) =>
  fetch(`${server.server.url}/api/boards/${board}${route}`, {
    method,
    headers: { authorization: `Bearer ${server.token({ role, board, sub: `${role}-1` })}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small board whose chronology holds the given facts. */
async function boardWith(server: TestServer, facts: string[]): Promise<string> {
  const board = await server.createBoard();
  await server.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
    migrateCaseModel(doc);
    for (const fact of facts)
      createRecord(doc, 'events', { date: { text: '2021', precision: 'year', approximate: false, sortKey: '2021-01-01' }, laneId: 'lane-1', fact });
  });
  return board;
}

describe('pre-flight and export off the event loop', () => {
  it('keeps /api/health answering while a 2,000-event board is exported as PDF and pre-flighted with 300 terms', async () => {
    const board = await t.createBoard('Großer Fall');
    await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => seedLargeBoard(doc, 2000));
    expect((await call(t, board, 'PUT', '/schutzliste', 'moderator', { terms: schutzlisteTerms(300) })).status).toBe(200);

    let running = true;
    const work = Promise.all([call(t, board, 'GET', '/export?format=pdf&draft=1', 'moderator'), call(t, board, 'GET', '/preflight', 'moderator')]).finally(
      () => {
        running = false;
      },
    );
    const latencies: number[] = [];
    while (running) {
      const started = performance.now();
      expect((await fetch(`${t.server.url}/api/health`)).status).toBe(200);
      latencies.push(performance.now() - started);
      await sleep(10);
    }
    const [pdf, check] = await work;
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    const { hits } = (await check.json()) as { hits: Hit[] };
    expect(hits.filter((hit) => hit.kind === 'schutzliste').map((hit) => hit.text)).toEqual(Array(10).fill('Bergmann'));

    latencies.sort((a, b) => a - b);
    const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]!;
    console.log(
      `/api/health during PDF export + pre-flight: ${latencies.length} requests, p50 ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`,
    );
    expect(latencies.length).toBeGreaterThan(5);
    // before, one request waited out the whole pre-flight (over 10 s). The bounds are generous: on a
    // 2-core box shared with other test files single requests took up to 0.7 s; `npm run bench:report`
    // has the real figures
    expect(at(0.9)).toBeLessThan(250);
    expect(at(1)).toBeLessThan(2000);
  }, 60_000);

  it('answers 503 when a report worker dies, and keeps serving with a new worker', async () => {
    // 64 MB heap: enough for a small board, too little for 2,000 events
    const tight = await startTestServer({ REPORT_WORKER_HEAP_MB: '64' });
    try {
      const large = await tight.createBoard();
      await tight.server.registry.writeBoard(large, TEST_MODERATOR, (doc) => seedLargeBoard(doc, 2000));
      const failed = await call(tight, large, 'GET', '/export?format=pdf&draft=1', 'moderator');
      expect(failed.status).toBe(503);
      expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('report_failed');
      expect((await fetch(`${tight.server.url}/api/health`)).status).toBe(200);
      const small = await boardWith(tight, ['Gespräch mit Lena']);
      expect(await (await call(tight, small, 'GET', '/preflight', 'moderator')).json()).toMatchObject({ hits: [{ kind: 'name', text: 'Lena' }] });
    } finally {
      await tight.stop();
    }
    expect(tight.server.reports.workers).toBe(0);
  }, 60_000);
});

describe('Schutzliste terms in pre-flight and export', () => {
  it('takes a hyphenated term literally instead of failing', async () => {
    const board = await boardWith(t, ['Hausbesuch bei Familie Schulze-Brandt, die Mutter öffnete.']);
    expect((await call(t, board, 'PUT', '/schutzliste', 'moderator', { terms: ['Schulze-Brandt'] })).status).toBe(200);
    const check = await call(t, board, 'GET', '/preflight', 'moderator');
    expect(check.status).toBe(200);
    expect(((await check.json()) as { hits: Hit[] }).hits).toMatchObject([{ kind: 'schutzliste', text: 'Schulze-Brandt' }]);
    const refused = await call(t, board, 'GET', '/export?format=md', 'moderator');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { hits: Hit[] }).hits).toMatchObject([{ kind: 'schutzliste', text: 'Schulze-Brandt' }]);
    expect((await call(t, board, 'GET', '/export?format=md&draft=1', 'moderator')).status).toBe(200);
  });

  it('does not tell analysts which hits come from the Schutzliste; moderators see it', async () => {
    const board = await boardWith(t, ['Die Klassenlehrerin der Lindenschule rief an.', 'Lena wurde abgeholt.', 'Rückruf der Lindenschule an Lena.']);
    expect((await call(t, board, 'PUT', '/schutzliste', 'moderator', { terms: ['Lindenschule'] })).status).toBe(200);
    const moderatorHits = ((await (await call(t, board, 'GET', '/preflight', 'moderator')).json()) as { hits: Hit[] }).hits;
    expect(moderatorHits.map((hit) => [hit.kind, hit.text]).sort()).toEqual([
      ['name', 'Lena'],
      ['name', 'Lena'],
      ['schutzliste', 'Lindenschule'],
      ['schutzliste', 'Lindenschule'],
    ]);
    const dismissedId = moderatorHits.find((hit) => hit.kind === 'schutzliste')!.id;
    expect((await call(t, board, 'POST', '/preflight/dismissals', 'moderator', { hitId: dismissedId, reason: 'Im Workshop geprüft' })).status).toBe(201);

    const answer = (await (await call(t, board, 'GET', '/preflight', 'analyst')).json()) as { hits: Hit[]; dismissed: (Hit & { reason: string })[] };
    const ordinaryKinds = new Set(HIT_KINDS.filter((kind) => kind !== 'schutzliste'));
    expect(JSON.stringify(answer)).not.toContain('schutzliste');
    expect(answer.hits.map((hit) => [hit.kind, hit.text]).sort()).toEqual([
      ['name', 'Lena'],
      ['name', 'Lena'],
      ['name', 'Lindenschule'],
    ]);
    expect(answer.dismissed).toMatchObject([{ kind: 'name', text: 'Lindenschule', reason: 'Im Workshop geprüft' }]);
    expect([...answer.hits, ...answer.dismissed].every((hit) => ordinaryKinds.has(hit.kind as never))).toBe(true);
    // the id hashes the kind: an analyst's ids must not be the moderator's
    expect([...answer.hits, ...answer.dismissed].map((hit) => hit.id)).not.toContain(dismissedId);

    const refused = await call(t, board, 'GET', '/export?format=md', 'analyst');
    expect(refused.status).toBe(409);
    const refusedText = await refused.text();
    expect(refusedText).not.toContain('schutzliste');
    expect(JSON.parse(refusedText).hits).toContainEqual(expect.objectContaining({ kind: 'name', text: 'Lindenschule' }));
  });

  it('refuses an impossible term with 400 and saves nothing; pre-flight and export keep working', async () => {
    const board = await boardWith(t, ['Hausbesuch bei Familie Schulze-Brandt.']);
    expect((await call(t, board, 'PUT', '/schutzliste', 'moderator', { terms: ['Schulze-Brandt'] })).status).toBe(200);
    const refused = await call(t, board, 'PUT', '/schutzliste', 'moderator', { terms: ['Müller', '--', 'Ab\u200bc'] });
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_term');
    expect(error.message).toContain('"--" has fewer than two letters or digits');
    expect(error.message).toContain('contains control characters');
    expect(await (await call(t, board, 'GET', '/schutzliste', 'moderator')).json()).toEqual({ terms: ['Schulze-Brandt'], pseudonyms: [] });
    expect((await call(t, board, 'GET', '/preflight', 'moderator')).status).toBe(200);
    expect((await call(t, board, 'GET', '/export?format=md', 'moderator')).status).toBe(409);
  });
});

describe('link targets', () => {
  it('refuse the export in every format when a mailto: link carries a name and a birth date', async () => {
    const board = await t.createBoard();
    await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
      migrateCaseModel(doc);
      const rec = createRecord(doc, 'recommendations', { title: 'Rückfragen klären', addressee: 'Leitung ASD' });
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      richText(doc, 'recommendations', rec.id, 'rationale')!.insert(0, [paragraph]);
      text.insert(0, 'Rückfragen ');
      text.insert(11, 'per Mail', { link: { href: 'mailto:dennis.wagner@example.org?subject=Dennis%20Wagner%2C%20geb.%2007.07.1988' } });
    });
    const check = (await (await call(t, board, 'GET', '/preflight', 'moderator')).json()) as { hits: (Hit & { location: { label: string } })[] };
    expect(check.hits.map((hit) => hit.kind).sort()).toEqual(expect.arrayContaining(['email', 'geburtsdatum']));
    expect(check.hits.every((hit) => hit.location.label.endsWith('(Linkziel)'))).toBe(true);
    for (const format of ['md', 'docx', 'pdf']) expect((await call(t, board, 'GET', `/export?format=${format}`, 'moderator')).status).toBe(409);
  });
});

describe('pseudonymisation mapping', () => {
  it('goes into the sealed Schutzliste with the real names as terms; the audit log keeps counts only', async () => {
    const board = await boardWith(t, ['Gespräch mit Vater A.']);
    expect((await call(t, board, 'PUT', '/schutzliste', 'moderator', { terms: ['Lindenschule'] })).status).toBe(200);
    const pairs = [
      { real: 'Dennis Wagner', pseudonym: 'Vater A' },
      { real: 'Sabine Krämer', pseudonym: 'Mutter A' },
    ];
    const saved = await call(t, board, 'POST', '/pseudonyms', 'moderator', { pairs, replacements: 7 });
    expect(saved.status).toBe(200);
    const list = { terms: ['Lindenschule', 'Dennis Wagner', 'Sabine Krämer'], pseudonyms: pairs };
    expect(await saved.json()).toEqual(list);
    expect(await (await call(t, board, 'GET', '/schutzliste', 'moderator')).json()).toEqual(list);
    // editing the terms keeps the mapping
    expect(await (await call(t, board, 'PUT', '/schutzliste', 'moderator', { terms: ['Dennis Wagner'] })).json()).toEqual({
      terms: ['Dennis Wagner'],
      pseudonyms: pairs,
    });
    // the stored blob is sealed: no name in the database row
    const sealed = await t.server.storage.secrets.getSchutzliste(board);
    expect(Buffer.from(sealed!).toString('latin1')).not.toContain('Wagner');

    const refused = await call(t, board, 'POST', '/pseudonyms', 'moderator', { pairs: [{ real: '--', pseudonym: 'Kind A' }], replacements: 1 });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_term');
    expect((await call(t, board, 'POST', '/pseudonyms', 'analyst', { pairs, replacements: 7 })).status).toBe(403);

    const admin = { authorization: `Bearer ${t.token({ role: 'admin' })}` };
    const log = await (await fetch(`${t.server.url}/api/audit?boardId=${board}`, { headers: admin })).text();
    const events = (JSON.parse(log) as { events: { action: string; detail: unknown }[] }).events.filter((event) => event.action === 'pseudonymised');
    expect(events.map((event) => event.detail)).toEqual([{ names: 2, replacements: 7 }]);
    expect(log).not.toContain('Wagner');
  });
});
