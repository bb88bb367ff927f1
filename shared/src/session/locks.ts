import type * as Y from 'yjs';

/**
 * Locks on agreed content, kept in the board's doc. A key names a record (`records.<kind>/<id>`)
 * or all records of a kind (`records.<kind>/*`, e.g. a whole template frame). The server refuses
 * non-moderators' changes to locked records and to the locks themselves.
 */
export const LOCKS = 'session.locks';

export const recordLockKey = (kind: string, id: string) => `records.${kind}/${id}`;
export const kindLockKey = (kind: string) => `records.${kind}/*`;

export function locksMap(doc: Y.Doc): Y.Map<{ by: string; at: string }> {
  return doc.getMap(LOCKS);
}

/** Whether a top-level entry (`<root>/<key>`) is locked, directly or through its kind. */
export function isEntryLocked(locks: { has(key: string): boolean }, entry: string): boolean {
  if (locks.has(entry)) return true;
  const slash = entry.indexOf('/');
  return slash > 0 && locks.has(`${entry.slice(0, slash)}/*`);
}

export function isRecordLocked(doc: Y.Doc, kind: string, id: string): boolean {
  return isEntryLocked(locksMap(doc), recordLockKey(kind, id));
}

export function setLock(doc: Y.Doc, key: string, locked: boolean, by: string): void {
  if (locked) locksMap(doc).set(key, { by, at: new Date().toISOString() });
  else locksMap(doc).delete(key);
}
