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
  | 'role_changed'
  | 'participant_removed'
  | 'invite_created'
  | 'invite_revoked'
  | 'invite_used'
  | 'schutzliste_changed'
  | 'pseudonymised'
  | 'preflight_dismissed'
  | 'audit_exported';

export type Audit = (actor: Actor, action: AuditAction, boardId: string | null, detail?: AuditEvent['detail']) => Promise<void>;

/**
 * Records security-relevant events. A failed write is logged and does not fail the user's action:
 * losing an audit line is bad, refusing a workshop its export because of it is worse.
 */
export function createAudit(repository: AuditRepository, log: (message: string, error?: unknown) => void): Audit {
  return async (actor, action, boardId, detail = {}) => {
    const who = actor === 'system' ? { actor: 'system', actorName: 'System' } : { actor: actor.sub, actorName: actor.name };
    try {
      await repository.record({ ...who, action, boardId, detail });
    } catch (error) {
      log(`audit event ${action} could not be stored`, error);
    }
  };
}
