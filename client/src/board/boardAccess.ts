import type { Session, TokenClaims } from '@qe/shared';
import { getBoardToken } from '../api';

export interface BoardAccess {
  token: string;
  claims: TokenClaims;
}

/** Reads the claims of a JWT for display; the server verifies it, the client only shows them. */
export function decodeClaims(token: string): TokenClaims {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as TokenClaims;
}

const tokenKey = (boardId: string) => `qe.board-token.${boardId}`;

/** Keeps a board token for this tab (e.g. from joining by invite link). */
export function keepBoardToken(boardId: string, token: string): void {
  sessionStorage.setItem(tokenKey(boardId), token);
}

/** Replaces a kept token by its renewal, so that a reload of the tab uses the fresh one. */
export function keepBoardTokenIfKept(boardId: string, token: string): void {
  if (sessionStorage.getItem(tokenKey(boardId)) !== null) sessionStorage.setItem(tokenKey(boardId), token);
}

/**
 * A board opens with a board token: one given in the link's fragment (#token=…, never sent to a
 * server), one kept from such a link in this tab, or one issued for the logged-in account.
 */
export async function obtainBoardAccess(boardId: string, session: Session | undefined): Promise<BoardAccess | undefined> {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromLink) {
    sessionStorage.setItem(tokenKey(boardId), fromLink);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const kept = fromLink ?? sessionStorage.getItem(tokenKey(boardId));
  if (kept) return { token: kept, claims: decodeClaims(kept) };
  if (!session) return undefined;
  const { token } = await getBoardToken(session.token, boardId);
  return { token, claims: decodeClaims(token) };
}
