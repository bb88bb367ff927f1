import { agendaArray, appliedTemplateIds, DEFAULT_THEMES, ensureAgenda, listRecords, STRUCTURE_PHASES, type Procedure } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** The procedure through the API: what it holds, precise errors, and access that follows it. */
let t: TestServer;
const api = apiClient(() => t);
let account: string;

beforeAll(async () => {
  t = await startTestServer();
  account = t.token({ role: 'moderator' });
});
afterAll(async () => t.stop());

async function newProcedure(title = 'QE-Verfahren 2026'): Promise<string> {
  const created = await api('POST', '/procedures', { token: account, body: { title, office: 'Jugendamt Musterstadt' } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const addBoard = (procedure: string, body: unknown, token = account) => api('POST', `/procedures/${procedure}/boards`, { token, body });

describe('procedure API', () => {
  it('creates a procedure with the nine quality topics, boards with neutral labels, members; the phase and topics change', async () => {
    const id = await newProcedure();
    const fresh = (await api('GET', `/procedures/${id}`, { token: account })).body as Procedure;
    expect(fresh).toMatchObject({ id, title: 'QE-Verfahren 2026', office: 'Jugendamt Musterstadt', phase: 'Vorbereitung', boards: [], members: [] });
    expect(fresh.themes).toEqual([...DEFAULT_THEMES]);
    expect(fresh.themes).toHaveLength(9);

    const a = await addBoard(id, { name: 'Fallwerkstatt 1', kind: 'case', selection: 'gezielt' });
    const b = await addBoard(id, { name: 'Fallwerkstatt 2', kind: 'case', selection: 'zufällig' });
    const house = await addBoard(id, { name: 'Strukturanalyse Musterstadt', kind: 'structure' });
    expect([a.status, b.status, house.status]).toEqual([201, 201, 201]);
    expect(Object.keys(a.body)).toEqual(['id']);
    const withBoards = (await api('GET', `/procedures/${id}`, { token: account })).body as Procedure;
    expect(withBoards.boards).toEqual([
      { id: a.body.id, name: 'Fallwerkstatt 1', kind: 'case', selection: 'gezielt', label: 'Fall A' },
      { id: b.body.id, name: 'Fallwerkstatt 2', kind: 'case', selection: 'zufällig', label: 'Fall B' },
      { id: house.body.id, name: 'Strukturanalyse Musterstadt', kind: 'structure', selection: null, label: 'Strukturanalyse' },
    ]);
    // a board of the procedure is a board like any other
    expect((await api('GET', `/boards/${a.body.id}`, { token: account })).body.name).toBe('Fallwerkstatt 1');
    // every board holds the procedure's topics
    const topics = await t.server.registry.withBoard(b.body.id, ({ doc }) => listRecords(doc, 'themes').records.map((theme) => theme.name));
    expect(topics).toEqual(expect.arrayContaining([...DEFAULT_THEMES]));

    const patched = await api('PATCH', `/procedures/${id}`, {
      token: account,
      body: { phase: 'Fallwerkstätten', period: '01/2026 bis 06/2026', themes: [...DEFAULT_THEMES, 'Übergänge zwischen Diensten'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ phase: 'Fallwerkstätten', period: '01/2026 bis 06/2026' });
    for (const board of [a, b, house]) {
      const names = await t.server.registry.withBoard(board.body.id, ({ doc }) => listRecords(doc, 'themes').records.map((theme) => theme.name));
      expect(names).toContain('Übergänge zwischen Diensten');
    }

    const member = await api('POST', `/procedures/${id}/members`, { token: account, body: { name: 'Ana Analyse', role: 'analyseteam' } });
    expect(member.status).toBe(201);
    expect((await api('GET', `/procedures/${id}`, { token: account })).body.members).toEqual([
      { id: member.body.id, name: 'Ana Analyse', role: 'analyseteam', organisation: '' },
    ]);
    expect((await api('GET', '/procedures', { token: account })).body.procedures.map((p: Procedure) => p.id)).toContain(id);
  });

  it('answers precise errors: 400 naming the field, 404, 409 for a second structure board', async () => {
    const id = await newProcedure();
    const missing = await api('POST', '/procedures', { token: account, body: { title: ' ' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/title: Titel fehlt/);
    expect(missing.body.error.message).toMatch(/office/);
    const kind = await addBoard(id, { name: 'X', kind: 'window' });
    expect(kind.status).toBe(400);
    expect(kind.body.error.message).toMatch(/kind must be case or structure/);
    const selection = await addBoard(id, { name: 'X', kind: 'structure', selection: 'gezielt' });
    expect(selection.status).toBe(400);
    expect(selection.body.error.message).toMatch(/selection: only a case board has a selection/);
    const phase = await api('PATCH', `/procedures/${id}`, { token: account, body: { phase: 'Fertig' } });
    expect(phase.status).toBe(400);
    expect(phase.body.error.message).toMatch(/phase must be one of: Vorbereitung/);
    const empty = await api('PATCH', `/procedures/${id}`, { token: account, body: {} });
    expect(empty.status).toBe(400);
    expect((await api('PATCH', `/procedures/${id}`, { token: account, body: { themes: ['A', 'a'] } })).body.error.message).toMatch(
      /themes: Themen kommen doppelt vor/,
    );

    expect((await api('GET', '/procedures/no-such-procedure', { token: account })).body.error.code).toBe('procedure_not_found');
    expect((await api('GET', '/procedures/no-such-procedure', { token: account })).status).toBe(404);
    expect((await addBoard('no-such-procedure', { name: 'X', kind: 'case' })).status).toBe(404);
    expect((await api('DELETE', `/procedures/${id}/members/nobody`, { token: account })).status).toBe(404);

    expect((await addBoard(id, { name: 'Haus', kind: 'structure' })).status).toBe(201);
    const second = await addBoard(id, { name: 'Noch ein Haus', kind: 'structure' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('structure_exists');
    // the refused board is not left behind
    expect((await t.server.storage.boards.list()).some((board) => board.name === 'Noch ein Haus')).toBe(false);
  });

  it('access follows the procedure: the analysis team opens all its boards, a case board guest only that board', async () => {
    const id = await newProcedure();
    const other = await newProcedure('Anderes Verfahren');
    const caseA = (await addBoard(id, { name: 'Fall eins', kind: 'case', selection: 'gezielt' })).body.id as string;
    const house = (await addBoard(id, { name: 'Haus', kind: 'structure' })).body.id as string;
    const foreign = (await addBoard(other, { name: 'Fremder Fall', kind: 'case' })).body.id as string;
    const memberId = (await api('POST', `/procedures/${id}/members`, { token: account, body: { name: 'Ana Analyse', role: 'analyseteam' } })).body.id;
    const officeId = (await api('POST', `/procedures/${id}/members`, { token: account, body: { name: 'Olaf Amt', role: 'jugendamt' } })).body.id;
    const issued = await api('POST', `/procedures/${id}/members/${memberId}/token`, { token: account });
    expect(issued.body.role).toBe('analyst');
    const analyst = issued.body.token as string;
    const office = (await api('POST', `/procedures/${id}/members/${officeId}/token`, { token: account })).body.token as string;

    // the analysis team: the procedure and every one of its boards, as analysts; no other procedure's board
    expect((await api('GET', `/procedures/${id}`, { token: analyst })).status).toBe(200);
    for (const board of [caseA, house]) expect((await api('GET', `/boards/${board}/access`, { token: analyst })).body.role).toBe('analyst');
    expect((await api('GET', `/boards/${foreign}`, { token: analyst })).status).toBe(403);
    expect((await api('GET', `/procedures/${other}`, { token: analyst })).status).toBe(403);
    expect((await api('POST', `/procedures/${id}/boards`, { token: analyst, body: { name: 'X', kind: 'case' } })).status).toBe(403);
    // not an account: no board list, no new procedures
    expect((await api('GET', '/boards', { token: analyst })).status).toBe(403);
    expect((await api('POST', '/procedures', { token: analyst, body: { title: 'X', office: 'Y' } })).status).toBe(403);

    // the office's contacts: the procedure page, not the boards
    expect((await api('GET', `/procedures/${id}`, { token: office })).status).toBe(200);
    expect((await api('GET', `/boards/${caseA}`, { token: office })).status).toBe(403);

    // a case board's guest: that board only
    const guest = t.token({ sub: 'guest-1', role: 'editor', board: caseA });
    expect((await api('GET', `/boards/${caseA}`, { token: guest })).status).toBe(200);
    expect((await api('GET', `/boards/${house}`, { token: guest })).status).toBe(403);
    expect((await api('GET', `/procedures/${id}`, { token: guest })).status).toBe(403);

    // a removed member's token stops working at once
    expect((await api('DELETE', `/procedures/${id}/members/${memberId}`, { token: account })).status).toBe(204);
    const gone = await api('GET', `/boards/${caseA}`, { token: analyst });
    expect(gone.status).toBe(403);
    expect(gone.body.error.code).toBe('removed');
  });

  it('the structure board starts as "Das Jugendamt als Haus" and imports indicators from CSV like the chronology', async () => {
    const id = await newProcedure();
    const house = (await addBoard(id, { name: 'Haus', kind: 'structure' })).body.id as string;
    const caseA = (await addBoard(id, { name: 'Fall', kind: 'case', selection: 'gezielt' })).body.id as string;
    expect(await t.server.registry.withBoard(house, ({ doc }) => appliedTemplateIds(doc))).toEqual(['jugendamt-als-haus']);
    expect(await t.server.registry.withBoard(caseA, ({ doc }) => appliedTemplateIds(doc))).toEqual([]);
    // the structural analysis' agenda, which a moderator's client keeps (ensureAgenda seeds nothing over it)
    const agenda = await t.server.registry.withBoard(house, ({ doc }) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      ensureAgenda(copy);
      return agendaArray(copy)
        .toArray()
        .map((phase) => phase.id);
    });
    expect(agenda).toEqual(STRUCTURE_PHASES.map((phase) => phase.id));
    expect(await t.server.registry.withBoard(caseA, ({ doc }) => agendaArray(doc).length)).toBe(0);
    const csv =
      '\uFEFFBereich;Indikator;Wert;Einheit;Jahr;Quelle;Vergleichswert\r\nPersonal und Organisation;Fallbelastung ASD je Vollzeitstelle;38;Fälle;2025;Personalstatistik;NRW: 31\r\n';
    const analyst = t.token({ role: 'analyst', board: house });
    const imported = await fetch(`${t.server.url}/api/boards/${house}/import/indicators`, {
      method: 'POST',
      headers: { authorization: `Bearer ${analyst}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(await imported.json()).toEqual({ imported: 1, errors: [], dryRun: false });
    const stored = await t.server.registry.withBoard(house, ({ doc }) => listRecords(doc, 'indicators').records);
    expect(stored).toEqual([expect.objectContaining({ name: 'Fallbelastung ASD je Vollzeitstelle', value: '38', year: 2025, comparison: 'NRW: 31' })]);
  });
});
