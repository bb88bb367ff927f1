import { SYNC_CLOSE, type Actor, type TokenClaims } from '@qe/shared';
import type { InviteRepository, ParticipantRepository, UserRepository } from '../storage/types.js';
import { inviteProblem } from './invites.js';
import { claimsOpenBoard } from './tokens.js';

/** Where a caller's rights are looked up. */
export interface RightsSources {
  users: Pick<UserRepository, 'get'>;
  invites: Pick<InviteRepository, 'get'>;
  participants: Pick<ParticipantRepository, 'get'>;
}

/** Why a verified token does not give access now; the same answer for HTTP (status) and sync (close code). */
export class AccessDenied extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly closeCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a verified token may do now, on a board (`boardId`) or, without one, as an account: the
 * one function every HTTP route and every sync connection asks. A token is only the start: the
 * account behind it must still exist (and still be an admin for an admin token), its invite link
 * must still be valid, and a moderator may have changed the participant's role or removed them.
 * Any lookup that fails denies access (fails closed).
 */
export async function effectiveRights(claims: TokenClaims, boardId: string | undefined, sources: RightsSources): Promise<TokenClaims> {
  if (boardId !== undefined && !claimsOpenBoard(claims, boardId)) {
    throw new AccessDenied(403, 'forbidden', SYNC_CLOSE.forbidden, 'Token is not valid for this board');
  }
  try {
    if (claims.acct) {
      const user = await sources.users.get(claims.sub);
      if (!user) throw new AccessDenied(401, 'account_removed', SYNC_CLOSE.unauthorized, 'The account of this token no longer exists');
      if (claims.role === 'admin' && !user.isAdmin) throw new AccessDenied(403, 'forbidden', SYNC_CLOSE.forbidden, 'The account is no longer an admin');
    }
    if (claims.inv) {
      const problem = inviteProblem(await sources.invites.get(claims.inv), { ignoreUses: true });
      if (problem) throw new AccessDenied(403, problem.code, SYNC_CLOSE.accessRevoked, problem.message);
    }
    if (boardId === undefined || claims.role === 'admin') return claims;
    const override = await sources.participants.get(boardId, claims.sub);
    if (override === 'removed') throw new AccessDenied(403, 'removed', SYNC_CLOSE.accessRevoked, 'You were removed from this board');
    return override ? { ...claims, role: override } : claims;
  } catch (error) {
    if (error instanceof AccessDenied) throw error;
    throw new AccessDenied(503, 'rights_unavailable', 1011, 'Access rights could not be checked; try again');
  }
}

/** The person behind effective claims, as the board's rules see them; `anonymousVoter` is their key in an anonymous vote. */
export function actorOf(claims: TokenClaims, anonymousVoter: (voteId: string) => string = () => ''): Actor {
  return {
    id: claims.sub,
    name: claims.name,
    role: claims.role,
    ownsBallot: (voteId, voter) => voter === claims.sub || (voter !== '' && voter === anonymousVoter(voteId)),
  };
}
