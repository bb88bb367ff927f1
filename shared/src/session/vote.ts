import type * as Y from 'yjs';

/**
 * Dot voting (Punktabfrage) in the board's doc: the moderator opens a vote over a set of
 * records, everyone places up to N dots, counts stay hidden until the moderator reveals them.
 */
export interface VoteTarget {
  kind: string;
  id: string;
  label: string;
}

export interface Vote {
  id: string;
  title: string;
  targets: VoteTarget[];
  dotsPerPerson: number;
  /** hide counts (and who voted what) until revealed */
  anonymous: boolean;
  status: 'open' | 'revealed' | 'closed';
}

export interface VoteResult {
  target: VoteTarget;
  count: number;
}

export const VOTE_MAP = 'session.vote';
export const VOTE_DOTS_MAP = 'session.voteDots';
export const VOTE_RESULTS = 'session.voteResults';

/** Counts dots per target; a voter's dots beyond the limit or on unknown targets do not count. */
export function tally(vote: Pick<Vote, 'targets' | 'dotsPerPerson'>, ballots: Iterable<string[]>): VoteResult[] {
  const counts = new Map(vote.targets.map((target) => [target.id, 0]));
  for (const ballot of ballots) {
    for (const id of ballot.slice(0, vote.dotsPerPerson)) {
      if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
    }
  }
  return vote.targets
    .map((target) => ({ target, count: counts.get(target.id)! }))
    .sort((a, b) => b.count - a.count || a.target.label.localeCompare(b.target.label, 'de'));
}

export function currentVote(doc: Y.Doc): Vote | undefined {
  return doc.getMap<Vote>(VOTE_MAP).get('current');
}

/** Ballots of the current vote, keyed `<voteId>:<voter>`. */
export function ballotsOf(doc: Y.Doc, voteId: string): Map<string, string[]> {
  const ballots = new Map<string, string[]>();
  for (const [key, dots] of doc.getMap<string[]>(VOTE_DOTS_MAP)) {
    if (key.startsWith(`${voteId}:`)) ballots.set(key.slice(voteId.length + 1), dots);
  }
  return ballots;
}

export function openVote(doc: Y.Doc, vote: Omit<Vote, 'status'>): void {
  doc.getMap<Vote>(VOTE_MAP).set('current', { ...vote, status: 'open' });
}

export function setVoteStatus(doc: Y.Doc, status: Vote['status']): void {
  const vote = currentVote(doc);
  if (vote) doc.getMap<Vote>(VOTE_MAP).set('current', { ...vote, status });
}

/** Sets one voter's dots; refuses more dots than allowed. */
export function castDots(doc: Y.Doc, voteId: string, voter: string, dots: string[]): void {
  const vote = currentVote(doc);
  if (!vote || vote.id !== voteId || vote.status !== 'open') throw new Error('Die Abstimmung ist nicht offen.');
  if (dots.length > vote.dotsPerPerson) throw new Error(`Höchstens ${vote.dotsPerPerson} Punkte.`);
  doc.getMap<string[]>(VOTE_DOTS_MAP).set(`${voteId}:${voter}`, dots);
}

/** Saves the counted result into the board, so it stays after the vote is closed. */
export function saveVoteResult(doc: Y.Doc, savedAt: string): void {
  const vote = currentVote(doc);
  if (!vote) return;
  const results = tally(vote, ballotsOf(doc, vote.id).values());
  doc.transact(() => {
    doc.getArray<{ title: string; savedAt: string; results: VoteResult[] }>(VOTE_RESULTS).push([{ title: vote.title, savedAt, results }]);
    doc.getMap<Vote>(VOTE_MAP).set('current', { ...vote, status: 'closed' });
  });
}

/**
 * "12 von 30 haben abgestimmt": ballots with at least one dot, of those who may vote. Ballot
 * keys are anonymous, so they are not matched against people; someone who voted and left still
 * counts, so the total never falls below the votes cast.
 */
export function voteProgress(ballots: Iterable<string[]>, eligible: number): { voted: number; of: number } {
  let voted = 0;
  for (const ballot of ballots) if (ballot.length > 0) voted++;
  return { voted, of: Math.max(voted, eligible) };
}
