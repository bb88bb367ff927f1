import { readFileSync } from 'node:fs';
import { appliedTemplateIds, decodeCsvBytes, listRecords, parseCsv, parseExampleReflection } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { apiClient } from '../helpers/api.js';
import { EXAMPLE_CASE_FILES } from '../helpers/fixtureBoard.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

/** Lets a test hand the route a reflection file that does not fit the chronology. */
const broken = vi.hoisted(() => ({ reflection: false }));
vi.mock('@qe/server/examples', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@qe/server/examples')>();
  return {
    ...actual,
    readExampleCase: () => {
      const files = actual.readExampleCase();
      if (!broken.reflection) return files;
      const reflection = JSON.parse(new TextDecoder().decode(files.reflection));
      reflection.empfehlungen[0].belege.push('31.12.1999');
      return { ...files, reflection: new TextEncoder().encode(JSON.stringify(reflection)) };
    },
  };
});

let t: TestServer;
const api = apiClient(() => t);
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

const rowsIn = (file: string) => parseCsv(decodeCsvBytes(readFileSync(file)).text).rows.length;
const reflection = parseExampleReflection(readFileSync(EXAMPLE_CASE_FILES.reflection));
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]+$/;

describe('POST /api/boards/example', () => {
  it('creates a board filled with the example case and the three templates, stored before it answers', async () => {
    const moderator = t.token({ sub: 'mod-1', name: 'Mo', role: 'moderator' });
    const created = await api('POST', '/boards/example', { token: moderator });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Beispiel: Fall Familie S. (fiktiv)', finishedAt: null });
    const board = created.body.id as string;
    expect(board).toMatch(SAFE_ID);

    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await t.server.storage.documents.load(board)));
    expect(listRecords(stored, 'events').records).toHaveLength(rowsIn(EXAMPLE_CASE_FILES.chronology));
    expect(listRecords(stored, 'persons').records).toHaveLength(rowsIn(EXAMPLE_CASE_FILES.persons));
    expect(listRecords(stored, 'lanes').records.map((lane) => lane.name)).toContain('Jugendamt Kreis X');
    // the reflection's key situations, and one the template made for the flagged event they leave out
    expect(listRecords(stored, 'keySituations').records).toHaveLength(reflection.schluesselsituationen.length + 1);
    expect(listRecords(stored, 'factors').records).toHaveLength(reflection.schluesselsituationen.flatMap((s) => s.einflussfaktoren).length);
    expect(listRecords(stored, 'recommendations').records).toHaveLength(reflection.empfehlungen.length);
    expect(listRecords(stored, 'findings').records).toHaveLength(reflection.empfehlungen.length);
    expect(appliedTemplateIds(stored)).toEqual(['empfehlungen', 'fallchronologie', 'wie-konnte-es-dazu-kommen']);

    // it is a board like any other: listed, and open to a board token
    expect((await api('GET', '/boards', { token: moderator })).body.boards).toEqual(expect.arrayContaining([expect.objectContaining({ id: board })]));
    const client = connectProvider(t.server.url, board, t.token({ role: 'editor', board }));
    await waitForSynced(client.provider);
    await eventually(() => listRecords(client.doc, 'recommendations').records.length === reflection.empfehlungen.length, 5000, 'records at the client');
    client.provider.destroy();

    const audit = (await api('GET', `/audit?boardId=${board}`, { token: t.token({ role: 'admin' }) })).body.events as {
      action: string;
      actor: string;
      detail: unknown;
    }[];
    expect(audit.filter((event) => event.action === 'board_created')).toEqual([expect.objectContaining({ actor: 'mod-1', detail: { example: true } })]);
  });

  it('is for moderator and admin account tokens only', async () => {
    const board = await t.createBoard();
    expect((await api('POST', '/boards/example')).status).toBe(401);
    expect((await api('POST', '/boards/example', { token: t.token({ role: 'moderator', board }) })).status).toBe(403);
    expect((await api('POST', '/boards/example', { token: t.token({ role: 'admin' }) })).status).toBe(201);
  });

  it('leaves no board behind when the example cannot be written', async () => {
    const before = (await t.server.storage.boards.list()).length;
    broken.reflection = true;
    try {
      const refused = await api('POST', '/boards/example', { token: t.token({ role: 'admin' }) });
      expect(refused.status).toBe(500);
    } finally {
      broken.reflection = false;
    }
    expect(await t.server.storage.boards.list()).toHaveLength(before);
  });
});
