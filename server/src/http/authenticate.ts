import type { TokenClaims } from '@qe/shared';
import { canManageBoards } from '@qe/shared';
import type { NextFunction, Request, Response } from 'express';
import { claimsOpenBoard, TokenError, verifyToken } from '../auth/tokens.js';
import { HttpError } from './errors.js';

/** Reads and verifies `Authorization: Bearer <jwt>`; 401 when missing or invalid. */
export function authenticate(secret: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    try {
      res.locals.claims = verifyToken(token, secret);
    } catch (error) {
      const reason = error instanceof TokenError ? error.reason : 'invalid';
      throw new HttpError(401, `token_${reason}`, (error as Error).message);
    }
    next();
  };
}

export function claimsOf(res: Response): TokenClaims {
  const claims = res.locals.claims as TokenClaims | undefined;
  if (!claims) throw new HttpError(401, 'token_missing', 'No token given');
  return claims;
}

/** Account-level actions (board management) need a moderator or admin token not scoped to a board. */
export function requireBoardManager(res: Response): TokenClaims {
  const claims = claimsOf(res);
  if (claims.board !== undefined || !canManageBoards(claims.role)) {
    throw new HttpError(403, 'forbidden', 'This action needs a moderator or admin account token');
  }
  return claims;
}

export function requireBoardAccess(res: Response, boardId: string): TokenClaims {
  const claims = claimsOf(res);
  if (!claimsOpenBoard(claims, boardId)) {
    throw new HttpError(403, 'forbidden', 'Token is not valid for this board');
  }
  return claims;
}
