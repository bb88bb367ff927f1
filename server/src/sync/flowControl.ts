/**
 * Per-connection limits that keep one client from using up the server: how fast it may send
 * messages and bytes, and how much unsent data the server keeps for it when it does not read.
 */
export interface FlowLimits {
  /** messages per second a connection may send on average */
  messagesPerSecond: number;
  /** messages a connection may send at once above that rate (e.g. a script's loop of small edits) */
  messageBurst: number;
  /** bytes per second a connection may send on average (what it sends is relayed to everyone) */
  bytesPerSecond: number;
  /** bytes a connection may send at once above that rate; at least one message of the maximum size */
  byteBurst: number;
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
 *
 * Bytes: typing and dragging send a few KB/s, cursors well under 100 KB/s even with the echoes of
 * 30 people (which count a tenth here, too); pasting or a template is a few hundred KB at once.
 * The largest single message is a reconnect's sync step 2 after offline work, up to
 * MAX_MESSAGE_BYTES (2 MiB; larger ones are refused anyway). 1 MiB/s with a burst of 8 MiB (four
 * such messages back to back) is far above all of that; a client sending 1.9 MB messages in a
 * loop is closed after four of them.
 */
export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  messagesPerSecond: 500,
  messageBurst: 1000,
  bytesPerSecond: 1024 * 1024,
  byteBurst: 8 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
};

/** Share of the full cost (one message, its bytes) an awareness update pays that brings nothing new (see above). */
export const ECHO_COST = 0.1;

/** What a connection may still send: messages and bytes, one token bucket each. */
export class SendBudget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: FlowLimits, now?: () => number) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
  }

  /** Counts a message of `size` bytes at `share` of its cost (an echo less); answers what ran out, if anything. */
  take(size: number, share = 1): 'messages' | 'bytes' | undefined {
    if (!this.messages.take(share)) return 'messages';
    if (!this.bytes.take(size * share)) return 'bytes';
    return undefined;
  }
}

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
