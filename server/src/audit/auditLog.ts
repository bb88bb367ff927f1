import type { TokenClaims } from '@qe/shared';
import type { AuditEvent, AuditRepository } from '../storage/types.js';

/** Who did something: a token's holder, or the server itself (scheduled jobs). */
export type Actor = Pick<TokenClaims, 'sub' | 'name'> | 'system';

export type AuditAction =
  | 'setup'
  | 'login'
  | 'login_failed'
  | 'login_locked'
  | 'board_joined'
  | 'board_created'
  | 'board_renamed'
  | 'board_finished'
  | 'board_deleted'
  | 'retention_deleted'
  | 'report_exported'
  | 'image_exported'
  | 'role_changed'
  | 'participant_removed'
  | 'invite_created'
  | 'invite_revoked'
  | 'invite_used'
  | 'schutzliste_changed'
  | 'pseudonymised'
  | 'preflight_dismissed'
  | 'private_card_added'
  | 'private_cards_revealed'
  | 'audit_exported'
  | 'procedure_created'
  | 'procedure_changed'
  | 'procedure_board_added'
  | 'procedure_member_added'
  | 'procedure_member_removed'
  | 'procedure_token_issued'
  | 'procedure_exported';

export type Audit = (actor: Actor, action: AuditAction, boardId: string | null, detail?: AuditEvent['detail']) => Promise<void>;

/** The audit log of a running server: it can also wait until every event so far is stored (before shutting down). */
export type AuditLog = Audit & { flush(): Promise<void> };

/**
 * Records security-relevant events. A failed write is logged and does not fail the user's action:
 * losing an audit line is bad, refusing a workshop its export because of it is worse.
 * Events of one turn of the event loop are written together (one statement, one sync to disk):
 * sixty people opening a board at the start of a workshop are sixty events within a second, and
 * on SQLite each write of its own would hold up the sync server while the disk syncs. The
 * promise resolves once the event is written (or its failure logged).
 */
export function createAudit(repository: AuditRepository, log: (message: string, error?: unknown) => void): AuditLog {
  let queue: { event: Omit<AuditEvent, 'id' | 'at'>; written: () => void }[] = [];
  // the events still to be written: a shutdown waits for them rather than losing them
  const unwritten = new Set<Promise<void>>();
  const writeQueued = async () => {
    const batch = queue;
    queue = [];
    try {
      await repository.recordAll(batch.map((entry) => entry.event));
    } catch (error) {
      log(`audit event ${[...new Set(batch.map((entry) => entry.event.action))].join(', ')} could not be stored`, error);
    }
    for (const entry of batch) entry.written();
  };
  const audit: Audit = (actor, action, boardId, detail = {}) => {
    const who = actor === 'system' ? { actor: 'system', actorName: 'System' } : { actor: actor.sub, actorName: actor.name };
    const stored = new Promise<void>((written) => {
      queue.push({ event: { ...who, action, boardId, detail }, written });
      if (queue.length === 1) setImmediate(() => void writeQueued());
    });
    unwritten.add(stored);
    void stored.then(() => unwritten.delete(stored));
    return stored;
  };
  return Object.assign(audit, { flush: async () => void (await Promise.all(unwritten)) });
}
