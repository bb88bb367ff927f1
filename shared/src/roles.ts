/** Roles a token can carry. Board roles scope a token to one board; `admin` opens every board. */
export const BOARD_ROLES = ['moderator', 'editor', 'analyst', 'observer'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];
export type Role = BoardRole | 'admin';

export const ROLES: readonly Role[] = [...BOARD_ROLES, 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Observers are read-only everywhere: the server drops their document updates. */
export function canEditBoard(role: Role): boolean {
  return role !== 'observer';
}

/** Who may create, rename and delete boards and mint board tokens. */
export function canManageBoards(role: Role): boolean {
  return role === 'admin' || role === 'moderator';
}

/** Who may export the anonymised report: moderators and the analysis team. */
export function canExportReport(role: Role): boolean {
  return role === 'admin' || role === 'moderator' || role === 'analyst';
}

/** Moderators keep the Schutzliste, dismiss false positives and may export the internal draft. */
export function canModerate(role: Role): boolean {
  return role === 'admin' || role === 'moderator';
}

/**
 * What a procedure's member may do on its boards: the lead moderates, the analysis team works on
 * every board as analysts, the office's contacts see the procedure page only (they join a case's
 * workshop by invite, for that board alone). The one place this is decided (auth/rights asks it).
 */
export function procedureMemberBoardRole(memberRole: 'leitung' | 'analyseteam' | 'jugendamt'): BoardRole | null {
  return memberRole === 'leitung' ? 'moderator' : memberRole === 'analyseteam' ? 'analyst' : null;
}

/** The role a procedure token carries on the procedure page itself. */
export function procedureMemberRole(memberRole: 'leitung' | 'analyseteam' | 'jugendamt'): Role {
  return procedureMemberBoardRole(memberRole) ?? 'observer';
}
