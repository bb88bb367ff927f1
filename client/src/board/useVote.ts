import { ballotsOf, currentVote, VOTE_DOTS_MAP, VOTE_MAP, VOTE_RESULTS, type Vote, type VoteResult } from '@qe/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

export interface VoteView {
  vote?: Vote;
  ballots: Map<string, string[]>;
  saved: { title: string; savedAt: string; results: VoteResult[] }[];
}

/** The current dot vote, everyone's ballots and saved results, live. */
export function useVote(doc: Y.Doc): VoteView {
  const read = (): VoteView => {
    const vote = currentVote(doc);
    return {
      vote,
      ballots: vote ? ballotsOf(doc, vote.id) : new Map(),
      saved: doc.getArray<VoteView['saved'][number]>(VOTE_RESULTS).toArray(),
    };
  };
  const [view, setView] = useState(read);
  useEffect(() => {
    const sources = [doc.getMap(VOTE_MAP), doc.getMap(VOTE_DOTS_MAP), doc.getArray(VOTE_RESULTS)];
    const refresh = () => setView(read());
    refresh();
    for (const source of sources) source.observe(refresh);
    return () => {
      for (const source of sources) source.unobserve(refresh);
    };
  }, [doc]); // eslint-disable-line react-hooks/exhaustive-deps
  return view;
}
