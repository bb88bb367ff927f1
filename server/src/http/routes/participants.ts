import { Router } from 'express';
import { canModerate, SYNC_CLOSE } from '@qe/shared';
import { z } from 'zod';
import type { Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { authenticate, requireBoardAccess } from '../authenticate.js';
import { HttpError, parseBody } from '../errors.js';

const overrideSchema = z.object({ role: z.enum(['moderator', 'editor', 'analyst', 'observer', 'removed']) });

/**
 * Moderators change a participant's role or remove them during the session. It takes effect live:
 * the participant's connections are closed, and they reconnect with the new role (or not at all).
 */
export function participantRoutes({ storage, registry, jwtSecret }: { storage: Storage; registry: DocumentRegistry; jwtSecret: string }): Router {
  const router = Router();
  router.use('/boards/:id/access', authenticate(jwtSecret));
  router.use('/boards/:id/participants', authenticate(jwtSecret));

  /** The caller's effective role on the board (their token's role unless a moderator changed it). */
  router.get('/boards/:id/access', async (req, res) => {
    const claims = requireBoardAccess(res, req.params.id);
    const override = claims.role === 'admin' ? undefined : await storage.participants.get(req.params.id, claims.sub);
    if (override === 'removed') throw new HttpError(403, 'removed', 'You were removed from this board');
    res.set('Cache-Control', 'no-store').json({ sub: claims.sub, name: claims.name, role: override ?? claims.role });
  });

  router.put('/boards/:id/participants/:sub', async (req, res) => {
    const claims = requireBoardAccess(res, req.params.id);
    if (!canModerate(claims.role)) throw new HttpError(403, 'forbidden', 'Only moderators change participants');
    if (req.params.sub === claims.sub) throw new HttpError(400, 'invalid_request', 'Moderators cannot change their own role');
    if (!(await storage.boards.get(req.params.id))) throw new HttpError(404, 'board_not_found', `No board with id ${req.params.id}`);
    const { role } = parseBody(overrideSchema, req.body);
    await storage.participants.set(req.params.id, req.params.sub, role);
    const removed = role === 'removed';
    const closed = await registry.closeConnections(
      req.params.id,
      (connection) => connection.claims.sub === req.params.sub && connection.claims.role !== 'admin',
      removed ? SYNC_CLOSE.accessRevoked : SYNC_CLOSE.roleChanged,
      removed ? 'removed from the board' : 'role changed',
    );
    res.json({ sub: req.params.sub, role, disconnected: closed });
  });

  return router;
}
