import type { TokenClaims } from '@qe/shared';
import { canEditBoard, canModerate } from '@qe/shared';
import { WebSocket } from 'ws';

/** One client's WebSocket on one board, with the identity its token proved. */
export class Connection {
  readonly readOnly: boolean;
  /** awareness client ids this connection has announced, removed when it closes */
  readonly awarenessClients = new Set<number>();

  constructor(
    readonly socket: WebSocket,
    readonly claims: TokenClaims,
  ) {
    this.readOnly = !canEditBoard(claims.role);
  }

  /** moderators may lock and unlock, and change locked content */
  get moderates(): boolean {
    return canModerate(this.claims.role);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (this.isOpen) this.socket.send(message);
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close(code, reason);
  }
}
