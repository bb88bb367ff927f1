import path from 'node:path';
import { applyTemplate, createRecord, endPrivatePhase, listRecords, privatePhase, startPrivatePhase } from '@qe/shared';
import { templateById } from '@qe/templates';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient } from '../helpers/api.js';
import { startTestServer, TEST_MODERATOR, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

/** Private writing (session/privatePhase): hidden text never reaches another client's doc; anonymous cards name nobody. */
let t: TestServer;
const api = apiClient(() => t);
const clients: ReturnType<typeof connectProvider>[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => clients.splice(0).forEach((c) => c.provider.destroy()));
afterAll(async () => t.stop());

const SECRET_A = 'a'.repeat(20) + 'secretOfAnnasClient';
const SECRET_B = 'b'.repeat(20) + 'secretOfBensClient00';

async function boardWithFrame(templateId: string, annaSub = 'anna-sub-7') {
  const board = await t.createBoard();
  await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => applyTemplate(doc, templateById(templateId)!));
  return {
    board,
    moderator: t.token({ role: 'moderator', board, sub: 'mona', name: 'Mona Moderatorin' }),
    anna: t.token({ role: 'editor', board, sub: annaSub, name: 'Anna Autorin' }),
    ben: t.token({ role: 'editor', board, sub: 'ben-sub-9', name: 'Ben' }),
  };
}

async function connected(board: string, token: string) {
  const client = connectProvider(t.server.url, board, token);
  clients.push(client);
  await waitForSynced(client.provider);
  return client;
}

/** everything a client holds of the board: its whole doc as bytes and as JSON */
const holds = (doc: Y.Doc, text: string) => Buffer.from(Y.encodeStateAsUpdate(doc)).includes(Buffer.from(text)) || JSON.stringify(doc.toJSON()).includes(text);

