import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { filesContaining } from '../helpers/rawFiles.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ LOGIN_MAX_FAILURES: '3', LOGIN_RATE_LIMIT: '8', RETENTION_DAYS: '30', SESSION_TTL_SECONDS: '600' });
});
afterAll(async () => t.stop());

const api = apiClient(() => t);

const account = { email: 'admin@jugendamt.example', name: 'Ada Admin', password: 'ein-sehr-langes-passwort' };

describe('security headers', () => {
  it('sends a strict same-origin CSP and the usual hardening headers on pages and API', async () => {
    for (const path of ['/', '/api/health']) {
      const response = await fetch(t.server.url + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      // no third-party origin anywhere in the policy
      expect(csp).not.toMatch(/https?:\/\//);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    expect((await fetch(t.server.url + '/api/health')).headers.get('cache-control')).toBe('no-store');
  });

  it('sends a hashed build file only the headers a subresource needs', async () => {
    const html = await (await fetch(t.server.url + '/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'a script of the built client').toBeDefined();
    const response = await fetch(t.server.url + script!);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(response.headers.get('x-frame-options')).toBeNull();
  });
});

describe('login throttling, renewal and the audit log', () => {
  let adminToken: string;

  it('locks an account after repeated wrong passwords, even with the right one', async () => {
    expect((await api('POST', '/setup', { body: account })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      expect((await api('POST', '/login', { body: { email: account.email, password: 'falsch' } })).status).toBe(401);
    }
    const locked = await api('POST', '/login', { body: { email: account.email, password: account.password } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('account_locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.stringify((await api('GET', '/audit', { token: t.token({ role: 'admin' }) })).body)).toContain('login_locked');
  });

  it('limits failed attempts per address across accounts', async () => {
    // a server of its own: the limit counts every failure from this address, other tests' included
    const own = await startTestServer({ LOGIN_RATE_LIMIT: '8' });
    try {
      const ownApi = apiClient(() => own);
      const statuses: number[] = [];
      for (let i = 0; i < 9; i++) {
        statuses.push((await ownApi('POST', '/login', { body: { email: `someone${i}@example.org`, password: 'falsch' } })).status);
      }
      // the limit is 8 per 15 minutes
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);
    } finally {
      await own.stop();
    }
  });

  it('renews a token before it runs out, with the same claims and a fresh expiry', async () => {
    adminToken = t.token({ sub: 'admin-1', name: 'Ada Admin', role: 'admin' }, 30);
    const renewed = await api('POST', '/session/renew', { token: adminToken });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expiresIn).toBe(600);
    const payload = JSON.parse(Buffer.from(renewed.body.token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'admin-1', name: 'Ada Admin', role: 'admin' });
    expect(payload.exp - payload.iat).toBe(600);
    expect((await api('POST', '/session/renew', { token: t.token({ role: 'admin' }, -5) })).status).toBe(401);
  });

  it('records logins, joins, exports and link changes — never board content', async () => {
    const board = await t.createBoard('Fall Z');
    const moderator = t.token({ sub: 'mod-1', name: 'Mo', role: 'moderator' });
    const invite = await api('POST', `/boards/${board}/invites`, { token: moderator, body: { role: 'editor', label: 'Team Nord' } });
    expect(invite.status).toBe(201);
    const joined = await api('POST', `/invites/${invite.body.id}/join`, { body: { name: 'Gast Eins' } });
    const { doc, provider } = connectProvider(t.server.url, board, joined.body.token);
    await waitForSynced(provider);
    doc.getMap('notes').set('secret', 'Inhalt, der nie ins Protokoll darf');
    await eventually(() => doc.getMap('notes').size === 1);
    // a reconnect a moment later is not a new entry
    const again = connectProvider(t.server.url, board, joined.body.token);
    await waitForSynced(again.provider);
    again.provider.destroy();
    const exported = await fetch(`${t.server.url}/api/boards/${board}/export?format=md&draft=1`, { headers: { authorization: `Bearer ${moderator}` } });
    expect(exported.status).toBe(200);
    await api('DELETE', `/boards/${board}/invites/${invite.body.id}`, { token: moderator });
    provider.destroy();

    const log = await api('GET', `/audit?boardId=${board}`, { token: t.token({ role: 'admin' }) });
    expect(log.status).toBe(200);
    const actions = log.body.events.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual(expect.arrayContaining(['invite_created', 'invite_used', 'board_joined', 'report_exported', 'invite_revoked']));
    const joinEvent = log.body.events.find((e: { action: string }) => e.action === 'board_joined');
    expect(joinEvent).toMatchObject({ actorName: 'Gast Eins', detail: { role: 'editor' } });
    expect(actions.filter((action: string) => action === 'board_joined')).toHaveLength(1);
    expect(log.body.events.find((e: { action: string }) => e.action === 'report_exported').detail).toMatchObject({ format: 'md', draft: true });
    const everything = JSON.stringify((await api('GET', '/audit', { token: t.token({ role: 'admin' }) })).body);
    expect(everything).not.toContain('Inhalt, der nie');
    expect(everything).not.toContain('Team Nord');
    expect(everything).not.toContain(account.password);

    const csv = await fetch(`${t.server.url}/api/audit?format=csv`, { headers: { authorization: `Bearer ${t.token({ role: 'admin' })}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // a BOM, so that Excel reads the umlauts right
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('Zeitpunkt;Akteur;Name;Aktion;Board;Details')).toBe(true);
    expect(text).toContain('invite_revoked');
    expect((await api('GET', '/audit', { token: moderator })).status).toBe(403);
  });
});

describe('retention', () => {
  it('schedules deletion when the procedure is finished and the job deletes everything, then records it', async () => {
    const board = await t.createBoard('Abgeschlossenes Verfahren');
    const manager = t.token({ role: 'moderator' });
    await t.server.registry.writeBoard(board, { id: 'mona', name: 'Mona', role: 'moderator', ownsBallot: () => false }, (doc) =>
      doc.getMap('notes').set('a', 'b'),
    );
    await t.server.storage.secrets.putSchutzliste(board, Buffer.from('x'));
    await t.server.storage.invites.create({
      id: `inv-${board}`,
      boardId: board,
      role: 'editor',
      label: '',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      maxUses: null,
      createdBy: 'x',
    });
    await t.server.storage.assets.put({ id: 'img', boardId: board, mimeType: 'image/png', data: Buffer.from('png') });

    const finished = await api('PATCH', `/boards/${board}/retention`, { token: manager, body: { finished: true } });
    expect(finished.status).toBe(200);
    const days = (Date.parse(finished.body.deleteAfter) - Date.parse(finished.body.finishedAt)) / 86_400_000;
    expect(days).toBe(30);
    expect((await api('PATCH', `/boards/${board}/retention`, { token: manager, body: { deleteAfter: '2001-01-01' } })).status).toBe(400);

    // nothing is due yet
    expect(await t.server.retention.runOnce(new Date())).not.toContain(board);
    const { doc, provider } = connectProvider(t.server.url, board, t.token({ role: 'editor', board }));
    await waitForSynced(provider);
    const closed = new Promise<number>((resolve) => provider.ws?.addEventListener('close', (event) => resolve(event.code)));

    const deleted = await t.server.retention.runOnce(new Date(Date.now() + 31 * 86_400_000));
    expect(deleted).toContain(board);
    expect(await closed).toBe(4410);
    provider.destroy();
    doc.destroy();
    expect(await t.server.storage.boards.get(board)).toBeUndefined();
    expect(await t.server.storage.documents.load(board)).toEqual([]);
    expect(await t.server.storage.secrets.getSchutzliste(board)).toBeUndefined();
    expect(await t.server.storage.invites.get(`inv-${board}`)).toBeUndefined();
    expect(await t.server.storage.assets.get(board, 'img')).toBeUndefined();
    const events = await t.server.storage.audit.list({ boardId: board, limit: 10 });
    expect(events[0]).toMatchObject({ action: 'retention_deleted', actor: 'system' });

    // audit entries themselves are forgotten after AUDIT_RETENTION_DAYS (default 730)
    await t.server.retention.runOnce(new Date(Date.now() + 731 * 86_400_000));
    expect(await t.server.storage.audit.list({ limit: 10 })).toEqual([]);
  });
});

describe('audit CSV export', () => {
  it('neutralises cells that a spreadsheet would run as a formula', async () => {
    const board = await t.createBoard('Formelprobe');
    const moderator = t.token({ role: 'moderator', board });
    const invite = await api('POST', `/boards/${board}/invites`, { token: moderator, body: { role: 'observer' } });
    // guest names are typed by anyone holding a link; papaparse's own check misses the line break
    const names = ['=HYPERLINK("http://evil.example","klick")', "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(1+1)', '=1+1\nzweite Zeile'];
    for (const name of names) expect((await api('POST', `/invites/${invite.body.id}/join`, { body: { name } })).status).toBe(201);

    const csv = await fetch(`${t.server.url}/api/audit?format=csv&boardId=${board}`, { headers: { authorization: `Bearer ${t.token({ role: 'admin' })}` } });
    const text = (await csv.text()).replace(/^\ufeff/, '');
    for (const name of names) expect(text).toContain(`;"'${name.replaceAll('"', '""')}";`);
    // no cell (quoted or not) starts with a formula character
    expect(text).not.toMatch(/(?:^|[;\n])"?[=+\-@\t\r]/);
  });
});

describe('failed logins in the audit log', () => {
  let own: TestServer;
  beforeAll(async () => {
    own = await startTestServer();
  });
  afterAll(async () => own.stop());
  const ownApi = apiClient(() => own);

  it('keeps a keyed hash of an unknown typed e-mail, never the value (it may be a password)', async () => {
    const typed = 'Pw-im-falschen-Feld!7f3k';
    expect((await ownApi('POST', '/setup', { body: account })).status).toBe(201);
    for (const email of [typed, typed, 'jemand@example.org']) expect((await ownApi('POST', '/login', { body: { email, password: 'egal' } })).status).toBe(401);
    expect((await ownApi('POST', '/login', { body: { email: account.email, password: 'falsch' } })).status).toBe(401);

    const admin = own.token({ role: 'admin' });
    const { events } = (await ownApi('GET', '/audit', { token: admin })).body as { events: { actor: string; actorName: string; action: string }[] };
    const failed = events.filter((e) => e.action === 'login_failed').reverse();
    expect(failed).toHaveLength(4);
    expect(failed.slice(0, 3).map((e) => e.actor)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(failed[0]!.actorName).toMatch(/^hmac:[0-9a-f]{24}$/);
    // the same value twice is recognisable as such, another value is not
    expect(failed[1]!.actorName).toBe(failed[0]!.actorName);
    expect(failed[2]!.actorName).not.toBe(failed[0]!.actorName);
    // a known account is named as before
    expect(failed[3]).toMatchObject({ actorName: account.name });
    expect(failed[3]!.actor).not.toBe('unknown');

    const csv = await (await fetch(`${own.server.url}/api/audit?format=csv`, { headers: { authorization: `Bearer ${admin}` } })).text();
    expect(JSON.stringify(events)).not.toContain(typed);
    expect(csv).not.toContain(typed);
    expect(csv).toContain(failed[0]!.actorName);
    expect(filesContaining(own.dataDir, typed)).toEqual([]);
  });
});
