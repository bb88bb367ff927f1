import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What instances tell each other about a board. */
export type RelayMessage = { kind: 'update'; payload: Uint8Array } | { kind: 'awareness'; payload: Uint8Array } | { kind: 'queryAwareness' };

const KINDS = ['update', 'awareness', 'queryAwareness'] as const;

export type RelayHandler = (message: RelayMessage) => void;

const channelOf = (boardId: string) => `qe:board:${boardId}`;

/**
 * Connects the instances that serve the same board through Redis pub/sub. Each instance
 * stores only the updates its own clients sent, so a document is written once; what arrives
 * here is applied and relayed to local clients only.
 */
export class RedisRelay {
  readonly instanceId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, RelayHandler>();
  private readonly reconnectListeners: (() => void)[] = [];
  private wasDown = false;

  constructor(
    url: string,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(n * 200, 2000) };
    this.publisher = new Redis(url, options);
    // the subscriber queues its SUBSCRIBE commands while connecting and resubscribes on reconnect
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', () => {});
      client.on('close', () => (this.wasDown = true));
    }
    this.subscriber.on('ready', () => {
      if (!this.wasDown) return;
      this.wasDown = false;
      // messages were missed while Redis was away: let the boards catch up from the store
      for (const listener of this.reconnectListeners) listener();
    });
    this.subscriber.on('messageBuffer', (channel: Buffer, data: Buffer) => this.receive(channel.toString(), data));
  }

  get healthy(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async join(boardId: string, handler: RelayHandler): Promise<void> {
    this.handlers.set(channelOf(boardId), handler);
    await this.subscriber.subscribe(channelOf(boardId));
  }

  async leave(boardId: string): Promise<void> {
    this.handlers.delete(channelOf(boardId));
    await this.subscriber.unsubscribe(channelOf(boardId)).catch(() => {});
  }

  publish(boardId: string, message: RelayMessage): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.instanceId);
    encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
    encoding.writeVarUint8Array(encoder, message.kind === 'queryAwareness' ? new Uint8Array() : message.payload);
    this.publisher
      .publish(channelOf(boardId), Buffer.from(encoding.toUint8Array(encoder)))
      .catch((error) => this.log(`relaying to other instances failed for board ${boardId}`, error));
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private receive(channel: string, data: Buffer): void {
    const handler = this.handlers.get(channel);
    if (!handler) return;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarString(decoder) === this.instanceId) return;
      const kind = KINDS[decoding.readVarUint(decoder)];
      const payload = decoding.readVarUint8Array(decoder);
      if (kind === 'queryAwareness') handler({ kind });
      else if (kind) handler({ kind, payload });
    } catch (error) {
      this.log(`unreadable relay message on ${channel}`, error);
    }
  }
}
