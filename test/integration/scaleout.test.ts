import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createTestDatabase, postgresReachable, REDIS_URL, redisReachable, serviceMissing } from '../helpers/services.js';
import { startTcpProxy } from '../helpers/tcpProxy.js';
import { closeCodeFor, connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

const missing = serviceMissing('PostgreSQL', await postgresReachable()) || serviceMissing('Redis', await redisReachable());

describe.skipIf(missing)('two instances sharing PostgreSQL and Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redisProxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let pgProxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let one: TestServer;
  let two: TestServer;
  const clients: ReturnType<typeof connectProvider>[] = [];

  function connect(server: TestServer, board: string, role: 'editor' | 'observer' = 'editor') {
    const client = connectProvider(server.server.url, board, server.token({ role, board, sub: `u${clients.length}` }));
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    redisProxy = await startTcpProxy(Number(new URL(REDIS_URL).port || 6379), new URL(REDIS_URL).hostname);
    const pgUrl = new URL(database.url);
    pgProxy = await startTcpProxy(Number(pgUrl.port || 5432), pgUrl.hostname);
    pgUrl.host = `127.0.0.1:${pgProxy.port}`;
    const env = {
      DATABASE_URL: pgUrl.toString(),
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      JWT_SECRET: 'a-shared-secret-for-both-instances-0123456789',
      // documents in PostgreSQL are sealed: every instance needs the same data key
      DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      COMPACT_AFTER_UPDATES: '100000',
    };
    one = await startTestServer(env);
    two = await startTestServer(env);
  });

  afterAll(async () => {
    for (const { provider } of clients) provider.destroy();
    await one?.stop();
    await two?.stop();
    await redisProxy?.close();
    await pgProxy?.close();
    await database?.drop();
  });

  it('relays document updates and awareness between clients on different instances', async () => {
    const board = await one.createBoard();
    const a = connect(one, board);
    const b = connect(two, board);
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    a.doc.getText('t').insert(0, 'von Instanz 1');
    b.doc.getMap('m').set('von', 'Instanz 2');
    await eventually(() => b.doc.getText('t').toString() === 'von Instanz 1', 5000, 'A → B');
    await eventually(() => a.doc.getMap('m').get('von') === 'Instanz 2', 5000, 'B → A');

    a.provider.awareness.setLocalStateField('user', { name: 'Anna (1)', color: '#a11' });
    await eventually(() => [...b.provider.awareness.getStates().values()].some((s) => s.user?.color === '#a11'), 5000, 'awareness across instances');
    // a client joining instance 2 later still sees who is on instance 1
    const late = connect(two, board, 'observer');
    await waitForSynced(late.provider);
    await eventually(() => [...late.provider.awareness.getStates().values()].some((s) => s.user?.color === '#a11'), 5000, 'awareness for a late joiner');
  });

  it('stores each update once, not once per instance', async () => {
    const board = await one.createBoard();
    const a = connect(one, board);
    const b = connect(two, board, 'observer');
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    for (let i = 0; i < 10; i++) a.doc.getArray('zahlen').push([i]);
    await eventually(() => b.doc.getArray('zahlen').length === 10, 5000, 'all updates at B');
    await (await one.server.registry.open(board)).flush();
    await (await two.server.registry.open(board)).flush();
    // every pushed item is in the log exactly once, though both instances hold the board
    const stored = await one.server.storage.documents.load(board);
    const storedItems = stored
      .flatMap((row) => Y.decodeUpdate(row).structs)
      .filter((struct) => struct instanceof Y.Item)
      .reduce((sum, struct) => sum + struct.length, 0);
    expect(storedItems).toBe(10);
  });

  it('keeps the document whole when both instances compact while clients write', async () => {
    const board = await one.createBoard();
    const a = connect(one, board);
    const b = connect(two, board);
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    const [liveOne, liveTwo] = await Promise.all([one.server.registry.open(board), two.server.registry.open(board)]);
    for (let i = 0; i < 30; i++) {
      a.doc.getArray('a').push([i]);
      b.doc.getArray('b').push([i]);
      if (i % 5 === 0) void Promise.all([liveOne.compact(), liveTwo.compact()]);
      await new Promise((r) => setTimeout(r, 5));
    }
    await eventually(() => liveOne.doc.getArray('b').length === 30 && liveTwo.doc.getArray('a').length === 30, 5000);
    await Promise.all([liveOne.flush(), liveTwo.flush()]);
    await Promise.all([liveOne.compact(), liveTwo.compact()]);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await one.server.storage.documents.load(board)));
    expect(stored.getArray('a').length).toBe(30);
    expect(stored.getArray('b').length).toBe(30);
  });

  it('locks an account across instances: wrong passwords count together', async () => {
    const account = { email: `lock-${Date.now()}@jugendamt.example`, name: 'Lou Lock', password: 'ein-sehr-langes-passwort' };
    const post = (server: TestServer, path: string, body: unknown) =>
      fetch(`${server.server.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(one, '/setup', account)).status).toBe(201);
    // five wrong passwords (the default limit), spread over both instances
    for (const server of [one, two, one, two, one]) {
      expect((await post(server, '/login', { email: account.email, password: 'falsch' })).status).toBe(401);
    }
    for (const server of [one, two]) {
      const answer = await post(server, '/login', { email: account.email, password: account.password });
      expect(answer.status).toBe(429);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('account_locked');
    }
  });

  it('reports degraded health while Redis is away and catches up afterwards', async () => {
    const board = await one.createBoard();
    const a = connect(one, board);
    const b = connect(two, board);
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);

    redisProxy.cut();
    const health = async (server: TestServer) => (await fetch(`${server.server.url}/api/health`)).json();
    await expect.poll(() => health(one), { timeout: 5000 }).toMatchObject({ ok: false, status: 'degraded', redis: { ok: false } });
    a.doc.getText('t').insert(0, 'während Redis weg war');
    // accepted and stored by instance 1 even though it cannot be relayed now
    const liveOne = await one.server.registry.open(board);
    await eventually(() => liveOne.doc.getText('t').length > 0, 5000);
    await liveOne.flush();

    redisProxy.restore();
    await expect.poll(() => health(one), { timeout: 10_000 }).toMatchObject({ ok: true });
    await eventually(() => b.doc.getText('t').toString() === 'während Redis weg war', 10_000, 'B caught up');
  });

  it('reports degraded health while PostgreSQL is away and loses no accepted update', async () => {
    const board = await one.createBoard();
    const a = connect(one, board);
    const b = connect(two, board, 'observer');
    await Promise.all([waitForSynced(a.provider), waitForSynced(b.provider)]);
    a.doc.getText('t').insert(0, 'vorher;');
    await eventually(() => b.doc.getText('t').toString() === 'vorher;', 5000);

    pgProxy.cut();
    const status = await fetch(`${one.server.url}/api/health`);
    expect(status.status).toBe(503);
    expect((await status.json()).storage.ok).toBe(false);
    a.doc.getText('t').insert(a.doc.getText('t').length, 'während der Pause;');
    await new Promise((r) => setTimeout(r, 500));
    pgProxy.restore();

    await expect.poll(async () => (await fetch(`${one.server.url}/api/health`)).status, { timeout: 10_000 }).toBe(200);
    // the client kept its change and resent it after reconnecting; it reaches the other instance …
    await eventually(() => b.doc.getText('t').toString() === 'vorher;während der Pause;', 15_000, 'resent update at B');
    // … and the store
    const check = connect(two, board, 'observer');
    await waitForSynced(check.provider);
    const fromStore = new Y.Doc();
    Y.applyUpdate(fromStore, Y.mergeUpdates(await two.server.storage.documents.load(board)));
    expect(fromStore.getText('t').toString()).toBe('vorher;während der Pause;');
  });

  it('denies access while the rights cannot be looked up, and lets people in again after', async () => {
    const board = await one.createBoard();
    const token = one.token({ role: 'editor', board, sub: 'erik' });
    const get = () => fetch(`${one.server.url}/api/boards/${board}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get()).status).toBe(200);

    pgProxy.cut();
    try {
      const refused = await get();
      expect(refused.status).toBe(503);
      expect((await refused.json()).error.code).toBe('rights_unavailable');
      const close = await closeCodeFor(`${one.server.url.replace(/^http/, 'ws')}/sync/${board}?token=${token}`);
      expect(close.code).toBe(1011);
    } finally {
      pgProxy.restore();
    }
    await expect.poll(async () => (await get()).status, { timeout: 10_000 }).toBe(200);
  });
});
