import { Router } from 'express';
import { anonymousVoter } from '../../sync/ballots.js';
import { claimsOf, type RouteTable } from '../access.js';
import { HttpError } from '../errors.js';

/** An anonymous vote's ballot key for the caller; the sync server accepts dots only under it (or the caller's id). */
export function ballotRoutes({ routes, jwtSecret }: { routes: RouteTable; jwtSecret: string }): Router {
  const router = Router();
  routes.add(router, 'get', '/boards/:id/votes/:voteId/voter', 'board:edit', (req, res) => {
    if (!/^[\w-]{1,64}$/.test(req.params.voteId)) throw new HttpError(400, 'invalid_request', 'voteId must be 1–64 letters, digits, - or _');
    res.set('Cache-Control', 'no-store').json({ voter: anonymousVoter(jwtSecret, req.params.id, req.params.voteId, claimsOf(res).sub) });
  });
  return router;
}
