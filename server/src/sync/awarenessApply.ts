import { equalityDeep } from 'lib0/function';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type { AwarenessEntry } from './messages.js';

/**
 * Applies awareness entries that are already read (and stamped, see awarenessIdentity) to the
 * board's awareness, exactly as y-protocols' applyAwarenessUpdate applies an encoded update: the
 * server would otherwise encode every cursor move to JSON and binary only to read it back at once.
 * Same clock rules, same 'change' and 'update' events.
 */
export function applyAwarenessEntries(awareness: awarenessProtocol.Awareness, entries: AwarenessEntry[], origin: unknown): void {
  const timestamp = Date.now();
  const added: number[] = [];
  const updated: number[] = [];
  const filteredUpdated: number[] = [];
  const removed: number[] = [];
  // 'change' (states that differ) needs a deep comparison per entry; only worth it when someone listens
  const changeListened = (awareness as unknown as { _observers: Map<string, unknown> })._observers.has('change');
  for (const entry of entries) {
    const client = entry.client;
    let clock = entry.clock;
    const state = entry.state as Record<string, unknown> | null;
    const meta = awareness.meta.get(client);
    const previous = awareness.states.get(client);
    const currentClock = meta === undefined ? 0 : meta.clock;
    if (!(currentClock < clock || (currentClock === clock && state === null && awareness.states.has(client)))) continue;
    if (state === null) {
      // a remote client never removes the local state (the server has none, see BoardDocument)
      if (client === awareness.clientID && awareness.getLocalState() != null) clock++;
      else awareness.states.delete(client);
    } else {
      awareness.states.set(client, state);
    }
    awareness.meta.set(client, { clock, lastUpdated: timestamp });
    if (meta === undefined && state !== null) added.push(client);
    else if (meta !== undefined && state === null) removed.push(client);
    else if (state !== null) {
      if (changeListened && !equalityDeep(state, previous)) filteredUpdated.push(client);
      updated.push(client);
    }
  }
  if (changeListened && (added.length > 0 || filteredUpdated.length > 0 || removed.length > 0)) {
    awareness.emit('change', [{ added, updated: filteredUpdated, removed }, origin]);
  }
  if (added.length > 0 || updated.length > 0 || removed.length > 0) awareness.emit('update', [{ added, updated, removed }, origin]);
}
