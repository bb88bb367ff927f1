import { caseNumbering, recordsMap, structureNumbering, type CaseNumbering, type RecordKind, type StructureNumbering } from '@qe/shared';
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * The board's one numbering (shared records/numbering) for every card, the inspector and the
 * table: computed once per change of the numbered records, however many cards ask.
 */
interface NumberingStore<T> {
  subscribe: (listener: () => void) => () => void;
  get: () => T;
}

function numberingStore<T>(kinds: readonly RecordKind[], compute: (doc: Y.Doc) => T) {
  const stores = new WeakMap<Y.Doc, NumberingStore<T>>();
  return (doc: Y.Doc): NumberingStore<T> => {
    let store = stores.get(doc);
    if (store) return store;
    const listeners = new Set<() => void>();
    let current: T | undefined;
    const invalidate = () => {
      current = undefined;
      for (const listener of listeners) listener();
    };
    // observed as long as the doc lives (the store is keyed by it)
    for (const kind of kinds) recordsMap(doc, kind).observeDeep(invalidate);
    store = {
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      get: () => (current ??= compute(doc)),
    };
    stores.set(doc, store);
    return store;
  };
}

const caseStore = numberingStore(['events', 'keySituations', 'findings', 'recommendations'], caseNumbering);
const structureStore = numberingStore(['indicators', 'reviewedDocuments', 'structuralFindings'], structureNumbering);

export function useCaseNumbering(doc: Y.Doc): CaseNumbering {
  const store = caseStore(doc);
  return useSyncExternalStore(store.subscribe, store.get);
}

/** The structure board's numbering: "Indikator 3", "Dokument 2", "Strukturbefund 1", as in the report. */
export function useStructureNumbering(doc: Y.Doc): StructureNumbering {
  const store = structureStore(doc);
  return useSyncExternalStore(store.subscribe, store.get);
}
