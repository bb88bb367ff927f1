import { AGENDA, isEntryLocked, LOCKS, SESSION_STATE, TIMER_MAP, VOTE_DOTS_MAP, VOTE_MAP, VOTE_RESULTS } from '@qe/shared';
import * as Y from 'yjs';

/**
 * What a participant who does not moderate may not change in the board's doc, decided per touched
 * top-level entry (`<root>/<key>`): the facilitator's state — locks, agenda and current phase,
 * presentation and "bring everyone" requests, the timer, the vote and its saved results — and
 * anyone else's ballot. The UI offers none of this to them; the server enforces it for clients
 * that do not use the UI.
 */
const MODERATOR_ROOTS = new Set([LOCKS, AGENDA, SESSION_STATE, TIMER_MAP, VOTE_MAP, VOTE_RESULTS]);

export function refusedForParticipant(entry: string, participant: { ownsBallot(voteId: string, voter: string): boolean }, locks: { has(key: string): boolean }): boolean {
  const slash = entry.indexOf('/');
  const root = slash < 0 ? entry : entry.slice(0, slash);
  if (MODERATOR_ROOTS.has(root)) return true;
  if (root === VOTE_DOTS_MAP) {
    // ballots are keyed `<voteId>:<voter>`: only one's own (by id, or by anonymous key)
    const key = entry.slice(slash + 1);
    const colon = key.indexOf(':');
    return !participant.ownsBallot(key.slice(0, colon), key.slice(colon + 1));
  }
  return isEntryLocked(locks, entry);
}

/** The board's top-level arrays; every other root it protects is a map (records, locks, session state). */
const ARRAY_ROOTS = new Set([AGENDA, VOTE_RESULTS]);

/** A root as its proper type (the server never creates most of them itself). */
export function rootType(doc: Y.Doc, name: string): Y.AbstractType<any> {
  const existing = doc.share.get(name);
  if (existing && existing.constructor !== Y.AbstractType) return existing;
  return ARRAY_ROOTS.has(name) ? doc.getArray(name) : doc.getMap(name);
}
