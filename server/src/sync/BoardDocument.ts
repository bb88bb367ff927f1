import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentStore } from '../storage/types.js';
import { Connection } from './Connection.js';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, type ClientMessage } from './messages.js';

export interface BoardDocumentOptions {
  compactAfterUpdates: number;
  /** called when the last connection left */
  onIdle: (boardId: string) => void;
  /** called when an accepted update could not be stored; the document must be dropped from memory */
  onStoreFailure: (boardId: string, error: unknown) => void;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * One board in memory: its Y.Doc, the awareness of everyone connected, and the connections.
 * Lifecycle per update: a connection's update is applied → stored → broadcast, in that order,
 * through one queue per board, so nothing reaches other clients before it is durable.
 */
export class BoardDocument {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Set<Connection>();
  private writes: Promise<void> = Promise.resolve();
  private storedSinceCompaction = 0;
  private compactionScheduled = false;
  private failed = false;

  private constructor(
    readonly boardId: string,
    private readonly store: DocumentStore,
    private readonly options: BoardDocumentOptions,
  ) {
    // the server takes part in awareness only as a relay
    this.awareness.setLocalState(null);
    this.doc.on('update', this.handleDocUpdate);
    this.awareness.on('update', this.handleAwarenessUpdate);
  }

  static async load(boardId: string, store: DocumentStore, options: BoardDocumentOptions): Promise<BoardDocument> {
    const stored = await store.load(boardId);
    const board = new BoardDocument(boardId, store, options);
    if (stored.length > 0) {
      // applied without the update listener's effect: these are on disk already
      board.doc.off('update', board.handleDocUpdate);
      Y.applyUpdate(board.doc, Y.mergeUpdates(stored));
      board.doc.on('update', board.handleDocUpdate);
    }
    board.storedSinceCompaction = Math.max(0, stored.length - 1);
    return board;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  addConnection(connection: Connection): void {
    this.connections.add(connection);
    connection.send(encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) connection.send(encodeAwareness(this.awareness, states));
  }

  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessClients], null);
    if (this.connections.size === 0) this.options.onIdle(this.boardId);
  }

  /** Handles one parsed message; throws if the message cannot be applied. */
  receive(connection: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'syncStep1':
        connection.send(encodeSyncStep2(this.doc, message.stateVector));
        break;
      case 'update':
        // Read-only is enforced here, the one point where document changes enter.
        if (connection.readOnly) return;
        Y.applyUpdate(this.doc, message.update, connection);
        break;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, connection);
        break;
      case 'queryAwareness':
        connection.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        break;
    }
  }

  closeAll(code: number, reason: string): void {
    for (const connection of this.connections) connection.close(code, reason);
  }

  /** Resolves once every accepted update so far is stored. */
  flush(): Promise<void> {
    return this.writes;
  }

  /** Folds the stored update log into the snapshot, after the writes queued so far. */
  compact(): Promise<void> {
    return this.enqueueWrite(async () => {
      await this.store.compact(this.boardId);
      this.storedSinceCompaction = 0;
    });
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.enqueueWrite(async () => {
      await this.store.appendUpdate(this.boardId, update);
      this.storedSinceCompaction++;
      this.broadcast(encodeUpdate(update), origin);
      this.maybeScheduleCompaction();
    });
  };

  private readonly handleAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    if (origin instanceof Connection) {
      for (const id of added) origin.awarenessClients.add(id);
      for (const id of removed) origin.awarenessClients.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length > 0) this.broadcast(encodeAwareness(this.awareness, changed), null);
  };

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const connection of this.connections) {
      if (connection !== except) connection.send(message);
    }
  }

  private enqueueWrite(write: () => Promise<void>): Promise<void> {
    this.writes = this.writes.then(async () => {
      if (this.failed) return;
      try {
        await write();
      } catch (error) {
        this.failed = true;
        this.options.onStoreFailure(this.boardId, error);
      }
    });
    return this.writes;
  }

  private maybeScheduleCompaction(): void {
    if (this.compactionScheduled || this.storedSinceCompaction < this.options.compactAfterUpdates) return;
    this.compactionScheduled = true;
    setImmediate(() => {
      this.compactionScheduled = false;
      void this.compact();
    });
  }
}
