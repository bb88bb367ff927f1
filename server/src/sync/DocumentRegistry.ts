import type { Actor } from '@qe/shared';
import type * as Y from 'yjs';
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
        board.then((loaded) => loaded.refreshFromStore()).catch((error) => options.log(`catching up board ${boardId} failed`, error));
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
   * Reads a board's live document (loading it if needed) and lets an otherwise idle board unload
   * again. Reads only: a change made here would bypass the guard, so it is refused loudly.
   */
  async withBoard<T>(boardId: string, read: (board: BoardDocument) => T): Promise<T> {
    return this.using(boardId, async (board) => {
      // `read` runs synchronously, so any update in the meantime is its own
      let wrote = false;
      const notice = () => (wrote = true);
      board.doc.on('update', notice);
      try {
        const result = read(board);
        if (wrote) throw new Error(`withBoard changed board ${boardId}; server-side writes go through writeBoard`);
        return result;
      } finally {
        board.doc.off('update', notice);
      }
    });
  }

  /**
   * A server-side write (import, migration) as `actor`, through the same guard as every sync
   * update: connected clients see it at once, and it is stored before this resolves. Throws
   * RefusedWriteError, with nothing written, when it would change what `actor` may not.
   */
  async writeBoard<T>(boardId: string, actor: Actor, work: (doc: Y.Doc) => T): Promise<T> {
    return this.using(boardId, async (board) => {
      const result = board.writeAs(actor, work);
      await board.flush();
      return result;
    });
  }

  private async using<T>(boardId: string, use: (board: BoardDocument) => Promise<T>): Promise<T> {
    const board = await this.open(boardId);
    try {
      return await use(board);
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
