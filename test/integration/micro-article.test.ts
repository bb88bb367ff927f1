import { createRecord, migrateCaseModel, richText } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, TEST_MODERATOR, type TestServer } from '../helpers/server.js';

/** A Mikroartikel is exported on its own through the report's pre-flight and renderers, and stands in the report's annex. */
let t: TestServer;
let board: string;
let articleId: string;

const paragraph = (text: string) => {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
};

beforeAll(async () => {
  t = await startTestServer();
  board = await t.createBoard('Fall Talstadt');
  articleId = await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
    migrateCaseModel(doc);
    const situation = createRecord(doc, 'keySituations', { title: 'Übergabe am Freitag' });
    createRecord(doc, 'recommendations', { title: 'Eine Empfehlung, die nur im Bericht steht' });
    const article = createRecord(doc, 'microArticles', { title: 'Was eine Rückfrage bewirkt', keySituationId: situation.id });
    richText(doc, 'microArticles', article.id, 'story')!.insert(0, [paragraph('Eine Fachkraft fragte bei der Kita noch einmal nach.')]);
    richText(doc, 'microArticles', article.id, 'insights')!.insert(0, [paragraph('Nachfragen kostet wenig und klärt viel.')]);
    richText(doc, 'microArticles', article.id, 'practice')!.insert(0, [paragraph('Rückfragen gehören in die Checkliste.')]);
    return article.id;
  });
});
afterAll(async () => t.stop());

const get = (route: string, role = 'moderator') =>
  fetch(`${t.server.url}/api/boards/${board}${route}`, {
    headers: { authorization: `Bearer ${t.token({ role: role as 'moderator', board, sub: `${role}-1` })}` },
  });

describe('Mikroartikel', () => {
  it('exports one article on its own, with its sections and what it refers to', async () => {
    const response = await get(`/export?format=md&microArticle=${articleId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('QE-Mikroartikel');
    const markdown = await response.text();
    expect(markdown).toContain('Was eine Rückfrage bewirkt');
    expect(markdown).toContain('Bezug: Schlüsselsituation 1');
    expect(markdown).toContain('Die Geschichte / Erfahrung');
    expect(markdown).toContain('Nachfragen kostet wenig und klärt viel.');
    expect(markdown).toContain('Was folgt daraus für die Praxis?');
    // the empty section is left out, and nothing of the report comes along
    expect(markdown).not.toContain('Offene Fragen');
    expect(markdown).not.toContain('Eine Empfehlung, die nur im Bericht steht');
    expect(markdown).not.toContain('Anhang A');
    for (const format of ['docx', 'pdf']) expect((await get(`/export?format=${format}&microArticle=${articleId}`)).status).toBe(200);
  });

  it('stands in the report’s annex', async () => {
    const markdown = await (await get('/export?format=md')).text();
    expect(markdown).toContain('Anhang C: Mikroartikel');
    expect(markdown.indexOf('Was eine Rückfrage bewirkt')).toBeGreaterThan(markdown.indexOf('Anhang C: Mikroartikel'));
  });

  it('goes through the same pre-flight: a Schutzliste term in the article stops its export', async () => {
    const put = await fetch(`${t.server.url}/api/boards/${board}/schutzliste`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.token({ role: 'moderator', board })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ terms: ['Checkliste'] }),
    });
    expect(put.status).toBe(200);
    const preflight = (await (await get(`/preflight?microArticle=${articleId}`)).json()) as { hits: { location: string }[] };
    expect(preflight.hits.length).toBeGreaterThan(0);
    expect(JSON.stringify(preflight.hits)).toContain('Mikroartikel');
    expect((await get(`/export?format=md&microArticle=${articleId}`)).status).toBe(409);
    // only the moderators' marked draft gets out
    expect((await get(`/export?format=md&draft=1&microArticle=${articleId}`)).status).toBe(200);
    expect((await get(`/export?format=md&microArticle=missing-id`)).status).toBe(404);
    expect((await get(`/export?format=md&microArticle=${articleId}`, 'editor')).status).toBe(403);
  });
});
