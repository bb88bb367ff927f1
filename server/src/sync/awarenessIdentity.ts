import type { TokenClaims } from '@qe/shared';
import type { AwarenessEntry } from './messages.js';

/** What the server knows about an awareness client id when a connection sends a state for it. */
export interface AwarenessOwnership {
  /** the id was announced by this connection before */
  ownedBySender(client: number): boolean;
  /** some other connection (or instance) has a live state under this id */
  heldByOthers(client: number): boolean;
}

/**
 * Makes presence trustworthy: a connection may only speak for its own awareness client ids, and
 * whatever it says about who it is — the participant list's id, name and role, the caret's and the
 * cursor's name, the cursor's user id — is replaced by what its token proved. Without this, anyone
 * could appear as the moderator (and be followed as the presenter), or overwrite another person's
 * presence with a higher clock. Entries for ids held by others are dropped (the stock client
 * echoes everyone's states back; those echoes change nothing).
 * Answers the rewritten entries (none when nothing of it remains).
 */
export function stampAwarenessEntries(
  entries: AwarenessEntry[],
  identity: Pick<TokenClaims, 'sub' | 'name' | 'role'>,
  ownership: AwarenessOwnership,
): AwarenessEntry[] {
  return entries
    .filter(({ client }) => ownership.ownedBySender(client) || !ownership.heldByOthers(client))
    .map((entry) => ({ ...entry, state: stamp(entry.state, identity) }));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function stamp(state: unknown, { sub, name, role }: Pick<TokenClaims, 'sub' | 'name' | 'role'>): unknown {
  if (!isObject(state)) return state;
  // the participants panel (QE-Werkstatt), the text carets (tiptap) and the canvas cursors (tldraw)
  if (isObject(state.participant)) Object.assign(state.participant, { id: sub, name, role });
  if (isObject(state.user)) state.user.name = name;
  // tldraw's presence userId is createUserId(sub); following and the presentation find people by it
  if (isObject(state.presence)) Object.assign(state.presence, { userId: `user:${sub}`, userName: name });
  return state;
}
