import { useEffect, useRef } from 'react';
import { ApiError, renewToken } from './api';

/** Seconds since the epoch at which a JWT expires (read for scheduling only; the server verifies). */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

const RETRY_MS = 15_000;

/**
 * Renewed tokens by the token they replace. Components keep the token they started with (a new
 * token must not remount the canvas or reconnect the board); every request looks up the newest.
 */
const renewals = new Map<string, string>();

export function latestToken(token: string): string;
export function latestToken(token: string | undefined): string | undefined;
export function latestToken(token: string | undefined): string | undefined {
  let current = token;
  for (let next = current && renewals.get(current); next; next = renewals.get(next)) current = next;
  return current;
}

export function rememberRenewal(previous: string, renewed: string): void {
  if (previous !== renewed) renewals.set(previous, renewed);
}

/** Renew at half the remaining lifetime: early enough to retry, late enough to stay quiet. */
export function renewalDelayMs(token: string, now = Date.now()): number | undefined {
  const exp = tokenExpiry(token);
  if (exp === undefined) return undefined;
  return Math.max(1_000, (exp * 1000 - now) / 2);
}

/**
 * Keeps a short-lived token fresh while the page is open: swaps in the renewed token through
 * `onRenewed`, and reports `onExpired` when the server refuses (revoked link, removed, expired).
 * Network errors are retried at the next turn.
 */
export function useTokenRenewal(token: string | undefined, onRenewed: (token: string) => void, onExpired: () => void): void {
  const callbacks = useRef({ onRenewed, onExpired });
  callbacks.current = { onRenewed, onExpired };
  useEffect(() => {
    if (!token) return;
    const delay = renewalDelayMs(token);
    if (delay === undefined) return;
    let timer: ReturnType<typeof setTimeout>;
    const renew = async () => {
      try {
        const renewed = await renewToken(token);
        rememberRenewal(token, renewed.token);
        callbacks.current.onRenewed(renewed.token);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 410)) callbacks.current.onExpired();
        // server unreachable: try again, the token may still be valid for a while
        else timer = setTimeout(renew, RETRY_MS);
      }
    };
    timer = setTimeout(renew, delay);
    return () => clearTimeout(timer);
  }, [token]);
}
