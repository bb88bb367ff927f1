import type { Role, TokenClaims } from '@qe/shared';
import { canEditBoard, canExportReport, canManageBoards, canModerate } from '@qe/shared';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { RouteParameters } from 'express-serve-static-core';
import { AccessDenied, effectiveRights, type RightsScope, type RightsSources } from '../auth/rights.js';
import { TokenError, verifyToken } from '../auth/tokens.js';
import { HttpError } from './errors.js';

/**
 * Who may call a route. Every API route is registered with one of these through a RouteTable,
 * so authorization is declared in one place and a test can walk the table.
 * - public: no token needed (a token, if sent, is ignored)
 * - session: any valid token
 * - manager: an account token (not scoped to a board) of a moderator or admin
 * - admin: an admin account token
 * - board:*: a token that opens board `:id`, with the effective role allowed to read, edit,
 *   export or moderate
 * - procedure:*: a token that opens procedure `:id` (an account token of a moderator or admin, or a
 *   member's procedure token; never a board token), with the effective role allowed to read it,
 *   export its report or manage it (boards, members, phase)
 * Every kind but public asks effectiveRights (auth/rights), like the sync server does.
 */
export type Access =
  | 'public'
  | 'session'
  | 'manager'
  | 'admin'
  | 'board:read'
  | 'board:edit'
  | 'board:export'
  | 'board:moderate'
  | 'procedure:read'
  | 'procedure:export'
  | 'procedure:manage';

type ScopedAccess = Extract<Access, `board:${string}` | `procedure:${string}`>;

const ABILITY: Record<ScopedAccess, { allows: (role: Role) => boolean; code: string; message: string }> = {
  'board:read': { allows: () => true, code: 'forbidden', message: 'Token is not valid for this board' },
  'board:edit': { allows: canEditBoard, code: 'read_only', message: 'Observers cannot change the board' },
  'board:export': { allows: canExportReport, code: 'forbidden', message: 'Only moderators and the analysis team may do this' },
  'board:moderate': { allows: canModerate, code: 'forbidden', message: 'Only moderators may do this' },
  'procedure:read': { allows: () => true, code: 'forbidden', message: 'Token is not valid for this procedure' },
  'procedure:export': { allows: canExportReport, code: 'forbidden', message: "Only the procedure's lead and analysis team may do this" },
  'procedure:manage': { allows: canModerate, code: 'forbidden', message: "Only the procedure's lead may do this" },
};

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteRule {
  method: Method;
  /** path below /api, in express syntax */
  path: string;
  access: Access;
}

export function claimsOf(res: Response): TokenClaims {
  const claims = res.locals.claims as TokenClaims | undefined;
  if (!claims) throw new HttpError(401, 'token_missing', 'No token given');
  return claims;
}

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/** The token's claims and when it expires (seconds since the epoch). */
function verifiedClaims(req: Request, secret: string): { claims: TokenClaims; expiresAt: number } {
  try {
    return verifyToken(bearerToken(req), secret);
  } catch (error) {
    const reason = error instanceof TokenError ? error.reason : 'invalid';
    throw new HttpError(401, `token_${reason}`, (error as Error).message);
  }
}

/** Verifies the token and asks effectiveRights (auth/rights) what it may do now, for every kind of access. */
export function guard(access: Access, secret: string, sources: RightsSources): RequestHandler {
  if (access === 'public') return (_req, _res, next) => next();
  return async (req, res, next) => {
    const { claims, expiresAt } = verifiedClaims(req, secret);
    const board = access.startsWith('board:') ? String(req.params.id) : access === 'session' ? claims.board : undefined;
    const procedure = access.startsWith('procedure:') ? String(req.params.id) : access === 'session' ? claims.proc : undefined;
    const scope: RightsScope = board !== undefined ? { board } : procedure !== undefined ? { procedure } : undefined;
    let effective: TokenClaims;
    try {
      effective = await effectiveRights(claims, scope, sources);
    } catch (error) {
      if (error instanceof AccessDenied) throw new HttpError(error.status, error.code, error.message);
      throw error;
    }
    if (access === 'manager' || access === 'admin') {
      // an account token: neither limited to a board nor to a procedure
      const allowed =
        claims.board === undefined && claims.proc === undefined && (access === 'admin' ? effective.role === 'admin' : canManageBoards(effective.role));
      if (!allowed) throw new HttpError(403, 'forbidden', `This action needs ${access === 'admin' ? 'an admin' : 'a moderator or admin'} account token`);
    } else if (access !== 'session') {
      const ability = ABILITY[access];
      if (!ability.allows(effective.role)) throw new HttpError(403, ability.code, ability.message);
    }
    res.locals.claims = effective;
    res.locals.tokenExpiresAt = expiresAt;
    next();
  };
}

/** Registers API routes together with their access rule; `rules` is the authorization table. */
export class RouteTable {
  readonly rules: RouteRule[] = [];

  constructor(
    private readonly secret: string,
    private readonly sources: RightsSources,
  ) {}

  add<Path extends string>(router: Router, method: Method, path: Path, access: Access, ...handlers: RequestHandler<RouteParameters<Path>>[]): void {
    this.rules.push({ method, path, access });
    router[method](path, guard(access, this.secret, this.sources), ...(handlers as RequestHandler[]));
  }
}
