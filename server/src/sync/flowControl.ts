/**
 * Per-connection limits that keep one client from using up the server: how fast it may send
 * messages, and how much unsent data the server keeps for it when it does not read.
 */
export interface FlowLimits {
  /** messages per second a connection may send on average */
  messagesPerSecond: number;
  /** messages a connection may send at once above that rate (e.g. a script's loop of small edits) */
  messageBurst: number;
  /** unsent bytes kept for a connection that does not read; more and it is terminated */
  maxBufferedBytes: number;
}

/**
 * Defaults far above normal use: the browser client sends about one document update and one
 * awareness update per animation frame while dragging (≤ 2 × 144/s on fast displays), and a
 * reconnect sends a handful of messages. The stock y-websocket client also echoes every awareness
 * update it receives back to the server; those echoes change nothing and cost a tenth
 * (ECHO_COST), so a board where 30 people move their cursors stays below the limit too. A client
 * looping at 10,000 messages/s empties the burst in about a tenth of a second.
 */
export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  messagesPerSecond: 500,
  messageBurst: 1000,
  maxBufferedBytes: 8 * 1024 * 1024,
};

/** Share of a token an awareness update costs that brings nothing new (see above). */
export const ECHO_COST = 0.1;

/** Token bucket: `capacity` tokens, refilled at `perSecond`; a message takes one (an echo less). */
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

  /** Takes `cost` tokens; false when there are not enough (the caller is over the limit). */
  take(cost = 1): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
