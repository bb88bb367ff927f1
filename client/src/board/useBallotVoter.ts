import type { Vote } from '@qe/shared';
import { useEffect, useState } from 'react';
import { getBallotVoter } from '../api';

/**
 * Under which key this person's dots go: their id in an open vote, in an anonymous vote a key
 * the server derives for them (so the shared board does not tell who placed which dots).
 * Undefined while that key is being fetched.
 */
export function useBallotVoter(boardId: string, token: string, userId: string, vote: Vote | undefined, canVote: boolean): string | undefined {
  const [anonymous, setAnonymous] = useState<{ voteId: string; voter: string }>();
  const voteId = vote?.anonymous && canVote ? vote.id : undefined;
  useEffect(() => {
    if (!voteId) return;
    let cancelled = false;
    getBallotVoter(token, boardId, voteId)
      .then(({ voter }) => !cancelled && setAnonymous({ voteId, voter }))
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [boardId, token, voteId]);
  if (!vote?.anonymous) return userId;
  return anonymous?.voteId === vote.id ? anonymous.voter : undefined;
}
