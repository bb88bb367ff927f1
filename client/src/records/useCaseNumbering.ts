import { caseNumbering, recordsMap, type CaseNumbering } from '@qe/shared';
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * The board's one numbering (shared records/numbering) for every card, the inspector and the
 * table: computed once per change of the numbered records, however many cards ask.
 */
interface NumberingStore {
  subscribe: (listener: () => void) => () => void;
  get: () => CaseNumbering;
}

const stores = new WeakMap<Y.Doc, NumberingStore>();

function storeFor(doc: Y.Doc): NumberingStore {
  let store = stores.get(doc);
  if (store) return store;
  const listeners = new Set<() => void>();
  let current: CaseNumbering | undefined;
  const invalidate = () => {
    current = undefined;
    for (const listener of listeners) listener();
  };
  // observed as long as the doc lives (the store is keyed by it)
  for (const kind of ['events', 'keySituations', 'findings', 'recommendations'] as const) recordsMap(doc, kind).observeDeep(invalidate);
  store = {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => (current ??= caseNumbering(doc)),
  };
  stores.set(doc, store);
  return store;
}

export function useCaseNumbering(doc: Y.Doc): CaseNumbering {
  const store = storeFor(doc);
  return useSyncExternalStore(store.subscribe, store.get);
}
