import { procedureMemberBoardRole, procedureMemberRole, SYNC_CLOSE, type Actor, type TokenClaims } from '@qe/shared';
import type { InviteRepository, ParticipantRepository, ProcedureRepository, UserRepository } from '../storage/types.js';
import { inviteProblem } from './invites.js';

/** Where a caller's rights are looked up. */
export interface RightsSources {
  users: Pick<UserRepository, 'get'>;
  invites: Pick<InviteRepository, 'get'>;
  participants: Pick<ParticipantRepository, 'get'>;
  procedures: Pick<ProcedureRepository, 'placeOf' | 'getMember'>;
}

/** What the rights are asked for: one board, one procedure, or (undefined) the account itself. */
export type RightsScope = { board: string } | { procedure: string } | undefined;

const forbidden = (message: string) => new AccessDenied(403, 'forbidden', SYNC_CLOSE.forbidden, message);

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
 * What a verified token may do now, on a board, on a procedure or, without a scope, as an account:
 * the one function every HTTP route and every sync connection asks. A token is only the start: the
 * account behind it must still exist (and still be an admin for an admin token), its invite link
 * must still be valid, and a moderator may have changed the participant's role or removed them.
 * Access follows the procedure: a procedure token (`proc`, issued to a member) opens the procedure
 * and, by the member's current role (roles.ts procedureMemberBoardRole), every board of it, and
 * ends when the member is removed; a board token (a case board's guests) opens that board only,
 * never its procedure; account tokens of moderators and admins open everything.
 * Any lookup that fails denies access (fails closed).
 */
export async function effectiveRights(claims: TokenClaims, scope: RightsScope, sources: RightsSources): Promise<TokenClaims> {
  if (scope && claims.board !== undefined && !('board' in scope && scope.board === claims.board)) {
    throw forbidden('board' in scope ? 'Token is not valid for this board' : 'A board token does not open its procedure');
  }
  if (scope && claims.board === undefined && claims.proc === undefined && claims.role !== 'admin' && claims.role !== 'moderator') {
    throw forbidden('Token is not valid here');
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
    let effective = claims;
    if (claims.proc !== undefined) {
      const member = await sources.procedures.getMember(claims.proc, claims.sub);
      if (!member) throw new AccessDenied(403, 'removed', SYNC_CLOSE.accessRevoked, 'You are no longer a member of this procedure');
      if (scope && 'procedure' in scope && scope.procedure !== claims.proc) throw forbidden('Token is not valid for this procedure');
      effective = { ...claims, role: procedureMemberRole(member.role) };
      if (scope && 'board' in scope) {
        const place = await sources.procedures.placeOf(scope.board);
        if (place?.procedureId !== claims.proc) throw forbidden('Token is not valid for this board');
        const boardRole = procedureMemberBoardRole(member.role);
        if (!boardRole) throw forbidden("The office's contacts join a case board by invite");
        effective = { ...claims, role: boardRole };
      }
    }
    if (!scope || !('board' in scope) || effective.role === 'admin') return effective;
    const override = await sources.participants.get(scope.board, claims.sub);
    if (override === 'removed') throw new AccessDenied(403, 'removed', SYNC_CLOSE.accessRevoked, 'You were removed from this board');
    return override ? { ...effective, role: override } : effective;
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
