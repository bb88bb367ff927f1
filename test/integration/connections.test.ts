import { SYNC_CLOSE } from '@qe/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
/** few sockets per address, behind one trusted proxy (X-Forwarded-For tells the address) */
let proxied: TestServer;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  [t, proxied] = await Promise.all([startTestServer(), startTestServer({ SYNC_CONNECTIONS_PER_ADDRESS: '3', TRUST_PROXY: '1' })]);
});
afterEach(() => sockets.splice(0).forEach((ws) => ws.terminate()));
afterAll(async () => Promise.all([t?.stop(), proxied?.stop()]));

type Outcome = { accepted: WebSocket } | { code: number; reason: string };

/** Opens a sync socket; accepted once the server's first message (sync step 1) arrives. */
function open(server: TestServer, board: string, sub: string, headers: Record<string, string> = {}): Promise<Outcome> {
  const token = server.token({ sub, name: sub, role: 'editor', board });
  const ws = new WebSocket(`${server.server.url.replace('http', 'ws')}/sync/${board}?token=${token}`, { headers });
  sockets.push(ws);
  ws.on('error', () => {});
  return new Promise((resolve, reject) => {
    ws.once('message', () => resolve({ accepted: ws }));
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    setTimeout(() => reject(new Error('no answer')), 5000).unref();
  });
}

const closeOf = (ws: WebSocket) => new Promise<void>((resolve) => (ws.once('close', () => resolve()), ws.close()));

describe('sockets per person', () => {
  it('accepts 20 sockets of one person and refuses the 21st with 4430, until one closes', async () => {
    const [one, two] = await Promise.all([t.createBoard(), t.createBoard()]);
    // a person's tabs, on two boards
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => open(t, i % 2 ? one : two, 'many')));
    expect(first.filter((outcome) => 'accepted' in outcome)).toHaveLength(20);

    expect(await open(t, one, 'many')).toEqual({ code: SYNC_CLOSE.tooManyConnections, reason: 'too many connections for this person' });
    expect(await open(t, one, 'someone-else'), 'another person').toHaveProperty('accepted');

    await closeOf((first[0] as { accepted: WebSocket }).accepted);
    expect(await open(t, one, 'many'), 'after one of them closed').toHaveProperty('accepted');
  });
});

describe('sockets per address', () => {
  it('refuses sockets over the cap from one address, telling addresses apart behind a trusted proxy', async () => {
    const board = await proxied.createBoard();
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const first = await Promise.all(['a', 'b', 'c'].map((sub) => open(proxied, board, sub, from('198.51.100.7'))));
    expect(first.filter((outcome) => 'accepted' in outcome)).toHaveLength(3);

    expect(await open(proxied, board, 'd', from('198.51.100.7'))).toEqual({
      code: SYNC_CLOSE.tooManyConnections,
      reason: 'too many connections from this address',
    });
    // what the client claims left of the proxy's entry does not count
    expect(await open(proxied, board, 'e', from('203.0.113.9, 198.51.100.7'))).toHaveProperty('code', SYNC_CLOSE.tooManyConnections);
    expect(await open(proxied, board, 'f', from('203.0.113.9')), 'another address').toHaveProperty('accepted');
  });

  it('counts refused tokens against the address, and frees the place when they close', async () => {
    const board = await proxied.createBoard();
    const bad = () => {
      const ws = new WebSocket(`${proxied.server.url.replace('http', 'ws')}/sync/${board}?token=nonsense`, { headers: { 'x-forwarded-for': '192.0.2.1' } });
      sockets.push(ws);
      ws.on('error', () => {});
      return new Promise<number>((resolve) => ws.once('close', resolve));
    };
    expect(await Promise.all([bad(), bad(), bad()])).toEqual([SYNC_CLOSE.unauthorized, SYNC_CLOSE.unauthorized, SYNC_CLOSE.unauthorized]);
    await new Promise((r) => setTimeout(r, 100)); // the server sees them closed a moment after the client
    const after = await Promise.all(['a', 'b', 'c'].map((sub) => open(proxied, board, sub, { 'x-forwarded-for': '192.0.2.1' })));
    expect(
      after.filter((outcome) => 'accepted' in outcome),
      'sockets after the refused ones closed',
    ).toHaveLength(3);
  });
});