describe('private phase', () => {
  it('keeps a card out of every other client’s doc until the moderator reveals it', async () => {
    const { board, moderator, anna, ben } = await boardWithFrame('empfehlungen');
    const mod = await connected(board, moderator);
    const other = await connected(board, ben);
    // no phase: private cards are refused
    expect((await api('POST', `/boards/${board}/private-cards`, { token: anna, body: { text: 'zu früh', secret: SECRET_A } })).status).toBe(409);

    // the moderator starts the phase through sync (session state, moderators only)
    startPrivatePhase(mod.doc, { frame: 'empfehlungen', anonymous: false, startedBy: 'mona', startedAt: new Date().toISOString() });
    await eventually(() => privatePhase(other.doc)?.frame === 'empfehlungen', 5000, 'phase reaches the other client');
    // an editor cannot start or end it
    other.doc.getMap('session.state').delete('privatePhase');
    await eventually(() => privatePhase(mod.doc) !== undefined, 2000, 'refused change undone');

    const hidden = 'Verdeckt-Geheimnis-4711';
    const written = await api('POST', `/boards/${board}/private-cards`, { token: anna, body: { text: hidden, secret: SECRET_A } });
    expect(written.status).toBe(201);
    expect((await api('POST', `/boards/${board}/private-cards/mine`, { token: anna, body: { secret: SECRET_A } })).body.cards.map((c: any) => c.text)).toEqual([
      hidden,
    ]);
    expect((await api('POST', `/boards/${board}/private-cards/mine`, { token: ben, body: { secret: SECRET_B } })).body.cards).toEqual([]);
    expect((await api('GET', `/boards/${board}/private-cards/count`, { token: moderator })).body.count).toBe(1);
    expect((await api('GET', `/boards/${board}/private-cards/count`, { token: ben })).status).toBe(403);
    expect((await api('POST', `/boards/${board}/private-cards/reveal`, { token: ben })).status).toBe(403);

    // a later change travels to both clients, so they are up to date: still no hidden text
    mod.doc.getMap('session.state').set('marker', 1);
    await eventually(() => other.doc.getMap('session.state').get('marker') === 1, 5000, 'later change arrives');
    expect(holds(other.doc, hidden)).toBe(false);
    expect(holds(mod.doc, hidden)).toBe(false);
    expect(await t.server.registry.withBoard(board, ({ doc }) => holds(doc, hidden))).toBe(false);

    const revealed = await api('POST', `/boards/${board}/private-cards/reveal`, { token: moderator });
    expect(revealed.body).toEqual({ revealed: 1 });
    await eventually(() => listRecords(other.doc, 'recommendations').records.some((r) => r.title === hidden), 5000, 'revealed card arrives');
    expect(privatePhase(other.doc)).toBeUndefined();
    expect((await api('GET', `/boards/${board}/private-cards/count`, { token: moderator })).body.count).toBe(0);
    expect((await api('POST', `/boards/${board}/private-cards/mine`, { token: anna, body: { secret: SECRET_A } })).body.cards).toEqual([]);
  });

  it('refuses a participant’s public card of the phase’s kind written into the doc while the phase runs, and accepts it after', async () => {
    const { board, moderator, anna, ben } = await boardWithFrame('empfehlungen', 'bypassing-anna');
    const mod = await connected(board, moderator);
    const author = await connected(board, anna);
    const other = await connected(board, ben);
    startPrivatePhase(mod.doc, { frame: 'empfehlungen', anonymous: false, startedBy: 'mona', startedAt: new Date().toISOString() });
    await eventually(() => privatePhase(author.doc) !== undefined && privatePhase(other.doc) !== undefined, 5000, 'phase reaches the participants');
    // every message the other client receives, and every recommendation its doc ever holds
    const arrived: Buffer[] = [];
    other.provider.ws!.addEventListener('message', (event) => arrived.push(Buffer.from(event.data as ArrayBuffer)));
    const titlesSeen = new Set<string>();
    other.doc.on('afterTransaction', () => listRecords(other.doc, 'recommendations').records.forEach((r) => titlesSeen.add(r.title)));

    // Anna writes straight into her copy of the doc over sync, bypassing the panel
    const early = 'Oeffentlich-zu-frueh-3141';
    const bypass = createRecord(author.doc, 'recommendations', { title: early });
    // her own client takes it out again when the server's restore arrives
    await eventually(() => !listRecords(author.doc, 'recommendations').records.some((r) => r.id === bypass.id), 5000, 'refused card undone at its author');
    // a later change of the moderator arrives at the other client, so everything before it has too
    mod.doc.getMap('session.state').set('marker', 1);
    await eventually(() => other.doc.getMap('session.state').get('marker') === 1, 5000, 'later change arrives');
    expect(titlesSeen.has(early)).toBe(false);
    expect(holds(other.doc, early)).toBe(false);
    expect(await t.server.registry.withBoard(board, ({ doc }) => listRecords(doc, 'recommendations').records.length)).toBe(0);
    expect(await t.server.registry.withBoard(board, ({ doc }) => holds(doc, early))).toBe(false);
    // the moderator may still write into the frame (moderation, the reveal)
    createRecord(mod.doc, 'recommendations', { title: 'Von der Moderation' });
    await eventually(() => listRecords(other.doc, 'recommendations').records.some((r) => r.title === 'Von der Moderation'), 5000, 'moderator’s card arrives');
    // and other kinds stay open to participants
    createRecord(author.doc, 'findings', { text: 'Ein Befund während der Phase' });
    await eventually(() => listRecords(other.doc, 'findings').records.length === 1, 5000, 'finding arrives');

    // once the phase has ended, the same card is accepted and reaches everyone
    endPrivatePhase(mod.doc);
    await eventually(() => privatePhase(author.doc) === undefined && privatePhase(other.doc) === undefined, 5000, 'phase ended everywhere');
    const later = 'Oeffentlich-nach-der-Phase-2718';
    createRecord(author.doc, 'recommendations', { title: later });
    await eventually(() => listRecords(other.doc, 'recommendations').records.some((r) => r.title === later), 5000, 'card after the phase arrives');
    expect(await t.server.registry.withBoard(board, ({ doc }) => listRecords(doc, 'recommendations').records.some((r) => r.title === later))).toBe(true);
    expect(listRecords(author.doc, 'recommendations').records.some((r) => r.title === later)).toBe(true);
    // what the other client was given before never held the refused card (checked here, after a real card arrived the same way)
    expect(Buffer.concat(arrived).includes(Buffer.from(later))).toBe(true);
    expect(Buffer.concat(arrived).includes(Buffer.from(early))).toBe(false);
  });

  it('stores nothing that ties an anonymous card to its author, before and after the reveal', async () => {
    const { board, moderator, anna, ben } = await boardWithFrame('wie-konnte-es-dazu-kommen', 'anonymous-anna-3');
    const mod = await connected(board, moderator);
    const other = await connected(board, ben);
    startPrivatePhase(mod.doc, { frame: 'wie-konnte-es-dazu-kommen', anonymous: true, startedBy: 'mona', startedAt: new Date().toISOString() });
    await eventually(() => privatePhase(other.doc)?.anonymous === true, 5000, 'phase reaches the other client');

    const hidden = 'Anonym-Einflussfaktor-0815';
    expect((await api('POST', `/boards/${board}/private-cards`, { token: anna, body: { text: hidden, level: 'Team', secret: SECRET_A } })).status).toBe(201);
    // Anna finds her card with her client's secret; the same secret from Ben's token finds nothing of Ben's own
    expect((await api('POST', `/boards/${board}/private-cards/mine`, { token: anna, body: { secret: SECRET_A } })).body.cards).toHaveLength(1);
    expect((await api('POST', `/boards/${board}/private-cards/mine`, { token: anna, body: { secret: SECRET_B } })).body.cards).toHaveLength(0);

    const file = path.join(t.dataDir, 'qe-werkstatt.sqlite');
    /** every table.column of the database file whose stored value holds `text` in plain */
    const columnsHolding = (text: string) => {
      const db = new Database(file, { readonly: true });
      try {
        const found: string[] = [];
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
        for (const { name } of tables) {
          for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
            for (const [column, value] of Object.entries(row)) {
              const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
              if (bytes.includes(Buffer.from(text))) found.push(`${name}.${column}`);
            }
          }
        }
        return found;
      } finally {
        db.close();
      }
    };
    const stored = new Database(file, { readonly: true });
    const rows = stored.prepare('SELECT owner_key, frame FROM private_cards WHERE board_id = ?').all(board) as { owner_key: string }[];
    stored.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.owner_key).toMatch(/^anon:/);
    // the private store is sealed (encrypted at rest) and names nobody
    expect(columnsHolding(hidden)).toEqual([]);
    expect(columnsHolding('anonymous-anna-3')).toEqual([]);
    // the audit trail has the card, without its author (its names are sealed: read them through the storage)
    const auditBefore = await t.server.storage.audit.list({ boardId: board, limit: 100 });
    expect(auditBefore.some((e) => e.action === 'private_card_added' && e.actor === 'system')).toBe(true);
    expect(JSON.stringify(auditBefore)).not.toMatch(/anna|Anna/);
    // the named phase of the first test, by contrast, logged its author (so this check can see one)
    expect(columnsHolding('anna-sub-7')).toEqual(['audit_log.actor']);

    expect((await api('POST', `/boards/${board}/private-cards/reveal`, { token: moderator })).body).toEqual({ revealed: 1 });
    await eventually(() => listRecords(other.doc, 'factors').records.some((f) => f.text === hidden && f.level === 'Team'), 5000, 'revealed factor arrives');
    // nothing in the board's doc (decrypted), the audit trail or any table names Anna
    expect(await t.server.registry.withBoard(board, ({ doc }) => holds(doc, 'anna') || holds(doc, 'Anna'))).toBe(false);
    expect(JSON.stringify(await t.server.storage.audit.list({ boardId: board, limit: 100 }))).not.toMatch(/anna|Anna/);
    expect(columnsHolding('anonymous-anna-3')).toEqual([]);
    expect(columnsHolding(hidden)).toEqual([]);
  });

  it('takes SWOT cards into their field on reveal', async () => {
    const { board, moderator, anna } = await boardWithFrame('swot', 'swot-anna');
    await t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) =>
      startPrivatePhase(doc, { frame: 'swot', anonymous: true, startedBy: 'mona', startedAt: new Date().toISOString() }),
    );
    expect(
      (
        await api('POST', `/boards/${board}/private-cards`, {
          token: anna,
          body: { text: 'Niemand traut sich nachzufragen', field: 'Schwächen', secret: SECRET_A },
        })
      ).status,
    ).toBe(201);
    expect(await t.server.registry.withBoard(board, ({ doc }) => holds(doc, 'Niemand traut sich'))).toBe(false);
    expect((await api('POST', `/boards/${board}/private-cards/reveal`, { token: moderator })).body).toEqual({ revealed: 1 });
    expect(await t.server.registry.withBoard(board, ({ doc }) => listRecords(doc, 'swotItems').records.map((r) => [r.field, r.text]))).toEqual([
      ['Schwächen', 'Niemand traut sich nachzufragen'],
    ]);
  });
});
