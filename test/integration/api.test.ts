import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SYNC_CLOSE } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

const api = apiClient(() => t);

describe('first-run setup and login', () => {
  const admin = { email: 'moderation@jugendamt.example', name: 'Mo Deration', password: 'richtig-langes-passwort' };

  it('asks for setup, creates the first account as admin, then refuses a second setup', async () => {
    expect((await api('GET', '/setup')).body).toEqual({ needed: true });
    const weak = await api('POST', '/setup', { body: { ...admin, password: 'kurz' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/password/);

    const created = await api('POST', '/setup', { body: admin });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: admin.email, isAdmin: true });
    expect((await api('GET', '/me', { token: created.body.token })).body.role).toBe('admin');

    expect((await api('GET', '/setup')).body).toEqual({ needed: false });
    expect((await api('POST', '/setup', { body: { ...admin, email: 'x@example.org' } })).status).toBe(409);
  });

  it('logs in with the right password only', async () => {
    // the account the setup test creates, when this test runs alone
    if ((await api('GET', '/setup')).body.needed) expect((await api('POST', '/setup', { body: admin })).status).toBe(201);
    expect((await api('POST', '/login', { body: { email: admin.email, password: 'falsch-falsch' } })).status).toBe(401);
    const ok = await api('POST', '/login', { body: { email: admin.email.toUpperCase(), password: admin.password } });
    expect(ok.status).toBe(200);
    expect(typeof ok.body.token).toBe('string');
  });

  it('adds accounts from the command line with the same data directory', async () => {
    const env = { ...process.env, DATA_DIR: t.dataDir, QE_PASSWORD: 'noch-ein-langes-passwort' };
    const { stdout } = await run('npm', ['run', '-s', 'user:add', '--', '--email', 'fk@example.org', '--name', 'Fach Kraft'], {
      cwd: repoRoot,
      env,
    });
    expect(stdout).toMatch(/created user fk@example.org/);
    const login = await api('POST', '/login', { body: { email: 'fk@example.org', password: 'noch-ein-langes-passwort' } });
    expect((await api('GET', '/me', { token: login.body.token })).body.role).toBe('moderator');
    await expect(run('npm', ['run', '-s', 'user:add', '--', '--email', 'fk@example.org', '--name', 'Doppelt'], { cwd: repoRoot, env })).rejects.toMatchObject({
      stderr: expect.stringMatching(/exists already/),
    });
  });
});

describe('boards API', () => {
  it('creates, lists, renames and deletes boards (deleting only as admin)', async () => {
    const token = t.token({ role: 'moderator' });
    const created = await api('POST', '/boards', { token, body: { name: 'Fallwerkstatt A' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await api('GET', '/boards', { token })).body.boards.map((b: { id: string }) => b.id)).toContain(id);

    const renamed = await api('PATCH', `/boards/${id}`, { token, body: { name: 'Fallwerkstatt B' } });
    expect(renamed.body.name).toBe('Fallwerkstatt B');
    expect((await api('PATCH', `/boards/${id}`, { token, body: { name: '  ' } })).status).toBe(400);

    expect((await api('DELETE', `/boards/${id}`, { token })).status).toBe(403);
    expect((await api('DELETE', `/boards/${id}`, { token: t.token({ role: 'admin' }) })).status).toBe(204);
    expect((await api('GET', `/boards/${id}`, { token })).status).toBe(404);
  });

  it('answers 401 without or with a bad token and 403 for board-scoped tokens', async () => {
    expect((await api('GET', '/boards')).status).toBe(401);
    expect((await api('GET', '/boards', { token: 'abc.def.ghi' })).body.error.code).toBe('token_invalid');
    const expired = t.token({ role: 'moderator' }, -10);
    expect((await api('GET', '/boards', { token: expired })).body.error.code).toBe('token_expired');
    const board = await t.createBoard();
    const editor = t.token({ role: 'editor', board });
    expect((await api('POST', '/boards', { token: editor, body: { name: 'x' } })).status).toBe(403);
    expect((await api('GET', `/boards/${board}`, { token: editor })).status).toBe(200);
    const other = await t.createBoard();
    expect((await api('GET', `/boards/${other}`, { token: editor })).status).toBe(403);
  });

  it('issues board tokens that open exactly that board', async () => {
    const token = t.token({ role: 'moderator' });
    const board = await t.createBoard();
    const issued = await api('POST', `/boards/${board}/token`, { token });
    expect(issued.body.role).toBe('moderator');
    expect((await api('GET', `/boards/${board}`, { token: issued.body.token })).status).toBe(200);
    expect((await api('GET', '/boards', { token: issued.body.token })).status).toBe(403);
  });

  it('deleting a board closes its connections and removes its document and assets', async () => {
    const board = await t.createBoard();
    const token = t.token({ role: 'editor', board });
    const upload = await fetch(`${t.server.url}/api/boards/${board}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    });
    expect(upload.status).toBe(201);
    const { src } = (await upload.json()) as { src: string };
    const image = await fetch(`${t.server.url}${src}`, { headers: { authorization: `Bearer ${token}` } });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${t.server.url}${src}`)).status).toBe(401);

    const client = connectProvider(t.server.url, board, token);
    await waitForSynced(client.provider);
    client.doc.getText('t').insert(0, 'wird gelöscht');
    const live = await t.server.registry.open(board);
    await eventually(() => live.doc.getText('t').length > 0, 5000, 'update on the server');
    await live.flush();
    expect((await t.server.storage.documents.load(board)).length).toBeGreaterThan(0);
    const closed = new Promise<number>((resolve) => client.provider.on('connection-close', (event) => resolve(event?.code ?? 0)));
    expect((await api('DELETE', `/boards/${board}`, { token: t.token({ role: 'admin' }) })).status).toBe(204);
    expect(await closed).toBe(SYNC_CLOSE.boardDeleted);
    client.provider.destroy();
    expect(await t.server.storage.documents.load(board)).toEqual([]);
    expect(await t.server.storage.assets.get(board, src.split('/').pop()!)).toBeUndefined();
  });

  it('refuses unsupported asset types and observers', async () => {
    const board = await t.createBoard();
    const upload = (role: 'editor' | 'observer', type: string) =>
      fetch(`${t.server.url}/api/boards/${board}/assets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token({ role, board })}`, 'content-type': type },
        body: '<svg onload="alert(1)"/>',
      });
    expect((await upload('editor', 'image/svg+xml')).status).toBe(415);
    expect((await upload('observer', 'image/png')).status).toBe(403);
  });
});

describe('health and tokens', () => {
  it('reports storage status', async () => {
    expect(await api('GET', '/health')).toMatchObject({ status: 200, body: { ok: true, status: 'ok', storage: { kind: 'sqlite', ok: true } } });
  });

  it('npm run token prints only a JWT the server accepts', async () => {
    const board = await t.createBoard();
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', '--board', board, '--role', 'observer', '--name', 'Skript'], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: t.dataDir },
    });
    expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const me = await api('GET', '/me', { token: stdout.trim() });
    expect(me.body).toMatchObject({ name: 'Skript', role: 'observer', board });
  });
});
