import { SYNC_CLOSE } from '@qe/shared';
import jwt from 'jsonwebtoken';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { closeCodeFor, connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

let t: TestServer;
const providers: ReturnType<typeof connectProvider>[] = [];

function connect(boardId: string, token: string) {
  const client = connectProvider(t.server.url, boardId, token);
  providers.push(client);
  return client;
}

beforeAll(async () => {
  t = await startTestServer({ MAX_MESSAGE_BYTES: String(64 * 1024), COMPACT_AFTER_UPDATES: '10' });
});
afterEach(() => {
  for (const { provider, doc } of providers.splice(0)) {
    provider.destroy();
    doc.destroy();
  }
});
afterAll(async () => t.stop());

const syncUrl = (boardId: string, token?: string) => `${t.server.url.replace('http', 'ws')}/sync/${boardId}${token === undefined ? '' : `?token=${token}`}`;

describe('sync protocol with the stock y-websocket client', () => {
  it('lets two clients converge on text and map changes', async () => {
    const board = await t.createBoard();
    const a = connect(board, t.token({ role: 'editor', board }));
    const b = connect(board, t.token({ role: 'moderator', board }));
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);

    a.doc.getText('t').insert(0, 'Hallo aus A');
    b.doc.getMap('m').set('von', 'B');
    await eventually(() => b.doc.getText('t').toString() === 'Hallo aus A', 5000, 'text in B');
    await eventually(() => a.doc.getMap('m').get('von') === 'B', 5000, 'map in A');
  });

  it('relays awareness between clients', async () => {
    const board = await t.createBoard();
    const a = connect(board, t.token({ role: 'editor', board, name: 'Anna' }));
    const b = connect(board, t.token({ role: 'observer', board }));
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Anna' });
    await eventually(() => [...b.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Anna'), 5000, 'awareness in B');
  });
});

describe('authentication of sync connections', () => {
  let board: string;
  beforeAll(async () => {
    board = await t.createBoard();
  });

  it('refuses a missing token', async () => {
    expect((await closeCodeFor(syncUrl(board))).code).toBe(SYNC_CLOSE.unauthorized);
  });
  it('refuses a malformed token', async () => {
    expect((await closeCodeFor(syncUrl(board, 'not-a-jwt'))).code).toBe(SYNC_CLOSE.unauthorized);
  });
  it('refuses an expired token', async () => {
    const expired = jwt.sign({ name: 'X', role: 'editor', board, exp: Math.floor(Date.now() / 1000) - 60 }, t.config.jwtSecret, { subject: 'u' });
    const result = await closeCodeFor(syncUrl(board, expired));
    expect(result).toEqual({ code: SYNC_CLOSE.unauthorized, reason: 'Token expired' });
  });
  it('refuses a token signed with another secret', async () => {
    const forged = jwt.sign({ name: 'X', role: 'moderator', board }, 'another-secret-that-is-long-enough!!', {
      subject: 'u',
    });
    expect((await closeCodeFor(syncUrl(board, forged))).code).toBe(SYNC_CLOSE.unauthorized);
  });
  it('refuses an unsigned (alg none) token', async () => {
    const unsigned = jwt.sign({ name: 'X', role: 'moderator', board, sub: 'u' }, '', { algorithm: 'none' });
    expect((await closeCodeFor(syncUrl(board, unsigned))).code).toBe(SYNC_CLOSE.unauthorized);
  });
  it('never opens board B with a token for board A', async () => {
    const other = await t.createBoard();
    const result = await closeCodeFor(syncUrl(other, t.token({ role: 'moderator', board })));
    expect(result.code).toBe(SYNC_CLOSE.forbidden);
  });
  it('answers an unknown board with its own code', async () => {
    const result = await closeCodeFor(syncUrl('nosuchboard', t.token({ role: 'admin' })));
    expect(result.code).toBe(SYNC_CLOSE.boardNotFound);
  });
});

describe('read-only observers', () => {
  it('drops every document update an observer sends', async () => {
    const board = await t.createBoard();
    const editor = connect(board, t.token({ role: 'editor', board }));
    const observer = connect(board, t.token({ role: 'observer', board }));
    await Promise.all([waitForSynced(editor.provider), waitForSynced(observer.provider)]);

    observer.doc.getText('t').insert(0, 'vom Beobachter');
    editor.doc.getText('t').insert(0, 'vom Editor ');
    // the observer still receives the editor's change …
    await eventually(() => observer.doc.getText('t').toString().includes('vom Editor'), 5000, 'editor text');
    await new Promise((r) => setTimeout(r, 300));
    // … but its own change reached neither the editor nor the server's document
    expect(editor.doc.getText('t').toString()).toBe('vom Editor ');
    const stored = await t.server.registry.open(board);
    expect(stored.doc.getText('t').toString()).toBe('vom Editor ');
  });
});

describe('limits', () => {
  it('closes only the sender of an oversized message', async () => {
    const board = await t.createBoard();
    const a = connect(board, t.token({ role: 'editor', board }));
    const b = connect(board, t.token({ role: 'editor', board }));
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);

    const closed = new Promise<number>((resolve) => a.provider.ws!.addEventListener('close', (event) => resolve((event as CloseEvent).code)));
    a.provider.shouldConnect = false; // keep A down so the assertion sees its close
    a.doc.getText('big').insert(0, 'x'.repeat(100 * 1024));
    expect(await closed).toBe(SYNC_CLOSE.messageTooLarge);

    b.doc.getText('t').insert(0, 'B lebt');
    const c = connect(board, t.token({ role: 'observer', board }));
    await waitForSynced(c.provider);
    await eventually(() => c.doc.getText('t').toString() === 'B lebt', 5000, 'B text at C');
    expect(c.doc.getText('big').length).toBe(0);
  });

  it('closes only the sender of a garbage message and keeps the board intact', async () => {
    const board = await t.createBoard();
    const good = connect(board, t.token({ role: 'editor', board }));
    await waitForSynced(good.provider);
    good.doc.getText('t').insert(0, 'intakt');

    const garbage = [new Uint8Array([0xff, 0xff, 0xff]), new Uint8Array([0, 2, 50, 1, 2, 3]), new Uint8Array([9]), new Uint8Array([0, 7, 0])];
    for (const message of garbage) {
      const result = await closeCodeFor(syncUrl(board, t.token({ role: 'editor', board })), (ws: WebSocket) => ws.send(message));
      expect(result.code).toBe(SYNC_CLOSE.malformedMessage);
    }
    const check = connect(board, t.token({ role: 'observer', board }));
    await waitForSynced(check.provider);
    await eventually(() => check.doc.getText('t').toString() === 'intakt', 5000, 'content after garbage');
    expect(good.provider.wsconnected).toBe(true);
    const health = await fetch(`${t.server.url}/api/health`);
    expect(health.status).toBe(200);
  });
});

describe('persistence', () => {
  it('restores a board from SQLite after a server restart', async () => {
    const board = await t.createBoard();
    const a = connect(board, t.token({ role: 'editor', board }));
    await waitForSynced(a.provider);
    a.doc.getText('t').insert(0, 'überlebt den Neustart');
    a.doc.getMap('m').set('k', 42);
    const live = await t.server.registry.open(board);
    await eventually(() => live.doc.getMap('m').get('k') === 42, 5000, 'server has the changes');
    await live.flush();
    providers.splice(0).forEach(({ provider, doc }) => {
      provider.destroy();
      doc.destroy();
    });
    await t.restart();

    const b = connect(board, t.token({ role: 'observer', board }));
    await waitForSynced(b.provider);
    expect(b.doc.getText('t').toString()).toBe('überlebt den Neustart');
    expect(b.doc.getMap('m').get('k')).toBe(42);
  });

  it('compacts the update log without changing the content', async () => {
    const board = await t.createBoard();
    const a = connect(board, t.token({ role: 'editor', board }));
    await waitForSynced(a.provider);
    for (let i = 0; i < 25; i++) a.doc.getArray<number>('zahlen').push([i]);
    const live = await t.server.registry.open(board);
    await eventually(() => live.doc.getArray('zahlen').length === 25, 5000, 'server has all updates');
    await live.flush();
    // 25 updates with compaction after 10: the log was folded into the snapshot on the way
    expect(await t.server.storage.documents.countUpdates(board)).toBeLessThan(25);

    const fromStore = new Y.Doc();
    Y.applyUpdate(fromStore, Y.mergeUpdates(await t.server.storage.documents.load(board)));
    expect(fromStore.getArray('zahlen').toJSON()).toEqual(a.doc.getArray('zahlen').toJSON());
  });

  it('unloads a board from memory after the last client left, and loads it again on demand', async () => {
    const board = await t.createBoard();
    const a = connect(board, t.token({ role: 'editor', board }));
    await waitForSynced(a.provider);
    a.doc.getText('t').insert(0, 'bleibt gespeichert');
    const live = await t.server.registry.open(board);
    await eventually(() => live.doc.getText('t').length > 0, 5000, 'server has the text');
    a.provider.destroy();
    // the test server's grace period is 200 ms
    await eventually(() => !t.server.registry.isLoaded(board), 5000, 'board unloaded');
    const again = connect(board, t.token({ role: 'observer', board }));
    await waitForSynced(again.provider);
    expect(again.doc.getText('t').toString()).toBe('bleibt gespeichert');
  });
});
