import * as awarenessProtocol from 'y-protocols/awareness';
import { applyAwarenessEntries } from './awarenessApply.js';
import * as Y from 'yjs';
import type { DocumentStore } from '../storage/types.js';
import { Connection } from './Connection.js';
import { encodeAwareness, encodeSyncStep1, encodeUpdate, type ClientMessage, type DecodedUpdate } from './messages.js';
import type { RedisRelay, RelayMessage } from './RedisRelay.js';
import { rootType, type Actor } from '@qe/shared';
import { SyncAnswers } from './syncAnswers.js';
import { BOARD_PARTS, type BoardParts } from './pipeline.js';
import { guardedUpdate } from './guardedUpdate.js';
import { RefusedWriteError } from './writeGuard.js';
import { changeOrigin, GUARD_ORIGIN, isStoredAlready, RELAY_ORIGIN, senderOf, SERVER_ORIGIN, STORE_ORIGIN, type ChangeOrigin } from './origins.js';

/** senders in one stored batch that get the batch without their own changes (see broadcastStored) */
const MAX_SENDER_MERGES = 4;

export interface BoardDocumentOptions {
  compactAfterUpdates: number;
  /** called when the last connection left */
  onIdle: (boardId: string) => void;
  /** called when an accepted update could not be stored; the document must be dropped from memory */
  onStoreFailure: (boardId: string, error: unknown) => void;
  /** shares the board with other instances; absent for a single instance */
  relay?: RedisRelay;
  /** the guard and the awareness admission; the board's rules when absent (see pipeline.ts) */
  parts?: BoardParts;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * One board in memory: its Y.Doc, the awareness of everyone connected, and the connections.
 * Lifecycle per update: a connection's update is applied → stored (grouped with others that
 * arrived at the same time) → relayed to other instances → broadcast, in that order, through one
 * queue per board, so nothing reaches other clients before it is durable. Updates from other
 * instances were stored there and are only broadcast here.
 */
export class BoardDocument {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly syncAnswers: SyncAnswers;
  private readonly parts: BoardParts;
  private readonly connections = new Set<Connection>();
  private writes: Promise<void> = Promise.resolve();
  /** accepted updates waiting for the next group write */
  private unstored: { update: Uint8Array; origin: ChangeOrigin }[] = [];
  private storedSinceCompaction = 0;
  private compactionScheduled = false;
  private failed = false;
  /** while a guarded update and its restore are applied: their parts, to be sent as one */
  private collecting: Uint8Array[] | undefined;
  /** awareness client ids changed in this turn of the event loop (see flushAwareness), and those changed on this instance */
  private readonly awarenessChanged = new Set<number>();
  private readonly awarenessChangedHere = new Set<number>();
  private awarenessFlushScheduled = false;
  private destroyed = false;

  private constructor(
    readonly boardId: string,
    private readonly store: DocumentStore,
    private readonly options: BoardDocumentOptions,
  ) {
    this.parts = options.parts ?? BOARD_PARTS;
    // the board's id as guid: a random one costs ~30 reads of the system's random source per board loaded
    this.doc = new Y.Doc({ guid: boardId });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.syncAnswers = new SyncAnswers(this.doc);
    // the server takes part in awareness only as a relay
    this.awareness.setLocalState(null);
    this.doc.on('update', this.handleDocUpdate);
    this.awareness.on('update', this.handleAwarenessUpdate);
  }

  static async load(boardId: string, store: DocumentStore, options: BoardDocumentOptions): Promise<BoardDocument> {
    const board = new BoardDocument(boardId, store, options);
    // listen before reading the store, so nothing another instance writes in between is missed
    await options.relay?.join(boardId, board.handleRelayMessage);
    try {
      board.storedSinceCompaction = await board.refreshFromStore();
    } catch (error) {
      await options.relay?.leave(boardId);
      throw error;
    }
    options.relay?.publish(boardId, { kind: 'queryAwareness' });
    return board;
  }

