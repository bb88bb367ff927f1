import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { SYNC_CLOSE, type TokenClaims } from '@qe/shared';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AccessDenied, effectiveRights } from '../auth/rights.js';
import { redeemTicket, type TicketLedger } from '../auth/syncTickets.js';
import { verifyToken } from '../auth/tokens.js';
import type { BoardRepository, InviteRepository, ParticipantRepository, ProcedureRepository, UserRepository } from '../storage/types.js';
import { accessEndOf, closeAtAccessEnd } from './accessEnd.js';
import { anonymousVoter } from './ballots.js';
import { clientAddress } from './clientAddress.js';
import { Connection } from './Connection.js';
import { ConnectionCounts, DEFAULT_CONNECTION_CAPS, type ConnectionCaps } from './connectionCounts.js';
import type { DocumentRegistry } from './DocumentRegistry.js';
import { DEFAULT_FLOW_LIMITS, ECHO_COST, SendBudget, type FlowLimits } from './flowControl.js';
import { MalformedMessageError, parseClientMessage } from './messages.js';
import { acceptMessage, changesNothing } from './pipeline.js';

/** A browser sends a sync ticket; scripts, tests and benchmarks may send their token. */
interface Credentials {
  ticket: string | null;
  token: string | null;
}

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})$/;
const PING_INTERVAL_MS = 30_000;

export interface SyncServerOptions {
  jwtSecret: string;
  maxMessageBytes: number;
  boards: BoardRepository;
  users: UserRepository;
  invites: InviteRepository;
  participants: ParticipantRepository;
  procedures: Pick<ProcedureRepository, 'placeOf' | 'getMember'>;
  registry: DocumentRegistry;
  /** remembers redeemed sync tickets (auth/syncTickets) */
  tickets: TicketLedger;
  log: (message: string, error?: unknown) => void;
  /** called once a connection is accepted, with the role it got (for the audit log) */
  onJoin?: (claims: TokenClaims, boardId: string) => void;
  /** per-connection rate and buffer limits; defaults in DEFAULT_FLOW_LIMITS */
  flow?: Partial<FlowLimits>;
  /** open sockets per person and per address; defaults in DEFAULT_CONNECTION_CAPS */
  connections?: Partial<ConnectionCaps>;
  /** reverse proxies in front (TRUST_PROXY), to tell client addresses as express does */
  trustProxy?: number;
}

function toBytes(data: RawData): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const buffer = Array.isArray(data) ? Buffer.concat(data) : data;
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * WebSocket sync endpoint `/sync/<boardId>?token=<jwt>` speaking the y-websocket protocol.
 * Lifecycle of a connection: connect → authenticate → load → apply (guard) → store → broadcast →
 * unload; pipeline.ts says where each stage lives.
 * Authentication failures are reported with close codes (see SYNC_CLOSE) after the upgrade,
 * because browsers cannot read HTTP status codes of a refused upgrade.
 */
