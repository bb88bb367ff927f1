import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { applyAwarenessEntries } from './awarenessApply.js';
import { encodeAwarenessEntries, type AwarenessEntry } from './messages.js';

/** an awareness as the server keeps it (no local state), recording its events */
function serverAwareness() {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  const events: unknown[] = [];
  awareness.on('change', (change: unknown, origin: unknown) => events.push(['change', change, origin]));
  awareness.on('update', (change: unknown, origin: unknown) => events.push(['update', change, origin]));
  return { awareness, events };
}

/** the remote clients' clocks (the awareness's own client id is random) */
const clocks = (awareness: awarenessProtocol.Awareness) =>
  [...awareness.meta].filter(([client]) => client !== awareness.clientID).map(([client, meta]) => [client, meta.clock]);

const entry = (client: number, clock: number, state: unknown): AwarenessEntry => ({ client, clock, state, bytes: 0 });

describe('applyAwarenessEntries', () => {
  it('changes states, clocks and events exactly as y-protocols applies the encoded update', () => {
    const steps: AwarenessEntry[][] = [
      [entry(1, 1, { cursor: { x: 1 } }), entry(2, 1, { cursor: { x: 2 } })],
      [entry(1, 2, { cursor: { x: 1 } })], // renewal, same state
      [entry(1, 3, { cursor: { x: 5 } }), entry(2, 1, { cursor: { x: 9 } })], // a change; an old clock
      [entry(2, 1, null)], // removal at the same clock
      [entry(1, 2, null)], // an older removal changes nothing
      [entry(1, 4, null), entry(3, 1, null)], // removal; an unknown client's removal
    ];
    const ours = serverAwareness();
    const reference = serverAwareness();
    for (const step of steps) {
      applyAwarenessEntries(ours.awareness, structuredClone(step), 'origin');
      awarenessProtocol.applyAwarenessUpdate(reference.awareness, encodeAwarenessEntries(step), 'origin');
      expect([...ours.awareness.getStates()]).toEqual([...reference.awareness.getStates()]);
      expect(clocks(ours.awareness)).toEqual(clocks(reference.awareness));
    }
    expect(ours.events).toEqual(reference.events);
    expect(ours.events.length).toBeGreaterThan(4);
  });
});
