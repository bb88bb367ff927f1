import type { DocumentStore } from '../storage/types.js';
import { BoardDocument } from './BoardDocument.js';
import type { RedisRelay } from './RedisRelay.js';

export interface RegistryOptions {
  compactAfterUpdates: number;
  unloadGraceMs: number;
  log: (message: string, error?: unknown) => void;
  relay?: RedisRelay;
}

/**
 * Keeps each board's document in memory while it has connections (and for a grace period after),
 * and makes sure a board is never loaded while its previous instance is still being written out.
 */
export class DocumentRegistry {
  private readonly loaded = new Map<string, Promise<BoardDocument>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: DocumentStore,
    private readonly options: RegistryOptions,
  ) {
    options.relay?.onReconnect(() => {
      for (const [boardId, board] of this.loaded) {
        board
          .then((loaded) => loaded.refreshFromStore())
          .catch((error) => options.log(`catching up board ${boardId} failed`, error));
      }
    });
  }

  async open(boardId: string): Promise<BoardDocument> {
    this.cancelUnload(boardId);
    await this.unloading.get(boardId);
    let board = this.loaded.get(boardId);
    if (!board) {
      board = BoardDocument.load(boardId, this.store, {
        compactAfterUpdates: this.options.compactAfterUpdates,
        onIdle: (id) => this.scheduleUnload(id),
        onStoreFailure: (id, error) => this.handleStoreFailure(id, error),
        relay: this.options.relay,
      });
      this.loaded.set(boardId, board);
      board.catch(() => this.loaded.delete(boardId));
    }
    return board;
  }

  /**
   * Runs `work` on a board's live document (so connected clients see the change at once),
   * waits until it is stored, and lets an otherwise idle board unload again.
   */
  async withBoard<T>(boardId: string, work: (board: BoardDocument) => T): Promise<T> {
    const board = await this.open(boardId);
    try {
      const result = work(board);
      await board.flush();
      return result;
    } finally {
      if (board.connectionCount === 0) this.scheduleUnload(boardId);
    }
  }

  /** Closes matching connections of a loaded board; a board not in memory has none. */
  async closeConnections(boardId: string, matches: Parameters<BoardDocument['closeWhere']>[0], code: number, reason: string): Promise<number> {
    const board = this.loaded.get(boardId);
    return board ? (await board).closeWhere(matches, code, reason) : 0;
  }

  isLoaded(boardId: string): boolean {
    return this.loaded.has(boardId);
  }

  /** Writes the board out (compacted) and drops it from memory. */
  unload(boardId: string): Promise<void> {
    return this.drop(boardId, async (board) => {
      await board.flush();
      await board.compact();
    });
  }

  /** Closes every connection to a deleted board and forgets it without writing anything. */
  discard(boardId: string, closeCode: number, reason: string): Promise<void> {
    return this.drop(boardId, async (board) => board.closeAll(closeCode, reason));
  }

  async shutdown(closeCode: number): Promise<void> {
    await Promise.all(
      [...this.loaded.keys()].map((id) =>
        this.drop(id, async (board) => {
          board.closeAll(closeCode, 'server shutting down');
          await board.flush();
          await board.compact();
        }),
      ),
    );
  }

  private drop(boardId: string, finish: (board: BoardDocument) => Promise<void>): Promise<void> {
    this.cancelUnload(boardId);
    const loading = this.loaded.get(boardId);
    if (!loading) return this.unloading.get(boardId) ?? Promise.resolve();
    this.loaded.delete(boardId);
    const done = loading
      .then(async (board) => {
        await finish(board);
        board.destroy();
      })
      .catch((error) => this.options.log(`could not unload board ${boardId}`, error))
      .finally(() => this.unloading.delete(boardId));
    this.unloading.set(boardId, done);
    return done;
  }

  private scheduleUnload(boardId: string): void {
    this.cancelUnload(boardId);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(boardId);
      void this.unload(boardId);
    }, this.options.unloadGraceMs);
    timer.unref();
    this.unloadTimers.set(boardId, timer);
  }

  private cancelUnload(boardId: string): void {
    const timer = this.unloadTimers.get(boardId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(boardId);
  }

  /**
   * An accepted update could not be stored. Dropping the in-memory copy and closing the
   * connections makes clients reconnect and resend what the store is missing.
   */
  private handleStoreFailure(boardId: string, error: unknown): void {
    this.options.log(`storing an update of board ${boardId} failed; reloading it`, error);
    void this.discard(boardId, 1011, 'storage error');
  }
}