  /** Applies what the store holds (e.g. after missed relay messages); returns the number of stored parts. */
  async refreshFromStore(): Promise<number> {
    const stored = await this.store.load(this.boardId);
    if (stored.length > 0) Y.applyUpdate(this.doc, Y.mergeUpdates(stored), STORE_ORIGIN);
    return Math.max(0, stored.length - 1);
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
        connection.send(this.syncAnswers.answer(message.stateVector));
        break;
      case 'update':
        // Read-only and locks are enforced here, the one point where document changes enter.
        if (connection.readOnly) return;
        this.applyGuarded(message.update, connection.actor, connection.origin, message.decoded);
        break;
      case 'awareness': {
        const admitted = this.parts.admitAwareness(this.awareness, connection, message.entries);
        if (admitted.length > 0) applyAwarenessEntries(this.awareness, admitted, connection.origin);
        break;
      }
      case 'queryAwareness':
        connection.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        break;
    }
  }

  /** Closes the connections whose token matches, e.g. all made with a revoked invite link. */
  closeWhere(matches: (connection: Connection) => boolean, code: number, reason: string): number {
    const closing = [...this.connections].filter(matches);
    for (const connection of closing) connection.close(code, reason);
    return closing.length;
  }

  /**
   * Applies a client's update through the board's guard (writeGuard): changes the sender may not
   * make are restored at once by an undo of exactly those roots. Dropping the update instead
   * would leave a gap in the client's Yjs clock, and none of its later updates could be
   * integrated. The update and its restore are stored and sent as one update, to the sender too,
   * so no other client ever acts on the refused change; its content is collected first, so that
   * update does not carry it either (guardedUpdate).
   */
  applyGuarded(update: Uint8Array, actor: Actor, origin: ChangeOrigin, decoded?: DecodedUpdate): void {
    const refused = this.parts.guard(this.doc, update, actor, decoded);
    if (refused.length === 0) {
      Y.applyUpdate(this.doc, update, origin);
      return;
    }
    const scope = refused.map((root) => rootType(this.doc, root));
    const restore = new Y.UndoManager(scope, { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    const keysBefore = new Map(scope.filter((type) => type instanceof Y.Map).map((map) => [map, new Set((map as Y.Map<unknown>).keys())]));
    const parts: Uint8Array[] = [];
    const stateBefore = Y.encodeStateVector(this.doc);
    this.collecting = parts;
    try {
      Y.applyUpdate(this.doc, update, origin);
      while (restore.canUndo()) restore.undo();
      // entries the update added to a refused map are taken out again as well
      this.doc.transact(() => {
        for (const [map, before] of keysBefore) {
          for (const key of [...(map as Y.Map<unknown>).keys()]) if (!before.has(key)) (map as Y.Map<unknown>).delete(key);
        }
      });
      // The undo keeps what it deleted, to be able to redo it; nothing will redo a refused change:
      // it is collected like any deleted content, so the document holds no trace of it (e.g. the
      // text of a card written publicly during a private phase) for later clients or snapshots.
      const undone = Y.mergeDeleteSets(restore.redoStack.map((item) => item.deletions));
      restore.clear();
      if (this.doc.gc) Y.tryGc(undone, this.doc.store, this.doc.gcFilter);
    } finally {
      this.collecting = undefined;
      restore.destroy();
    }
    if (parts.length > 0) this.queueForStore(guardedUpdate(this.doc, stateBefore, parts), GUARD_ORIGIN);
  }

  /**
   * Runs a server-side write on a copy of the document and applies what it changed through the
   * guard, as `actor`: all of it, or (RefusedWriteError) nothing.
   */
  writeAs<T>(actor: Actor, work: (doc: Y.Doc) => T): T {
    const copy = new Y.Doc({ guid: this.boardId });
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    const parts: Uint8Array[] = [];
    copy.on('update', (update: Uint8Array) => parts.push(update));
    try {
      const result = work(copy);
      if (parts.length === 0) return result;
      const update = Y.mergeUpdates(parts);
      const refused = this.parts.guard(this.doc, update, actor);
      if (refused.length > 0) throw new RefusedWriteError(refused);
      Y.applyUpdate(this.doc, update, SERVER_ORIGIN);
      return result;
    } finally {
      copy.destroy();
    }
  }

  closeAll(code: number, reason: string): void {
    for (const connection of this.connections) connection.close(code, reason);
  }

  /** Resolves once every accepted update so far is stored. */
  async flush(): Promise<void> {
    // let an already scheduled group write join the queue first
    if (this.unstored.length > 0) await new Promise((resolve) => setImmediate(resolve));
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
    this.destroyed = true;
    void this.options.relay?.leave(this.boardId);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const typed = changeOrigin(origin);
    if (isStoredAlready(typed)) {
      this.broadcast(encodeUpdate(update), undefined);
      return;
    }
    // the guard's restore (its undo has an origin of its own) goes with the update it belongs to
    if (this.collecting) {
      this.collecting.push(update);
      return;
    }
    // a change without one of our origins (a stray write, see DocumentRegistry.withBoard) is
    // stored and sent to everyone, like a server-side write: nothing in memory goes unstored
    this.queueForStore(update, typed ?? SERVER_ORIGIN);
  };

  private queueForStore(update: Uint8Array, origin: ChangeOrigin): void {
    this.unstored.push({ update, origin });
    // Group commit: every update that arrives in the same turn of the event loop is stored in
    // one write, so a busy board needs far fewer (synchronous) writes.
    if (this.unstored.length === 1) setImmediate(() => void this.enqueueWrite(() => this.storeUnstored()));
  }

  private async storeUnstored(): Promise<void> {
    const batch = this.unstored.splice(0);
    if (batch.length === 0) return;
    const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((entry) => entry.update));
    await this.store.appendUpdate(this.boardId, merged);
    this.storedSinceCompaction++;
    this.options.relay?.publish(this.boardId, { kind: 'update', payload: merged });
    this.broadcastStored(batch, merged);
    this.maybeScheduleCompaction();
  }

  /**
   * Sends a stored batch as one message per connection: everyone gets the merged update, encoded
   * once, except that a sender does not get its own changes back. With more senders in one batch
   * than MAX_SENDER_MERGES they get the whole batch too (Yjs skips what it has), rather than the
   * server merging the batch once per sender.
   */
  private broadcastStored(batch: { update: Uint8Array; origin: ChangeOrigin }[], merged: Uint8Array): void {
    const senders = new Set<Connection>();
    for (const { origin } of batch) if (origin.source === 'connection') senders.add(origin.connection);
    const allFromOne = senders.size === 1 && batch.every((entry) => entry.origin === batch[0]!.origin);
    if (allFromOne || senders.size === 0 || senders.size > MAX_SENDER_MERGES) {
      this.broadcast(encodeUpdate(merged), allFromOne ? senderOf(batch[0]!.origin) : undefined);
      return;
    }
    const everything = encodeUpdate(merged);
    for (const connection of this.connections) {
      if (!senders.has(connection)) connection.send(everything);
    }
    for (const sender of senders) {
      const others = batch.filter((entry) => senderOf(entry.origin) !== sender).map((entry) => entry.update);
      if (others.length > 0) sender.send(encodeUpdate(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
    }
  }

  private readonly handleAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const sender = senderOf(origin);
    if (sender) {
      for (const id of [...added, ...updated]) {
        if (sender.awarenessClients.has(id)) continue;
        // taken over (see heldByOthers): the old connection must not remove it when it closes
        for (const other of this.connections) other.awarenessClients.delete(id);
        sender.awarenessClients.add(id);
      }
      for (const id of removed) sender.awarenessClients.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    for (const id of changed) {
      this.awarenessChanged.add(id);
      if (changeOrigin(origin)?.source !== 'relay') this.awarenessChangedHere.add(id);
    }
    if (!this.awarenessFlushScheduled) {
      this.awarenessFlushScheduled = true;
      setImmediate(this.flushAwareness);
    }
  };

  /**
   * Sends the awareness changes of one turn of the event loop as one message (cursor traffic is
   * most of the messages on a busy board): one encoding, one send per connection, with each
   * client's latest state. Changes made here are relayed to other instances, again as one.
   */
  private readonly flushAwareness = (): void => {
    this.awarenessFlushScheduled = false;
    if (this.destroyed) return;
    const changed = [...this.awarenessChanged];
    const changedHere = [...this.awarenessChangedHere];
    this.awarenessChanged.clear();
    this.awarenessChangedHere.clear();
    if (changed.length > 0) this.broadcast(encodeAwareness(this.awareness, changed), undefined);
    if (changedHere.length > 0) {
      this.options.relay?.publish(this.boardId, { kind: 'awareness', payload: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changedHere) });
    }
  };

  private readonly handleRelayMessage = (message: RelayMessage): void => {
    switch (message.kind) {
      case 'update':
        Y.applyUpdate(this.doc, message.payload, RELAY_ORIGIN);
        break;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, RELAY_ORIGIN);
        break;
      case 'queryAwareness': {
        const local = [...this.connections].flatMap((connection) => [...connection.awarenessClients]);
        if (local.length > 0) {
          this.options.relay?.publish(this.boardId, {
            kind: 'awareness',
            payload: awarenessProtocol.encodeAwarenessUpdate(this.awareness, local),
          });
        }
        break;
      }
    }
  };

  private broadcast(message: Uint8Array, except: Connection | undefined): void {
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