export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly pingTimer: NodeJS.Timeout;
  private readonly limits: FlowLimits;
  private readonly perPerson: ConnectionCounts;
  private readonly perAddress: ConnectionCounts;

  constructor(private readonly options: SyncServerOptions) {
    const limits = { ...DEFAULT_FLOW_LIMITS, ...options.flow };
    // a burst smaller than the largest message would refuse that message for good
    this.limits = { ...limits, byteBurst: Math.max(limits.byteBurst, options.maxMessageBytes) };
    const caps = { ...DEFAULT_CONNECTION_CAPS, ...options.connections };
    this.perPerson = new ConnectionCounts(caps.perPerson);
    this.perAddress = new ConnectionCounts(caps.perAddress);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
    this.pingTimer = setInterval(() => this.pingAll(), PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const match = SYNC_PATH.exec(url.pathname);
      if (!match) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      const address = clientAddress(request, this.options.trustProxy ?? 0);
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        void this.handleConnection(ws, match[1]!, { ticket: url.searchParams.get('ticket'), token: url.searchParams.get('token') }, address);
      });
    });
  }

  close(): void {
    clearInterval(this.pingTimer);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async handleConnection(ws: WebSocket, boardId: string, credentials: Credentials, address: string): Promise<void> {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    // Oversized frames make ws emit an error and close with 1009; nothing else to do.
    ws.on('error', () => {});
    // counted before the token is checked: sockets that never authenticate take room, too
    if (!this.perAddress.admit(address, ws)) {
      ws.close(SYNC_CLOSE.tooManyConnections, 'too many connections from this address');
      return;
    }

    // Messages can arrive while the board loads; keep them in order until it is ready, but not
    // more of them than a client needs to send before it has heard from the server.
    // The rate limit counts from the first message, so it cannot be dodged by sending early.
    const budget = new SendBudget(this.limits);
    const early: RawData[] = [];
    let earlyBytes = 0;
    let deliver: (data: RawData) => void = (data) => {
      early.push(data);
      const size = toBytes(data).byteLength;
      earlyBytes += size;
      if (budget.take(size) || earlyBytes > 2 * this.options.maxMessageBytes) {
        ws.close(SYNC_CLOSE.tooManyMessages, 'too many messages before the board was ready');
      }
    };
    ws.on('message', (data) => {
      if (ws.readyState === ws.OPEN) deliver(data); // once closing, what still arrives is ignored
    });

    // authenticate (stages: see pipeline.ts)
    const authorized = await this.authorize(ws, boardId, credentials);
    if (!authorized) return;
    const { claims, tokenExpiresAt } = authorized;
    if (!this.perPerson.admit(claims.sub, ws)) {
      ws.close(SYNC_CLOSE.tooManyConnections, 'too many connections for this person');
      return;
    }

    // when the token or its invite link ends, the connection is closed (see accessEnd)
    let end;
    try {
      end = await accessEndOf(tokenExpiresAt, claims, this.options.invites);
    } catch (error) {
      this.options.log(`could not look up invite link ${claims.inv}`, error);
      ws.close(1011, 'storage unavailable');
      return;
    }
    // load
    let board;
    try {
      board = await this.options.registry.open(boardId);
    } catch (error) {
      this.options.log(`could not load board ${boardId}`, error);
      ws.close(1011, 'board could not be loaded');
      return;
    }
    const connection = new Connection(ws, claims, this.limits, budget);
    connection.anonymousVoter = (voteId) => anonymousVoter(this.options.jwtSecret, boardId, voteId, claims.sub);
    board.addConnection(connection);
    if (!connection.isOpen) {
      // closed while the board was loading: leave at once so the board can be unloaded
      board.removeConnection(connection);
      return;
    }
    this.options.onJoin?.(claims, boardId);
    // unload: when the board's last connection is gone (DocumentRegistry)
    ws.on('close', () => board.removeConnection(connection));
    if (end) closeAtAccessEnd(connection, end);

    // apply (guard) → store → broadcast, per message
    const handle = (data: RawData, counted: boolean) => {
      try {
        const bytes = toBytes(data);
        const message = parseClientMessage(bytes);
        const share = message.type === 'awareness' && changesNothing(board, message) ? ECHO_COST : 1;
        const over = counted ? undefined : connection.spend(bytes.byteLength, share);
        if (over) {
          connection.close(SYNC_CLOSE.tooManyMessages, over === 'bytes' ? 'too many bytes per second' : 'too many messages');
          return;
        }
        acceptMessage(board, connection, message);
      } catch (error) {
        const reason = error instanceof MalformedMessageError ? error.message : 'message could not be applied';
        connection.close(SYNC_CLOSE.malformedMessage, reason.slice(0, 120));
      }
    };
    // early messages were counted when they arrived
    for (const data of early.splice(0)) {
      if (connection.isOpen) handle(data, true);
    }
    deliver = (data) => handle(data, false);
  }

  /** The connection's effective claims, and when the token behind them expires (seconds). */
  private async authorize(
    ws: WebSocket,
    boardId: string,
    { ticket, token }: Credentials,
  ): Promise<{ claims: TokenClaims; tokenExpiresAt: number } | undefined> {
    let claims: TokenClaims;
    let expiresAt: number;
    try {
      if (ticket) ({ claims, tokenExpiresAt: expiresAt } = await redeemTicket(ticket, this.options.jwtSecret, this.options.tickets));
      else {
        ({ claims, expiresAt } = verifyToken(token, this.options.jwtSecret));
      }
    } catch (error) {
      ws.close(SYNC_CLOSE.unauthorized, (error as Error).message.slice(0, 120));
      return undefined;
    }
    let effective: TokenClaims;
    let boardExists;
    try {
      effective = await effectiveRights(claims, { board: boardId }, this.options);
      boardExists = await this.options.boards.exists(boardId);
    } catch (error) {
      if (error instanceof AccessDenied) ws.close(error.closeCode, error.message.slice(0, 120));
      else {
        this.options.log(`could not look up board ${boardId}`, error);
        ws.close(1011, 'storage unavailable');
      }
      return undefined;
    }
    if (!boardExists) {
      ws.close(SYNC_CLOSE.boardNotFound, 'no such board');
      return undefined;
    }
    return { claims: effective, tokenExpiresAt: expiresAt };
  }

  private pingAll(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}
