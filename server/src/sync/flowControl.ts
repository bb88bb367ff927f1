/**
 * Per-connection limits that keep one client from using up the server: how fast it may send
 * messages, and how much unsent data the server keeps for it when it does not read.
 */
export interface FlowLimits {
  /** messages per second a connection may send on average */
  messagesPerSecond: number;
  /** messages a connection may send at once above that rate (e.g. a reconnect with queued changes) */
  messageBurst: number;
  /** unsent bytes kept for a connection that does not read; more and it is terminated */
  maxBufferedBytes: number;
  /**
   * bytes of updates the board may hold back for missing predecessors (see pendingGuard); kept
   * small because Yjs merges all of it again with every further such update
   */
  maxPendingBytes: number;
}

/**
 * Defaults far above normal use: the browser client sends about one document update and one
 * awareness update per animation frame while dragging (≤ 2 × 144/s on fast displays), and a
 * reconnect sends a handful of messages. A client looping at 10,000 messages/s empties the
 * burst in about a tenth of a second.
 */
export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  messagesPerSecond: 500,
  messageBurst: 1000,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxPendingBytes: 64 * 1024,
};

/** Token bucket: `capacity` tokens, refilled at `perSecond`; each message takes one. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.refilledAt = now();
  }

  /** Takes one token; false when the bucket is empty (the caller is over the limit). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
