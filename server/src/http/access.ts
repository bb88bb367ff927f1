import type { Role, TokenClaims } from '@qe/shared';
import { canEditBoard, canExportReport, canManageBoards, canModerate } from '@qe/shared';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { RouteParameters } from 'express-serve-static-core';
import { claimsOpenBoard, TokenError, verifyToken } from '../auth/tokens.js';
import type { ParticipantRepository } from '../storage/types.js';
import { HttpError } from './errors.js';

/**
 * Who may call a route. Every API route is registered with one of these through a RouteTable,
 * so authorization is declared in one place and a test can walk the table.
 * - public: no token needed (a token, if sent, is ignored)
 * - session: any valid token
 * - manager: an account token (not scoped to a board) of a moderator or admin
 * - admin: an admin account token
 * - board:*: a token that opens board `:id`, with the effective role (a moderator's change of
 *   the participant's role applies; a removed participant is refused) allowed to read, edit,
 *   export or moderate
 */
export type Access = 'public' | 'session' | 'manager' | 'admin' | 'board:read' | 'board:edit' | 'board:export' | 'board:moderate';

const BOARD_ABILITY: Record<Extract<Access, `board:${string}`>, { allows: (role: Role) => boolean; code: string; message: string }> = {
  'board:read': { allows: () => true, code: 'forbidden', message: 'Token is not valid for this board' },
  'board:edit': { allows: canEditBoard, code: 'read_only', message: 'Observers cannot change the board' },
  'board:export': { allows: canExportReport, code: 'forbidden', message: 'Only moderators and the analysis team may do this' },
  'board:moderate': { allows: canModerate, code: 'forbidden', message: 'Only moderators may do this' },
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

function verifiedClaims(req: Request, secret: string): TokenClaims {
  try {
    return verifyToken(bearerToken(req), secret);
  } catch (error) {
    const reason = error instanceof TokenError ? error.reason : 'invalid';
    throw new HttpError(401, `token_${reason}`, (error as Error).message);
  }
}

/** The role a participant has on a board now: the token's, unless a moderator changed or removed it. */
export async function effectiveClaims(claims: TokenClaims, boardId: string, participants: ParticipantRepository): Promise<TokenClaims> {
  if (claims.role === 'admin') return claims;
  const override = await participants.get(boardId, claims.sub);
  if (override === 'removed') throw new HttpError(403, 'removed', 'You were removed from this board');
  return override ? { ...claims, role: override } : claims;
}

export function guard(access: Access, secret: string, participants: ParticipantRepository): RequestHandler {
  if (access === 'public') return (_req, _res, next) => next();
  return async (req, res, next) => {
    const claims = verifiedClaims(req, secret);
    if (access === 'session') {
      res.locals.claims = claims;
    } else if (access === 'manager' || access === 'admin') {
      const allowed = claims.board === undefined && (access === 'admin' ? claims.role === 'admin' : canManageBoards(claims.role));
      if (!allowed) throw new HttpError(403, 'forbidden', `This action needs ${access === 'admin' ? 'an admin' : 'a moderator or admin'} account token`);
      res.locals.claims = claims;
    } else {
      const boardId = String(req.params.id);
      if (!claimsOpenBoard(claims, boardId)) throw new HttpError(403, 'forbidden', 'Token is not valid for this board');
      const effective = await effectiveClaims(claims, boardId, participants);
      const ability = BOARD_ABILITY[access];
      if (!ability.allows(effective.role)) throw new HttpError(403, ability.code, ability.message);
      res.locals.claims = effective;
    }
    next();
  };
}

/** Registers API routes together with their access rule; `rules` is the authorization table. */
export class RouteTable {
  readonly rules: RouteRule[] = [];

  constructor(
    private readonly secret: string,
    private readonly participants: ParticipantRepository,
  ) {}

  add<Path extends string>(router: Router, method: Method, path: Path, access: Access, ...handlers: RequestHandler<RouteParameters<Path>>[]): void {
    this.rules.push({ method, path, access });
    router[method](path, guard(access, this.secret, this.participants), ...(handlers as RequestHandler[]));
  }
}
