import { Router } from 'express';
import { participantRoleBody, SYNC_CLOSE, type EffectiveAccess, type ParticipantRoleChanged } from '@qe/shared';
import type { Audit } from '../../audit/auditLog.js';
import type { Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { claimsOf, type RouteTable } from '../access.js';
import { existingBoard } from '../boardLookup.js';
import { HttpError, parseBody } from '../errors.js';

/**
 * Moderators change a participant's role or remove them during the session. It takes effect live:
 * the participant's connections are closed, and they reconnect with the new role (or not at all).
 */
export function participantRoutes({
  storage,
  registry,
  routes,
  audit,
}: {
  storage: Storage;
  registry: DocumentRegistry;
  routes: RouteTable;
  audit: Audit;
}): Router {
  const router = Router();

  /** The caller's effective role on the board (their token's role unless a moderator changed it). */
  routes.add(router, 'get', '/boards/:id/access', 'board:read', async (_req, res) => {
    const { sub, name, role } = claimsOf(res);
    res.set('Cache-Control', 'no-store').json({ sub, name, role } satisfies EffectiveAccess);
  });

  routes.add(router, 'put', '/boards/:id/participants/:sub', 'board:moderate', async (req, res) => {
    const claims = claimsOf(res);
    if (req.params.sub === claims.sub) throw new HttpError(400, 'invalid_request', 'Moderators cannot change their own role');
    await existingBoard(storage, req.params.id);
    const { role } = parseBody(participantRoleBody, req.body);
    await storage.participants.set(req.params.id, req.params.sub, role);
    const removed = role === 'removed';
    const closed = await registry.closeConnections(
      req.params.id,
      (connection) => connection.claims.sub === req.params.sub && connection.claims.role !== 'admin',
      removed ? SYNC_CLOSE.accessRevoked : SYNC_CLOSE.roleChanged,
      removed ? 'removed from the board' : 'role changed',
    );
    await audit(claims, removed ? 'participant_removed' : 'role_changed', req.params.id, { participant: req.params.sub, role, disconnected: closed });
    res.json({ sub: req.params.sub, role, disconnected: closed } satisfies ParticipantRoleChanged);
  });

  return router;
}
