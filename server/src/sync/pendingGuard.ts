import type * as Y from 'yjs';

/**
 * Yjs keeps the parts of an update whose predecessors it has not seen as "pending" in the
 * document, and merges every further such update into them. An honest client causes a little of
 * that for a moment (an edit sent right after reconnecting, before its sync step 2), but a
 * client sending updates with gaps (e.g. from another document) would grow it without bound, and
 * each merge costs time proportional to its size.
 */
export interface PendingSnapshot {
  structs: { missing: Map<number, number>; update: Uint8Array } | null;
  ds: Uint8Array | null;
}

/** Bytes of updates and deletions the document holds back for missing predecessors. */
export function pendingBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0);
}

/** A copy of the pending state (Yjs mutates `missing` in place, so it is copied). */
export function snapshotPending(doc: Y.Doc): PendingSnapshot {
  const structs = doc.store.pendingStructs;
  return {
    structs: structs && { missing: new Map(structs.missing), update: structs.update },
    ds: doc.store.pendingDs,
  };
}

/**
 * Puts the pending state back as it was: what the rejected update added to it is forgotten.
 * Parts of the update that could be integrated stay; an honest client resends the rest with its
 * next sync step 2 after reconnecting.
 */
export function restorePending(doc: Y.Doc, snapshot: PendingSnapshot): void {
  doc.store.pendingStructs = snapshot.structs;
  doc.store.pendingDs = snapshot.ds;
}
