import type { AwarenessOwnership } from './awarenessIdentity.js';
import { MalformedMessageError, type AwarenessEntry } from './messages.js';

/**
 * Awareness states are relayed to everyone on the board and sent to every joiner, so what one
 * connection may keep there is capped. A browser tab speaks for one client id (its Y.Doc's; a
 * reconnect reuses it), and its state — participant entry, tldraw cursor, selection, viewport — is
 * well under a KiB most of the time.
 */
export const AWARENESS_LIMITS = {
  /** ids one connection may speak for at once: one per tab, room for a client with a few docs */
  clientsPerConnection: 4,
  /**
   * bytes of one state's JSON. An honest client gets there only with a selection of ~500 shapes
   * (tldraw sends every selected id) or a lasso drawn for several seconds; see limitAwareness.
   */
  stateBytes: 16 * 1024,
};

/** What the board knows of a client id: its clock and its current state. */
export interface KnownAwareness {
  clock(client: number): number | undefined;
  state(client: number): unknown;
}

/**
 * Applies the limits to a connection's awareness entries before they are stamped and applied.
 * Speaking for more ids than allowed refuses the whole message (MalformedMessageError): no honest
 * client does that, and nothing of it reaches the others. An oversized state is not taken, but
 * counts as a sign of life: the entry carries the sender's previous state with the new clock, so
 * an honest client with a huge selection is not timed out of the board (y-protocols drops states
 * not renewed for 30 s) and shows its last small state meanwhile. Without a previous state the
 * entry is dropped.
 */
export function limitAwareness(
  entries: AwarenessEntry[],
  ownership: AwarenessOwnership & { ownedCount: number },
  known: KnownAwareness,
  limits = AWARENESS_LIMITS,
): AwarenessEntry[] {
  // ids this message would make the sender's: not its own yet, not someone else's, and a state
  // that would be applied (the stock client echoes states it received; those apply to nothing)
  const added = new Set<number>();
  for (const { client, clock, state } of entries) {
    if (state === null || ownership.ownedBySender(client) || ownership.heldByOthers(client)) continue;
    if (clock > (known.clock(client) ?? 0)) added.add(client);
  }
  if (ownership.ownedCount + added.size > limits.clientsPerConnection) {
    throw new MalformedMessageError(`awareness for ${ownership.ownedCount + added.size} client ids, at most ${limits.clientsPerConnection} per connection`);
  }
  return entries.flatMap((entry) => {
    if (entry.bytes <= limits.stateBytes) return [entry];
    const previous = ownership.ownedBySender(entry.client) ? known.state(entry.client) : undefined;
    return previous === undefined ? [] : [{ ...entry, state: previous }];
  });
}
