import type { Role } from './roles.js';

/**
 * JWT claims. An account token (from login) has no `board`; a board token is valid for exactly
 * one board. An admin token without `board` opens every board.
 */
export interface TokenClaims {
  /** user id (account id, or a generated id for invited and scripted participants) */
  sub: string;
  /** display name shown to others on the board */
  name: string;
  role: Role;
  /** board id this token is limited to */
  board?: string;
  /** invite link the token was issued for; revoking the link ends the access */
  inv?: string;
  /** issued for an account (login, and board tokens minted from it): removing the account ends the access */
  acct?: true;
}
