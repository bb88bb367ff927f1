import type { InviteLink } from '../storage/types.js';

/** Why a link cannot be used (expired, revoked, used up), or undefined when it can. */
export function inviteProblem(link: InviteLink | undefined, { ignoreUses = false } = {}): { status: number; code: string; message: string } | undefined {
  if (!link) return { status: 404, code: 'invite_not_found', message: 'No such invite link' };
  if (link.revokedAt) return { status: 410, code: 'invite_revoked', message: 'The invite link was revoked' };
  if (Date.parse(link.expiresAt) <= Date.now()) return { status: 410, code: 'invite_expired', message: 'The invite link has expired' };
  if (!ignoreUses && link.maxUses !== null && link.uses >= link.maxUses)
    return { status: 410, code: 'invite_used_up', message: 'The invite link has been used up' };
  return undefined;
}
