import { createRecord, procedureEvidenceSchema, type BoardDetail } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { startTestServer, TEST_MODERATOR, type TestServer } from '../helpers/server.js';

/**
 * The evidence picker's source: every finding of a procedure's boards, numbered as the procedure's
 * report numbers them, so that what the inspector offers is what the report cites.
 */
let t: TestServer;
const api = apiClient(() => t);
let account: string;
let procedure: string;
let caseA: string;
let caseB: string;
let house: string;

beforeAll(async () => {
  t = await startTestServer();
  account = t.token({ role: 'moderator' });
  procedure = (await api('POST', '/procedures', { token: account, body: { title: 'QE-Verfahren 2026', office: 'Jugendamt Musterstadt' } })).body.id;
  const add = async (body: unknown) => (await api('POST', `/procedures/${procedure}/boards`, { token: account, body })).body.id as string;
  caseA = await add({ name: 'Fallwerkstatt eins', kind: 'case', selection: 'gezielt' });
  caseB = await add({ name: 'Fallwerkstatt zwei', kind: 'case', selection: 'zufällig' });
  house = await add({ name: 'Haus', kind: 'structure' });
  await t.server.registry.writeBoard(caseA, TEST_MODERATOR, (doc) => {
    createRecord(doc, 'findings', { text: 'Die Meldungen der Schule wurden nicht zusammen gesehen.' });
    createRecord(doc, 'findings', { text: 'Die Hilfeplanung fand ohne das Kind statt.' });
  });
  await t.server.registry.writeBoard(caseB, TEST_MODERATOR, (doc) => {
    createRecord(doc, 'findings', { text: 'Die Gefährdungseinschätzung wurde nicht im Team beraten.' });
  });
  await t.server.registry.writeBoard(house, TEST_MODERATOR, (doc) => {
    createRecord(doc, 'structuralFindings', { text: 'Die Fallbelastung im ASD liegt über dem Landeswert.' });
  });
});
afterAll(async () => t.stop());

describe('GET /api/procedures/:id/evidence', () => {
  it("answers every board's findings with the report's numbers, and the report cites them so", async () => {
    const answer = await api('GET', `/procedures/${procedure}/evidence`, { token: account });
    expect(answer.status).toBe(200);
    const { evidence } = procedureEvidenceSchema.parse(answer.body);
    expect(evidence.map(({ boardId, label, kind, number, citation, text }) => ({ boardId, label, kind, number, citation, text }))).toEqual([
      {
        boardId: caseA,
        label: 'Fall A',
        kind: 'findings',
        number: 1,
        citation: 'Fall A, Befund 1',
        text: 'Die Meldungen der Schule wurden nicht zusammen gesehen.',
      },
      { boardId: caseA, label: 'Fall A', kind: 'findings', number: 2, citation: 'Fall A, Befund 2', text: 'Die Hilfeplanung fand ohne das Kind statt.' },
      // the numbers run on across the cases, as in the report
      {
        boardId: caseB,
        label: 'Fall B',
        kind: 'findings',
        number: 3,
        citation: 'Fall B, Befund 3',
        text: 'Die Gefährdungseinschätzung wurde nicht im Team beraten.',
      },
      {
        boardId: house,
        label: 'Strukturanalyse',
        kind: 'structuralFindings',
        number: 1,
        citation: 'Strukturbefund 1',
        text: 'Die Fallbelastung im ASD liegt über dem Landeswert.',
      },
    ]);

    // a recommendation of Fall A citing what the picker offers: the report names it the same way
    const [, , inB, structural] = evidence;
    await t.server.registry.writeBoard(caseA, TEST_MODERATOR, (doc) => {
      createRecord(doc, 'recommendations', {
        title: 'Gefährdungseinschätzung im Team beraten',
        status: 'abgestimmt',
        evidence: {
          eventIds: [],
          keySituationIds: [],
          factorIds: [],
          structuralFindingIds: [],
          boards: [inB!, structural!].map(({ boardId, kind, id }) => ({ boardId, kind, id })),
        },
      });
    });
    expect((await api('GET', `/procedures/${procedure}/preflight`, { token: account })).body.hits).toEqual([]);
    const report = await fetch(`${t.server.url}/api/procedures/${procedure}/export?format=md`, { headers: { authorization: `Bearer ${account}` } });
    expect(report.status).toBe(200);
    const markdown = (await report.text()).replace(/\*\*/g, '');
    expect(markdown).toContain(`Belege: ${inB!.citation}; ${structural!.citation}`);
    expect(markdown).toContain('Befund 3: Die Gefährdungseinschätzung wurde nicht im Team beraten.');
  });

  it("a board says which procedure it belongs to; a case board's guest may not ask; an unknown procedure is 404", async () => {
    const detail = (await api('GET', `/boards/${caseB}`, { token: account })).body as BoardDetail;
    expect(detail.procedure).toEqual({ id: procedure, kind: 'case', label: 'Fall B' });
    const lone = await t.createBoard();
    expect(((await api('GET', `/boards/${lone}`, { token: account })).body as BoardDetail).procedure).toBeNull();

    const guest = t.token({ sub: 'guest-1', role: 'editor', board: caseA });
    const refused = await api('GET', `/procedures/${procedure}/evidence`, { token: guest });
    expect(refused.status).toBe(403);
    expect(refused.body).not.toHaveProperty('evidence');
    const unknown = await api('GET', '/procedures/no-such-procedure/evidence', { token: account });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('procedure_not_found');
  });
});
