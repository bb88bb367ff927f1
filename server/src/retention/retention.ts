import { SYNC_CLOSE } from '@qe/shared';
import type { Audit, Actor } from '../audit/auditLog.js';
import type { Storage } from '../storage/types.js';
import type { DocumentRegistry } from '../sync/DocumentRegistry.js';

const DAY_MS = 24 * 3600_000;

/** The default deletion date: `retentionDays` after the procedure was marked finished. */
export function deletionDateAfter(finishedAt: Date, retentionDays: number): Date {
  return new Date(finishedAt.getTime() + retentionDays * DAY_MS);
}

export interface BoardDeleter {
  storage: Storage;
  registry: DocumentRegistry;
  audit: Audit;
}

/**
 * Deletes a board completely: live connections are closed and the in-memory copy dropped (which
 * also leaves its Redis channel), then the board row goes with everything that cascades from it —
 * document snapshot, update log, assets, Schutzliste, pre-flight dismissals, invite links and
 * participant changes. Exports are never stored, so there are none to delete.
 */
export async function deleteBoardCompletely(
  { storage, registry, audit }: BoardDeleter,
  boardId: string,
  actor: Actor,
  reason: 'manual' | 'retention',
): Promise<boolean> {
  await registry.discard(boardId, SYNC_CLOSE.boardDeleted, 'board deleted');
  const deleted = await storage.boards.delete(boardId);
  if (deleted) await audit(actor, reason === 'retention' ? 'retention_deleted' : 'board_deleted', boardId);
  return deleted;
}

/** Runs every `intervalMs`: deletes the boards whose deletion date has passed, and old audit entries. */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deleter: BoardDeleter,
    private readonly intervalMs: number,
    private readonly auditRetentionDays: number,
    private readonly log: (message: string, error?: unknown) => void,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** deletes the boards that are due and audit entries past their time; answers the board ids deleted */
  async runOnce(now = new Date()): Promise<string[]> {
    const deleted: string[] = [];
    try {
      for (const boardId of await this.deleter.storage.boards.dueForDeletion(now)) {
        if (await deleteBoardCompletely(this.deleter, boardId, 'system', 'retention')) deleted.push(boardId);
      }
      await this.deleter.storage.audit.deleteOlderThan(new Date(now.getTime() - this.auditRetentionDays * DAY_MS));
    } catch (error) {
      this.log('retention job failed; it runs again at the next interval', error);
    }
    return deleted;
  }
}
