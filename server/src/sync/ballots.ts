import { createHmac } from 'node:crypto';

/**
 * The ballot key of a person in an anonymous vote: stable for that vote, not linkable to the
 * person by anyone without the server's secret (others know every participant's id, so a plain
 * hash would not hide anything).
 */
export function anonymousVoter(secret: string, boardId: string, voteId: string, sub: string): string {
  return `anon-${createHmac('sha256', secret).update(`${boardId}\n${voteId}\n${sub}`).digest('base64url').slice(0, 22)}`;
}
