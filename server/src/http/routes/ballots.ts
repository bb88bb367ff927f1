import { voterParams, type BallotVoter } from '@qe/shared';
import { Router } from 'express';
import { anonymousVoter } from '../../sync/ballots.js';
import { claimsOf, type RouteTable } from '../access.js';
import { parseParams } from '../errors.js';

/** An anonymous vote's ballot key for the caller; the sync server accepts dots only under it (or the caller's id). */
export function ballotRoutes({ routes, jwtSecret }: { routes: RouteTable; jwtSecret: string }): Router {
  const router = Router();
  routes.add(router, 'get', '/boards/:id/votes/:voteId/voter', 'board:edit', (req, res) => {
    const { voteId } = parseParams(voterParams, req.params);
    res.set('Cache-Control', 'no-store').json({ voter: anonymousVoter(jwtSecret, req.params.id, voteId, claimsOf(res).sub) } satisfies BallotVoter);
  });
  return router;
}
