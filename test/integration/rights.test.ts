import { getRecord, kindLockKey, listRecords, locksMap, migrateCaseModel, setLock, SYNC_CLOSE } from '@qe/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { closeCodeFor, connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

/** One function decides what a token may do now (server/src/auth/rights.ts); HTTP and sync ask it alike. */
let t: TestServer;
const api = apiClient(() => t);
const clients: ReturnType<typeof connectProvider>[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => clients.splice(0).forEach((c) => c.provider.destroy()));
afterAll(async () => t.stop());

const CSV = 'Datum;Akteur;Ereignis\n14.03.2019;Kita;Meldung der Kita\n02.04.2019;ASD;Hausbesuch\n';

async function importCsv(board: string, token: string, kind = 'chronology') {
  const response = await fetch(`${t.server.url}/api/boards/${board}/import/${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: CSV,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('effective rights on every path', () => {
  it('ends a guest’s access on the API and on sync the moment the link is revoked', async () => {
    const board = await t.createBoard();
    const moderator = t.token({ role: 'moderator', board, sub: 'mona' });
    const link = (await api('POST', `/boards/${board}/invites`, { token: moderator, body: { role: 'editor' } })).body;
    const guest = (await api('POST', `/invites/${link.id}/join`, { body: { name: 'Gast' } })).body.token as string;
    expect((await api('GET', `/boards/${board}`, { token: guest })).status).toBe(200);
    expect((await importCsv(board, guest)).status).toBe(200);

    expect((await api('DELETE', `/boards/${board}/invites/${link.id}`, { token: moderator })).status).toBe(200);
    const eventsBefore = await t.server.registry.withBoard(board, ({ doc }) => listRecords(doc, 'events').records.length);
    for (const [method, route] of [
      ['GET', `/boards/${board}`],
      ['GET', `/boards/${board}/access`],
      ['GET', `/boards/${board}/preflight`],
      ['GET', `/boards/${board}/export?format=md`],
      ['POST', '/session/renew'],
    ] as const) {
      const answer = await api(method, route, { token: guest });
      expect(answer.status, `${method} ${route}`).toBe(403);
      expect(answer.body.error.code, `${method} ${route}`).toBe('invite_revoked');
    }
    const upload = await fetch(`${t.server.url}/api/boards/${board}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${guest}`, 'content-type': 'image/png' },
      body: new Uint8Array([137, 80, 78, 71]),
    });
    expect(upload.status).toBe(403);
    expect((await importCsv(board, guest)).status).toBe(403);
    expect(await t.server.registry.withBoard(board, ({ doc }) => listRecords(doc, 'events').records.length)).toBe(eventsBefore);

    const ws = `${t.server.url.replace(/^http/, 'ws')}/sync/${board}?token=${guest}`;
    expect((await closeCodeFor(ws)).code).toBe(SYNC_CLOSE.accessRevoked);
  });

  it('refuses an import that would change locked records (423), and writes nothing of it', async () => {
    const board = await t.createBoard();
    const moderator = connectProvider(t.server.url, board, t.token({ role: 'moderator', board, sub: 'mona' }));
    clients.push(moderator);
    await waitForSynced(moderator.provider);
    migrateCaseModel(moderator.doc);
    setLock(moderator.doc, kindLockKey('events'), true, 'mona');
    setLock(moderator.doc, kindLockKey('persons'), true, 'mona');
    const live = await t.server.registry.open(board);
    await eventually(() => locksMap(live.doc).size === 2, 5000, 'locks stored');

    const editor = t.token({ role: 'editor', board, sub: 'erik' });
    const refused = await importCsv(board, editor);
    expect(refused.status).toBe(423);
    expect(refused.body.error.code).toBe('locked');
    expect(listRecords(live.doc, 'events').records).toHaveLength(0);
    // a dry run changes nothing, so it may still check the file
    expect(
      (
        await fetch(`${t.server.url}/api/boards/${board}/import/chronology?dryRun=1`, {
          method: 'POST',
          headers: { authorization: `Bearer ${editor}` },
          body: CSV,
        })
      ).status,
    ).toBe(200);

    // moderators may change locked content, also by import; the editors see it at once
    const imported = await importCsv(board, t.token({ role: 'moderator', board, sub: 'mona' }));
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toBe(2);
    await eventually(() => listRecords(moderator.doc, 'events').records.length === 2, 5000, 'imported events at the client');
    const first = listRecords(live.doc, 'events').records[0]!;
    expect(getRecord(live.doc, 'events', first.id)).toBeDefined();
  });

  it('refuses loudly when a server-side read writes: writes go through the guarded writeBoard', async () => {
    const board = await t.createBoard();
    await expect(t.server.registry.withBoard(board, ({ doc }) => doc.getMap('report.meta').set('office', 'heimlich'))).rejects.toThrow(/writeBoard/);
  });

  it('answers unknown importers such as "constructor" and "__proto__" with 404, not 500', async () => {
    const board = await t.createBoard();
    const editor = t.token({ role: 'editor', board, sub: 'erik' });
    for (const kind of ['constructor', '__proto__', 'toString']) {
      const answer = await importCsv(board, editor, kind);
      expect(answer.status, kind).toBe(404);
      expect(answer.body.error.code, kind).toBe('not_found');
    }
  });

  it('ends the access of a removed account’s token on every account route and on sync', async () => {
    const board = await t.createBoard();
    await t.server.storage.users.create({ id: 'u-weg', email: 'weg@example.de', name: 'Wegge', isAdmin: false, passwordHash: 'x' });
    const account = t.token({ role: 'moderator', sub: 'u-weg', name: 'Wegge', acct: true });
    const minted = (await api('POST', `/boards/${board}/token`, { token: account })).body.token as string;
    expect((await api('PATCH', `/boards/${board}`, { token: account, body: { name: 'umbenannt' } })).status).toBe(200);

    expect(await t.server.storage.users.remove('u-weg')).toBe(true);
    for (const [method, route, body] of [
      ['PATCH', `/boards/${board}`, { name: 'noch einmal' }],
      ['PATCH', `/boards/${board}/retention`, { finished: true }],
      ['POST', `/boards/${board}/token`, undefined],
      ['GET', '/boards', undefined],
      ['GET', '/me', undefined],
    ] as const) {
      const answer = await api(method, route, { token: account, body });
      expect(answer.status, `${method} ${route}`).toBe(401);
      expect(answer.body.error.code, `${method} ${route}`).toBe('account_removed');
    }
    expect((await api('GET', `/boards/${board}`, { token: minted })).status).toBe(401);
    const ws = `${t.server.url.replace(/^http/, 'ws')}/sync/${board}?token=${minted}`;
    expect((await closeCodeFor(ws)).code).toBe(SYNC_CLOSE.unauthorized);
    expect((await t.server.storage.boards.get(board))?.name).toBe('umbenannt');
  });
});

describe('sync tickets: no token in the WebSocket URL', () => {
  const ticketFor = async (token: string, board: string) => (await api('POST', `/boards/${board}/sync-ticket`, { token })).body.ticket as string;
  const syncUrl = (board: string, query: string) => `${t.server.url.replace(/^http/, 'ws')}/sync/${board}?${query}`;

  it('opens the board once with a ticket, which is no API token and not reusable', async () => {
    const board = await t.createBoard();
    const token = t.token({ role: 'editor', board, sub: 'erik' });
    const ticket = await ticketFor(token, board);
    expect(ticket.split('.')).toHaveLength(3);
    expect(ticket).not.toBe(token);

    // the stock provider with only the ticket in its URL
    const client = connectProvider(t.server.url, board, 'unused');
    client.provider.disconnect();
    client.provider.params = { ticket };
    clients.push(client);
    client.provider.connect();
    await waitForSynced(client.provider);
    expect(client.provider.url).not.toContain('token=');

    // used once: a second connection with it is refused, and it never passes as a bearer token
    expect((await closeCodeFor(syncUrl(board, `ticket=${ticket}`))).code).toBe(SYNC_CLOSE.unauthorized);
    expect((await api('GET', `/boards/${board}`, { token: ticket })).status).toBe(401);
    // a token is no ticket either
    expect((await closeCodeFor(syncUrl(board, `ticket=${token}`))).code).toBe(SYNC_CLOSE.unauthorized);
  });

  it('is only issued to who may open the board now, and expires within seconds', async () => {
    const board = await t.createBoard();
    expect((await api('POST', `/boards/${board}/sync-ticket`, { token: t.token({ role: 'editor', board: await t.createBoard() }) })).status).toBe(403);
    await t.server.storage.participants.set(board, 'weg', 'removed');
    expect((await api('POST', `/boards/${board}/sync-ticket`, { token: t.token({ role: 'editor', board, sub: 'weg' }) })).status).toBe(403);

    // a token that expires in 2 s gets a ticket that expires with it
    const ticket = await ticketFor(t.token({ role: 'editor', board, sub: 'erik' }, 2), board);
    const { exp, iat } = JSON.parse(Buffer.from(ticket.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
    expect(exp - iat).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await closeCodeFor(syncUrl(board, `ticket=${ticket}`))).code).toBe(SYNC_CLOSE.unauthorized);
  });
});
