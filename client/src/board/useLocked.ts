import { isRecordLocked, locksMap } from '@qe/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** Whether a record is locked (directly or by its frame), live. */
export function useLocked(doc: Y.Doc, kind: string, id: string): boolean {
  const [locked, setLocked] = useState(() => isRecordLocked(doc, kind, id));
  useEffect(() => {
    const map = locksMap(doc);
    const refresh = () => setLocked(isRecordLocked(doc, kind, id));
    refresh();
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [doc, kind, id]);
  return locked;
}
