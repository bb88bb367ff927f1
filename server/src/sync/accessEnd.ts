import { SYNC_CLOSE, type TokenClaims } from '@qe/shared';
import type { InviteRepository } from '../storage/types.js';
import type { Connection } from './Connection.js';

/** POST /session/renew refuses a guest token when its invite link ends within a minute. */
const RENEWAL_MARGIN_MS = 60_000;
/** setTimeout fires at once for longer delays (about 24.8 days); such waits are re-armed */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface AccessEnd {
  /** ms since the epoch */
  at: number;
  code: number;
  reason: string;
}

/**
 * When a connection's access ends, and how it is closed then. A token is checked once, when the
 * socket opens, so without this an expired token or invite link would keep a socket open for good.
 * At the token's `exp` the close is 4001 (not final): the page has renewed its token by then (at
 * half its lifetime) and reconnects with the new one; a client without one is refused with 4401
 * on reconnecting. A guest's token ends with its invite link; when the link ends before the token
 * could be renewed again, the close is 4411 (final), as at connecting with an expired link.
 */
export function accessEnd(expSeconds: number | undefined, inviteExpiresAt: string | undefined): AccessEnd | undefined {
  const tokenEnd = expSeconds === undefined ? Infinity : expSeconds * 1000;
  const linkEnd = inviteExpiresAt === undefined ? NaN : Date.parse(inviteExpiresAt);
  if (linkEnd <= tokenEnd + RENEWAL_MARGIN_MS) {
    return { at: Math.min(linkEnd, tokenEnd), code: SYNC_CLOSE.accessRevoked, reason: 'invite link expired' };
  }
  if (tokenEnd === Infinity) return undefined;
  return { at: tokenEnd, code: SYNC_CLOSE.tokenExpired, reason: 'token expired' };
}

/** The access end of a verified token (`exp`, in seconds), and of its invite link (looked up). */
export async function accessEndOf(exp: number, claims: TokenClaims, invites: InviteRepository): Promise<AccessEnd | undefined> {
  const link = claims.inv === undefined ? undefined : await invites.get(claims.inv);
  return accessEnd(exp, link?.expiresAt);
}

/** Closes the connection when its access ends (unless it is closed before). */
export function closeAtAccessEnd(connection: Connection, end: AccessEnd): void {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const wait = end.at - Date.now();
    if (wait <= 0) return connection.close(end.code, end.reason);
    timer = setTimeout(check, Math.min(wait, MAX_TIMER_MS)).unref();
  };
  check();
  connection.socket.once('close', () => clearTimeout(timer));
}
