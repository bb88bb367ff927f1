import { createHmac, randomBytes } from 'node:crypto';
import type { TokenClaims } from '@qe/shared';
import { Redis } from 'ioredis';
import { TokenError, signToken, verifyToken } from './tokens.js';

/**
 * Sync tickets: a browser exchanges its token (sent in a header) for a ticket valid for seconds
 * and usable once, and puts only that in the WebSocket URL, where proxies and server logs may
 * keep it. Tickets are signed with a key derived for them alone, so a ticket is never accepted
 * as an API token and a token never as a ticket.
 */
export const TICKET_TTL_SECONDS = 30;

/** Remembers redeemed tickets until they would have expired anyway. */
export interface TicketLedger {
  /** true the first time a ticket id is redeemed, false every later time */
  redeemOnce(ticketId: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryTicketLedger implements TicketLedger {
  private readonly redeemed = new Map<string, number>();

  async redeemOnce(ticketId: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    for (const [id, until] of this.redeemed) if (until <= now) this.redeemed.delete(id);
    if (this.redeemed.has(ticketId)) return false;
    this.redeemed.set(ticketId, now + ttlMs);
    return true;
  }

  async close(): Promise<void> {}
}

/** Shared by every instance, so a ticket redeemed at one cannot be redeemed at another. */
export class RedisTicketLedger implements TicketLedger {
  private readonly redis: Redis;
  private readonly fallback = new MemoryTicketLedger();

  constructor(
    url: string,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(n * 200, 2000) });
    this.redis.on('error', () => {});
  }

  async redeemOnce(ticketId: string, ttlMs: number): Promise<boolean> {
    try {
      return (await this.redis.set(`qe:ticket:${ticketId}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    } catch (error) {
      // while Redis is away a ticket is still single-use at this instance, and expires in seconds
      this.log('sync tickets: Redis unavailable, remembering tickets in this instance', error);
      return this.fallback.redeemOnce(ticketId, ttlMs);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

const ticketSecret = (secret: string) => createHmac('sha256', secret).update('qe-werkstatt sync ticket').digest('base64url');

/** A ticket for these (verified) claims; `tokenExpiresAt` (seconds) is when the token it replaces expires. */
export function issueTicket(claims: TokenClaims, tokenExpiresAt: number, secret: string): string {
  const ttl = Math.max(1, Math.min(TICKET_TTL_SECONDS, tokenExpiresAt - Math.floor(Date.now() / 1000)));
  const payloadClaims = { ...claims, texp: tokenExpiresAt, jti: randomBytes(16).toString('base64url') };
  return signToken(payloadClaims as TokenClaims, ticketSecret(secret), ttl);
}

/** The claims of a valid, unused ticket and when the token behind it expires; throws TokenError otherwise. */
export async function redeemTicket(ticket: string, secret: string, ledger: TicketLedger): Promise<{ claims: TokenClaims; tokenExpiresAt: number }> {
  const { claims, expiresAt, payload } = verifyToken(ticket, ticketSecret(secret));
  const { jti, texp } = payload as { jti?: unknown; texp?: unknown };
  if (typeof jti !== 'string' || typeof texp !== 'number') throw new TokenError('invalid', 'Ticket is incomplete');
  if (!(await ledger.redeemOnce(jti, (expiresAt + 1) * 1000 - Date.now()))) throw new TokenError('invalid', 'Ticket was used already');
  return { claims, tokenExpiresAt: texp };
}
