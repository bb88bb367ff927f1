import type { Connection } from './Connection.js';

/**
 * Where a change to a board's document or awareness comes from: the transaction origin Yjs hands
 * to every listener. It decides the way through the pipeline (see pipeline.ts):
 * - connection: a client's message — guarded, stored, relayed, then sent to the others
 * - server: a server-side write (import, migration) — guarded, stored, relayed, sent to everyone
 * - guard: the guard's restore of a refused change — stored and sent with it, to its sender too
 * - relay: another instance's change, stored there — only sent to this instance's clients
 * - store: what the store held when the board was (re)loaded — only sent to connected clients
 */
export type ChangeOrigin =
  { source: 'connection'; connection: Connection } | { source: 'server' } | { source: 'guard' } | { source: 'relay' } | { source: 'store' };

export const SERVER_ORIGIN: ChangeOrigin = { source: 'server' };
export const GUARD_ORIGIN: ChangeOrigin = { source: 'guard' };
export const RELAY_ORIGIN: ChangeOrigin = { source: 'relay' };
export const STORE_ORIGIN: ChangeOrigin = { source: 'store' };

const SOURCES = new Set(['connection', 'server', 'guard', 'relay', 'store']);

/** The origin as one of ours; y-protocols and Yjs use others of their own (e.g. awareness timeouts, undo). */
export function changeOrigin(origin: unknown): ChangeOrigin | undefined {
  return typeof origin === 'object' && origin !== null && SOURCES.has((origin as { source?: unknown }).source as string) ? (origin as ChangeOrigin) : undefined;
}

/** Changes that were stored elsewhere already (another instance, the store itself): they are only sent on. */
export const isStoredAlready = (origin: ChangeOrigin | undefined) => origin?.source === 'relay' || origin?.source === 'store';

/** The connection a change came from, if any. */
export const senderOf = (origin: unknown): Connection | undefined => {
  const typed = changeOrigin(origin);
  return typed?.source === 'connection' ? typed.connection : undefined;
};
