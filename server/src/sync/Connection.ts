import type { Actor, TokenClaims } from '@qe/shared';
import { actorOf } from '../auth/rights.js';
import { canEditBoard } from '@qe/shared';
import { WebSocket } from 'ws';
import type { ChangeOrigin } from './origins.js';
import { DEFAULT_FLOW_LIMITS, SendBudget, type FlowLimits } from './flowControl.js';

/** One client's WebSocket on one board, with the identity its token proved. */
export class Connection {
  readonly readOnly: boolean;
  /** awareness client ids this connection has announced, removed when it closes */
  readonly awarenessClients = new Set<number>();
  /** this person's ballot key in an anonymous vote (set by the sync server, which holds the secret) */
  anonymousVoter: (voteId: string) => string = () => '';
  private readonly budget: SendBudget;

  constructor(
    readonly socket: WebSocket,
    readonly claims: TokenClaims,
    private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS,
    /** what this socket has sent since it opened (before the board was ready, too) */
    budget?: SendBudget,
  ) {
    this.readOnly = !canEditBoard(claims.role);
    this.actor = actorOf(claims, (voteId) => this.anonymousVoter(voteId));
    this.budget = budget ?? new SendBudget(limits);
  }

  /** the person behind this connection, as the board's rules see them (built once: the claims are fixed) */
  readonly actor: Actor;

  /** the transaction origin of this connection's changes */
  readonly origin: ChangeOrigin = { source: 'connection', connection: this };

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Counts a received message of `size` bytes at `share` of its cost; answers the limit it is over, if any. */
  spend(size: number, share = 1): 'messages' | 'bytes' | undefined {
    return this.budget.take(size, share);
  }

  /**
   * Sends unless the client has stopped reading: if what was sent before is still unsent beyond
   * the limit, the connection is terminated instead of buffering without bound. Checked before
   * sending, so one large message (the first sync of a big board) always goes out.
   */
  send(message: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      // a close frame would wait behind the unsent data, so the socket is dropped at once
      this.socket.terminate();
      return;
    }
    this.socket.send(message);
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close(code, reason);
  }
}
