import type { WebSocket } from 'ws';

/**
 * How many sync sockets one person or one address may hold open at once (on this instance).
 * A person has a few tabs, maybe a second device or a projector window, and a socket whose network
 * went away stays counted until the ping misses (up to a minute): 20 leaves room for all of that.
 * An address can be a whole office behind one NAT or proxy; 200 is a large team's tabs.
 */
export interface ConnectionCaps {
  perPerson: number;
  perAddress: number;
}

export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = { perPerson: 20, perAddress: 200 };

/** Open sockets per key (a person's `sub`, an address), up to a cap. */
export class ConnectionCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Counts the socket under `key` until it closes; false (and not counted) when the key is at its cap. */
  admit(key: string, ws: WebSocket): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.cap) return false;
    this.counts.set(key, count + 1);
    const release = () => {
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
    // it may have closed while it was being authorized: then 'close' has been emitted already
    if (ws.readyState === ws.CLOSED) release();
    else ws.once('close', release);
    return true;
  }
}
