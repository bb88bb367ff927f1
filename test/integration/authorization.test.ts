import { SYNC_CLOSE } from '@qe/shared';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The authorization matrix: every API route (read from the running app's route table) and the sync
 * endpoint, called with every kind of token, must answer what its declared access rule documents.
 * A route added without going through the route table fails the first test.
 */

type Kind =
  | 'none'
  | 'expired'
  | 'tampered'
  | 'algNone'
  | 'wrongBoard'
  | 'admin'
  | 'moderatorAccount'
  | 'moderator'
  | 'editor'
  | 'analyst'
  | 'observer'
  | 'removed'
  | 'revokedGuest'
  | 'removedAccount'
  | 'procLead'
  | 'procAnalyst'
  | 'procOffice'
  | 'procRemoved'
  | 'otherProcedure';
const KINDS: Kind[] = [
  'none',
  'expired',
  'tampered',
  'algNone',
  'wrongBoard',
  'admin',
  'moderatorAccount',
  'moderator',
  'editor',
  'analyst',
  'observer',
  'removed',
  'revokedGuest',
  'removedAccount',
  'procLead',
  'procAnalyst',
  'procOffice',
  'procRemoved',
  'otherProcedure',
];
type Outcome = 'allowed' | 401 | 403;

const INVALID: Kind[] = ['none', 'expired', 'tampered', 'algNone'];
const BOARD_ROLE_KINDS: Kind[] = ['moderator', 'editor', 'analyst', 'observer'];

/** What each access rule documents for each kind of token. */
function expected(access: string, kind: Kind): Outcome {
  if (access === 'public') return 'allowed';
  if (INVALID.includes(kind) || kind === 'removedAccount') return 401;
  // the token is valid, but its access ended: the same answer on every route that needs a token
  if (kind === 'removed' || kind === 'revokedGuest' || kind === 'procRemoved') return 403;
  switch (access) {
    case 'session':
      return 'allowed';
    case 'manager':
      return kind === 'admin' || kind === 'moderatorAccount' ? 'allowed' : 403;
    case 'admin':
      return kind === 'admin' ? 'allowed' : 403;
  }
  if (kind === 'wrongBoard' || kind === 'otherProcedure') return 403;
  if (kind === 'admin' || kind === 'moderatorAccount') return 'allowed';
  if (access.startsWith('procedure:')) {
    // a procedure opens to accounts and its members' tokens, never to a board's token
    const allowedMembers: Record<string, Kind[]> = {
      'procedure:read': ['procLead', 'procAnalyst', 'procOffice'],
      'procedure:export': ['procLead', 'procAnalyst'],
      'procedure:manage': ['procLead'],
    };
    const members = allowedMembers[access];
    if (!members) throw new Error(`the matrix has no expectation for access rule "${access}"`);
    return members.includes(kind) ? 'allowed' : 403;
  }
  // the procedure's lead moderates its boards, the analysis team works on them, office contacts join by invite only
  if (kind === 'moderator' || kind === 'procLead') return 'allowed';
  if (kind === 'procOffice') return 403;
  const allowedBoardRoles: Record<string, Kind[]> = {
    'board:read': [...BOARD_ROLE_KINDS, 'procAnalyst'],
    'board:edit': ['editor', 'analyst', 'procAnalyst'],
    'board:export': ['analyst', 'procAnalyst'],
    'board:moderate': [],
  };
  const roles = allowedBoardRoles[access];
  if (!roles) throw new Error(`the matrix has no expectation for access rule "${access}"`);
  return roles.includes(kind) ? 'allowed' : 403;
}

/** Every route of the express app below /api, found by walking its router stack. */
function registeredApiRoutes(app: Express): string[] {
  const found: string[] = [];
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) found.push(`${method} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  const apiRouter = (app as unknown as { router: { stack: Layer[] } }).router.stack.find((layer) => layer.handle?.stack);
  walk(apiRouter!.handle!.stack!);
  return found;
}

let t: TestServer;
beforeAll(async () => {
  // a generous attempt limit: the matrix sends many failing logins from one address
  t = await startTestServer({ LOGIN_RATE_LIMIT: '10000' });
});
afterAll(async () => t.stop());

function forge(kind: 'tampered' | 'algNone', board: string): string {
  const real = t.token({ role: 'moderator', board });
  const [header, payload, signature] = real.split('.') as [string, string, string];
  if (kind === 'tampered') {
    // the same header and signature with a raised role in the payload
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${signature}`;
  }
  const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  return `${none}.${Buffer.from(JSON.stringify({ ...claims, board: undefined, role: 'admin' })).toString('base64url')}.`;
}

const MEMBER_ROLE: Partial<Record<Kind, 'leitung' | 'analyseteam' | 'jugendamt'>> = {
  procLead: 'leitung',
  procAnalyst: 'analyseteam',
  procOffice: 'jugendamt',
  procRemoved: 'analyseteam',
  otherProcedure: 'leitung',
};

/** A fresh board in a fresh procedure and a token of the given kind for it. */
async function tokenFor(kind: Kind): Promise<{ board: string; procedure: string; token?: string }> {
  const { board, procedure } = await boardInProcedure();
  const memberRole = MEMBER_ROLE[kind];
  if (memberRole) {
    // the member of this procedure, or of another one
    const of = kind === 'otherProcedure' ? (await boardInProcedure()).procedure : procedure;
    const member = await t.server.storage.procedures.addMember(of, { id: `member-${board}`, name: 'Mitglied', role: memberRole, organisation: '' });
    if (kind === 'procRemoved') await t.server.storage.procedures.removeMember(of, member.id);
    const role = memberRole === 'leitung' ? 'moderator' : memberRole === 'analyseteam' ? 'analyst' : 'observer';
    return { board, procedure, token: t.token({ sub: member.id, role, proc: of }) };
  }
  return { board, procedure, ...(await boardToken(kind, board)) };
}

