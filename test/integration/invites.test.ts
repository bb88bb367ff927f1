import { SYNC_CLOSE } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { closeCodeFor, connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

let t: TestServer;
let board: string;
beforeAll(async () => {
  t = await startTestServer();
  board = await t.createBoard('Fallwerkstatt mit Gästen');
});
afterAll(async () => t.stop());

const request = async (method: string, route: string, { role, body }: { role?: 'moderator' | 'editor'; body?: unknown } = {}) => {
  const response = await fetch(`${t.server.url}/api${route}`, {
    method,
    headers: { ...(role ? { authorization: `Bearer ${t.token({ role, board })}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('invite links', () => {
  it('lets moderators create and list links, and nobody else', async () => {
    expect((await request('POST', `/boards/${board}/invites`, { role: 'editor', body: { role: 'observer' } })).status).toBe(403);
    const created = await request('POST', `/boards/${board}/invites`, { role: 'moderator', body: { role: 'observer', label: 'Partner Kita', maxUses: 2 } });
    expect(created.status).toBe(201);
    expect(created.body.path).toBe(`/join/${created.body.id}`);
    expect((await request('GET', `/boards/${board}/invites`, { role: 'moderator' })).body.invites).toHaveLength(1);
  });

  it('joins with a display name only, honours the use limit', async () => {
    const link = (await request('POST', `/boards/${board}/invites`, { role: 'moderator', body: { role: 'editor', maxUses: 1 } })).body;
    expect((await request('GET', `/invites/${link.id}`)).body).toMatchObject({ boardName: 'Fallwerkstatt mit Gästen', role: 'editor' });
    expect((await request('POST', `/invites/${link.id}/join`, { body: { name: '  ' } })).status).toBe(400);
    const joined = await request('POST', `/invites/${link.id}/join`, { body: { name: 'Frau Gast (Kita)' } });
    expect(joined.status).toBe(201);
    const me = await fetch(`${t.server.url}/api/me`, { headers: { authorization: `Bearer ${joined.body.token}` } });
    expect(await me.json()).toMatchObject({ name: 'Frau Gast (Kita)', role: 'editor', board });
    const client = connectProvider(t.server.url, board, joined.body.token);
    await waitForSynced(client.provider);
    client.provider.destroy();
    const again = await request('POST', `/invites/${link.id}/join`, { body: { name: 'Noch jemand' } });
    expect(again).toMatchObject({ status: 410, body: { error: { code: 'invite_used_up' } } });
  });

  it('refuses expired links', async () => {
    await t.server.storage.invites.create({
      id: 'abgelaufen',
      boardId: board,
      role: 'observer',
      label: '',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      maxUses: null,
      createdBy: 'test',
    });
    expect((await request('GET', '/invites/abgelaufen')).body.error.code).toBe('invite_expired');
    expect((await request('POST', '/invites/abgelaufen/join', { body: { name: 'X' } })).status).toBe(410);
    expect((await request('GET', '/invites/gibtsnicht')).status).toBe(404);
  });

  it('revoking a link disconnects everyone who came with it, and the link stops working', async () => {
    const link = (await request('POST', `/boards/${board}/invites`, { role: 'moderator', body: { role: 'observer' } })).body;
    const { token } = (await request('POST', `/invites/${link.id}/join`, { body: { name: 'Beobachtung' } })).body;
    const guest = connectProvider(t.server.url, board, token);
    const member = connectProvider(t.server.url, board, t.token({ role: 'editor', board }));
    await Promise.all([waitForSynced(guest.provider), waitForSynced(member.provider)]);
    const closed = new Promise<number>((resolve) => guest.provider.on('connection-close', (event) => event && resolve(event.code)));

    const revoked = await request('DELETE', `/boards/${board}/invites/${link.id}`, { role: 'moderator' });
    expect(revoked.body).toEqual({ revoked: link.id, disconnected: 1 });
    expect(await closed).toBe(SYNC_CLOSE.accessRevoked);
    expect(member.provider.wsconnected).toBe(true);
    guest.provider.destroy();
    member.provider.destroy();

    const url = `${t.server.url.replace('http', 'ws')}/sync/${board}?token=${token}`;
    expect((await closeCodeFor(url)).code).toBe(SYNC_CLOSE.accessRevoked);
    expect((await request('GET', `/invites/${link.id}`)).body.error.code).toBe('invite_revoked');
  });
});

describe('changing a participant during the session', () => {
  it('demotes an editor to observer live and removes a participant for good', async () => {
    const sub = 'gast-erik';
    const token = t.token({ role: 'editor', board, sub, name: 'Erik' });
    const client = connectProvider(t.server.url, board, token);
    await waitForSynced(client.provider);
    const closes: number[] = [];
    client.provider.on('connection-close', (event) => event && closes.push(event.code));

    const access = async () => (await fetch(`${t.server.url}/api/boards/${board}/access`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(await access()).toMatchObject({ role: 'editor' });
    expect((await request('PUT', `/boards/${board}/participants/${sub}`, { role: 'editor', body: { role: 'observer' } })).status).toBe(403);
    const changed = await request('PUT', `/boards/${board}/participants/${sub}`, { role: 'moderator', body: { role: 'observer' } });
    expect(changed.body).toMatchObject({ role: 'observer', disconnected: 1 });
    await eventually(() => closes.includes(SYNC_CLOSE.roleChanged), 5000, 'closed for the role change');
    expect(await access()).toMatchObject({ role: 'observer' });

    // the client reconnects by itself, now read-only: its changes no longer reach the board
    await waitForSynced(client.provider, 10_000);
    client.doc.getText('rolle').insert(0, 'sollte nicht ankommen');
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.server.registry.open(board)).doc.getText('rolle').toString()).toBe('');

    await request('PUT', `/boards/${board}/participants/${sub}`, { role: 'moderator', body: { role: 'removed' } });
    await eventually(() => closes.includes(SYNC_CLOSE.accessRevoked), 5000, 'closed for the removal');
    client.provider.destroy();
    expect((await closeCodeFor(`${t.server.url.replace('http', 'ws')}/sync/${board}?token=${token}`)).code).toBe(SYNC_CLOSE.accessRevoked);
  });
});

describe('invite links in the audit log', () => {
  it('names a link by its public id, never by its id (the secret of the link)', async () => {
    const link = (await request('POST', `/boards/${board}/invites`, { role: 'moderator', body: { role: 'editor' } })).body;
    expect(link.publicId).toMatch(/^[0-9a-f]{16}$/);
    expect(link.publicId).not.toBe(link.id);
    expect((await request('POST', `/invites/${link.id}/join`, { body: { name: 'Gast Protokoll' } })).status).toBe(201);
    expect((await request('DELETE', `/boards/${board}/invites/${link.id}`, { role: 'moderator' })).status).toBe(200);

    // the moderators' list shows the same public id, so list and log can be matched
    const listed = (await request('GET', `/boards/${board}/invites`, { role: 'moderator' })).body.invites.find(
      (invite: { id: string }) => invite.id === link.id,
    );
    expect(listed.publicId).toBe(link.publicId);

    const admin = { authorization: `Bearer ${t.token({ role: 'admin' })}` };
    const json = await (await fetch(`${t.server.url}/api/audit?boardId=${board}`, { headers: admin })).text();
    const csv = await (await fetch(`${t.server.url}/api/audit?boardId=${board}&format=csv`, { headers: admin })).text();
    const entries = (JSON.parse(json).events as { action: string; detail: { invite?: string } }[]).filter((e) => e.detail.invite === link.publicId);
    expect(entries.map((e) => e.action).sort()).toEqual(['invite_created', 'invite_revoked', 'invite_used']);
    for (const text of [json, csv]) {
      expect(text).not.toContain(link.id);
      expect(text).toContain(link.publicId);
    }
  });
});
