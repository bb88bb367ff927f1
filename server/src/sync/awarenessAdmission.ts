import type { Awareness } from 'y-protocols/awareness';
import { stampAwarenessEntries } from './awarenessIdentity.js';
import { limitAwareness } from './awarenessLimits.js';
import type { Connection } from './Connection.js';
import type { AwarenessEntry } from './messages.js';

/**
 * The awareness stage of the pipeline: what of a connection's awareness entries the board takes,
 * and as what — within the per-connection limits (awarenessLimits), for its own client ids only,
 * and stamped with the identity its token proved (awarenessIdentity).
 */
export function admitAwareness(awareness: Awareness, connection: Pick<Connection, 'awarenessClients' | 'claims'>, entries: AwarenessEntry[]): AwarenessEntry[] {
  const ownership = {
    ownedBySender: (client: number) => connection.awarenessClients.has(client),
    ownedCount: connection.awarenessClients.size,
    // the same person reconnecting before their old socket timed out may take their id over
    heldByOthers: (client: number) => {
      const state = awareness.getStates().get(client) as { participant?: { id?: unknown } } | undefined;
      return state !== undefined && state.participant?.id !== connection.claims.sub;
    },
  };
  const limited = limitAwareness(entries, ownership, {
    clock: (client) => awareness.meta.get(client)?.clock,
    state: (client) => awareness.getStates().get(client),
  });
  return stampAwarenessEntries(limited, connection.claims, ownership);
}
