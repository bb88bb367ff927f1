import * as Y from 'yjs';

/**
 * Folds a snapshot and the updates after it into one update. Going through a Y.Doc (rather than
 * Y.mergeUpdates) lets Yjs garbage-collect the content of deleted items, so moved shapes do not
 * keep their old values forever.
 */
export function foldUpdates(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const folded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return folded;
}
