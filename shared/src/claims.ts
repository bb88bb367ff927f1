import type { Role } from './roles.js';

/**
 * JWT claims. An account token (from login) has neither `board` nor `proc`; a board token is
 * valid for exactly one board; a procedure token for one procedure and its boards. An admin token
 * without `board` opens every board.
 */
export interface TokenClaims {
  /** user id (account id, or a generated id for invited and scripted participants) */
  sub: string;
  /** display name shown to others on the board */
  name: string;
  role: Role;
  /** board id this token is limited to */
  board?: string;
  /** procedure id this token is limited to: it opens the procedure and, by the member's role, its boards (`sub` is the member) */
  proc?: string;
  /** invite link the token was issued for; revoking the link ends the access */
  inv?: string;
  /** issued for an account (login, and board tokens minted from it): removing the account ends the access */
  acct?: true;
}