let procedures = 0;
async function boardInProcedure(): Promise<{ board: string; procedure: string }> {
  const board = await t.createBoard();
  const procedure = `proc${++procedures}`;
  await t.server.storage.procedures.create({ id: procedure, title: 'Verfahren', office: 'Jugendamt', themes: ['Fallverstehen'], createdBy: 'test' });
  await t.server.storage.procedures.addBoard(procedure, { boardId: board, kind: 'case', selection: 'gezielt' });
  return { board, procedure };
}

async function boardToken(kind: Kind, board: string): Promise<{ token?: string }> {
  switch (kind) {
    case 'none':
      return {};
    case 'expired':
      return { token: t.token({ role: 'moderator', board }, -60) };
    case 'tampered':
    case 'algNone':
      return { token: forge(kind, board) };
    case 'wrongBoard':
      return { token: t.token({ role: 'moderator', board: await t.createBoard() }) };
    case 'admin':
      return { token: t.token({ role: 'admin' }) };
    case 'moderatorAccount':
      return { token: t.token({ role: 'moderator' }) };
    case 'removed':
      await t.server.storage.participants.set(board, 'removed-user', 'removed');
      return { token: t.token({ sub: 'removed-user', role: 'editor', board }) };
    case 'revokedGuest': {
      const link = await t.server.storage.invites.create({
        id: `link-${board}`,
        boardId: board,
        role: 'editor',
        label: '',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        maxUses: null,
        createdBy: 'mona',
      });
      await t.server.storage.invites.revoke(link.id);
      return { token: t.token({ sub: `guest-${board}`, role: 'editor', board, inv: link.id }) };
    }
    case 'removedAccount':
      // an account token (acct) whose account no longer exists
      return { token: t.token({ sub: 'deleted-account', role: 'moderator', acct: true }) };
    case 'moderator':
    case 'editor':
    case 'analyst':
    case 'observer':
      return { token: t.token({ role: kind, board }) };
    default:
      throw new Error(`no board token for ${kind}`);
  }
}

const fillPath = (path: string, board: string, procedure: string) =>
  path
    .replace(':id', path.startsWith('/procedures/') ? procedure : board)
    .replace(':memberId', 'no-member')
    .replace(':assetId', 'no-asset')
    .replace(':inviteId', 'no-invite')
    .replace(':kind', 'chronology')
    .replace(':sub', 'someone-else')
    .replace(':voteId', 'vote-1');

describe('authorization matrix', () => {
  it('every API route is registered with an access rule', () => {
    const rules = t.server.app.locals.routeTable.rules.map((rule) => `${rule.method} ${rule.path}`);
    expect(rules.length).toBeGreaterThan(20);
    expect(registeredApiRoutes(t.server.app).sort()).toEqual([...rules].sort());
  });

  it('every API route × every kind of token answers what its rule documents', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const rule of t.server.app.locals.routeTable.rules) {
      const key = `${rule.method} ${rule.path}`;
      for (const kind of KINDS) {
        const want = expected(rule.access, kind);
        const { board, procedure, token } = await tokenFor(kind);
        const response = await fetch(`${t.server.url}/api${fillPath(rule.path, board, procedure)}`, {
          method: rule.method.toUpperCase(),
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
          body: rule.method === 'get' ? undefined : '{}',
        });
        const status = response.status;
        const got: Outcome | number = status === 401 || status === 403 ? status : status >= 500 ? status : 'allowed';
        checked++;
        if (got !== want) mismatches.push(`${key} [${rule.access}] with ${kind}: expected ${want}, got ${status} ${await response.text()}`);
      }
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect(checked).toBe(t.server.app.locals.routeTable.rules.length * KINDS.length);
    // about a thousand requests, each on a fresh board in a fresh procedure
  }, 180_000);

  it('the sync endpoint × every kind of token closes with the documented code or syncs', async () => {
    const wantFor = (kind: Kind): number | 'synced' => {
      if (INVALID.includes(kind) || kind === 'removedAccount') return SYNC_CLOSE.unauthorized;
      if (kind === 'wrongBoard' || kind === 'otherProcedure' || kind === 'procOffice') return SYNC_CLOSE.forbidden;
      if (kind === 'removed' || kind === 'revokedGuest' || kind === 'procRemoved') return SYNC_CLOSE.accessRevoked;
      return 'synced';
    };
    const mismatches: string[] = [];
    for (const kind of KINDS) {
      const { board, token } = await tokenFor(kind);
      const url = `${t.server.url.replace('http', 'ws')}/sync/${board}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
      const got = await new Promise<number | 'synced'>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.on('error', () => {});
        // the server's first message (sync step 1) means the connection was accepted
        ws.on('message', () => {
          resolve('synced');
          ws.close();
        });
        ws.on('close', (code) => resolve(code));
        setTimeout(() => reject(new Error(`no answer for ${kind}`)), 5000).unref();
      });
      if (got !== wantFor(kind)) mismatches.push(`sync with ${kind}: expected ${wantFor(kind)}, got ${got}`);
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  });
});
