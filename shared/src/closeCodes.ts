/**
 * WebSocket close codes the sync server uses (4000–4999 is the application range).
 * Clients stop reconnecting on the 44xx codes: retrying cannot help.
 */
export const SYNC_CLOSE = {
  /** missing, malformed, expired or wrongly signed token */
  unauthorized: 4401,
  /** valid token, but not for this board */
  forbidden: 4403,
  /** no board with that id */
  boardNotFound: 4404,
  /** the board was deleted while connected */
  boardDeleted: 4410,
  /** the invite link or participation this connection used was revoked, or the link expired */
  accessRevoked: 4411,
  /** the token this connection was opened with expired: reconnect with the renewed one (not final) */
  tokenExpired: 4001,
  /** a moderator changed this participant's role: reconnect to get it (not final) */
  roleChanged: 4012,
  /** a message that is not valid y-websocket protocol */
  malformedMessage: 4400,
  /** more messages or bytes than the per-connection rate limits allow; reconnecting is fine (not final) */
  tooManyMessages: 4429,
  /** this person or address has as many sockets open as allowed; retrying later is fine (not final) */
  tooManyConnections: 4430,
  /** a message over the configured size limit (the standard "message too big" code) */
  messageTooLarge: 1009,
  /** server is shutting down; clients should reconnect later */
  serverShutdown: 1001,
} as const;

export type SyncCloseCode = (typeof SYNC_CLOSE)[keyof typeof SYNC_CLOSE];

const FINAL_CODES: ReadonlySet<number> = new Set([
  SYNC_CLOSE.unauthorized,
  SYNC_CLOSE.forbidden,
  SYNC_CLOSE.boardNotFound,
  SYNC_CLOSE.boardDeleted,
  SYNC_CLOSE.accessRevoked,
]);

/** True when reconnecting with the same token cannot succeed. */
export function isFinalCloseCode(code: number): boolean {
  return FINAL_CODES.has(code);
}
