import { canEditBoard, canModerate, isRole } from '../roles.js';

/**
 * Derived canvas state (the template frames laid out from the records) has one writer: every
 * editing client could compute it, but if each wrote it, one record edit would append one
 * identical layout update per connected client. The writer is the connected client with the
 * lowest awareness id among the moderators, or, without a moderator, among the editors (the
 * server stamps roles into presence, so nobody can claim the job). Moderators come first because
 * only they may write the shapes of locked frames.
 */
export function layoutWriter(states: ReadonlyMap<number, unknown>): number | undefined {
  let best: { client: number; moderates: boolean } | undefined;
  for (const [client, state] of states) {
    const role = (state as { participant?: { role?: unknown } } | null)?.participant?.role;
    if (!isRole(role) || !canEditBoard(role)) continue;
    const moderates = canModerate(role);
    if (!best || (moderates && !best.moderates) || (moderates === best.moderates && client < best.client)) best = { client, moderates };
  }
  return best?.client;
}
