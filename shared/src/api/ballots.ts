import { z } from 'zod';

/** GET /api/boards/:id/votes/:voteId/voter */
export const voterParams = z.object({ voteId: z.string().regex(/^[\w-]{1,64}$/, 'voteId must be 1–64 letters, digits, - or _') });

/** An anonymous vote's ballot key for the caller. */
export interface BallotVoter {
  voter: string;
}
