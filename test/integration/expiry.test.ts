import { isFinalCloseCode, SYNC_CLOSE } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

/** the token's exp in ms */
const expOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp * 1000;

/** Opens a raw sync socket; resolves once accepted, with a promise of its close (code, reason, when). */
async function openSocket(board: string, token: string) {
  const ws = new WebSocket(`${t.server.url.replace('http', 'ws')}/sync/${board}?token=${token}`);
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
  );
  await new Promise((resolve, reject) => {
    ws.once('message', resolve); // sync step 1: accepted
    ws.once('close', (code) => reject(new Error(`refused with ${code}`)));
  });
  return { ws, closed };
}

describe('a connection whose access ends', () => {
  it("is closed with 4001 (not final) when its token's exp passes", async () => {
    const board = await t.createBoard();
    const token = t.token({ sub: 'kurz', role: 'editor', board }, 2);
    const { closed } = await openSocket(board, token);
    const close = await closed;
    expect(close).toMatchObject({ code: SYNC_CLOSE.tokenExpired, reason: 'token expired' });
    expect(close.at - expOf(token), 'ms between exp and the close').toBeGreaterThanOrEqual(-20);
    expect(close.at - expOf(token), 'ms between exp and the close').toBeLessThan(1500);
    expect(isFinalCloseCode(SYNC_CLOSE.tokenExpired), 'the page reconnects after it').toBe(false);
  });

  it('keeps a client that renewed its token working: it reconnects with the new one', async () => {
    const board = await t.createBoard();
    const short = t.token({ sub: 'anna', name: 'Anna', role: 'editor', board }, 2);
    const anna = connectProvider(t.server.url, board, short);
    const bob = connectProvider(t.server.url, board, t.token({ sub: 'bob', role: 'editor', board }));
    await Promise.all([waitForSynced(anna.provider), waitForSynced(bob.provider)]);
    const closes: number[] = [];
    anna.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    // what the board page does when its renewal comes back (useBoardTokenRenewal)
    anna.provider.params = { ...anna.provider.params, token: t.token({ sub: 'anna', name: 'Anna', role: 'editor', board }, 3600) };

    await eventually(() => closes.length > 0, expOf(short) - Date.now() + 1500, 'the close at exp');
    anna.doc.getMap('m').set('after', 1);
    await eventually(() => bob.doc.getMap('m').get('after') === 1, 5000, "Anna's edit after the close");
    expect(closes).toEqual([SYNC_CLOSE.tokenExpired]);
    expect(anna.provider.wsconnected).toBe(true);
    anna.provider.destroy();
    bob.provider.destroy();
  });

  it('refuses the reconnect of a client that did not renew (4401)', async () => {
    const board = await t.createBoard();
    const short = t.token({ sub: 'carl', role: 'editor', board }, 2);
    const carl = connectProvider(t.server.url, board, short);
    await waitForSynced(carl.provider);
    const closes: number[] = [];
    carl.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    await eventually(() => closes.length >= 2, expOf(short) - Date.now() + 5000, 'the close and the refused reconnect');
    expect(closes.slice(0, 2)).toEqual([SYNC_CLOSE.tokenExpired, SYNC_CLOSE.unauthorized]);
    carl.provider.destroy();
  });

  it('is closed with 4411 when its invite link expires', async () => {
    const board = await t.createBoard();
    const expiresAt = Date.now() + 2000;
    await t.server.storage.invites.create({
      id: `kurz-${board}`,
      boardId: board,
      role: 'editor',
      label: '',
      expiresAt: new Date(expiresAt).toISOString(),
      maxUses: null,
      createdBy: 'test',
    });
    // a token that outlives its link by far (e.g. issued before a link's expiry was shortened)
    const { closed } = await openSocket(board, t.token({ sub: 'guest-1', role: 'editor', board, inv: `kurz-${board}` }, 3600));
    const close = await closed;
    expect(close).toMatchObject({ code: SYNC_CLOSE.accessRevoked, reason: 'invite link expired' });
    expect(close.at - expiresAt, 'ms between the link expiry and the close').toBeGreaterThanOrEqual(-20);
    expect(close.at - expiresAt, 'ms between the link expiry and the close').toBeLessThan(1500);
  });
});
