import { listRecords, recordsMap, type RecordKind, type RecordList } from '@qe/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** The records of one kind, re-read whenever anyone changes them. */
export function useRecords<K extends RecordKind>(doc: Y.Doc, kind: K): RecordList<K> {
  const [list, setList] = useState(() => listRecords(doc, kind));
  useEffect(() => {
    const map = recordsMap(doc, kind);
    const refresh = () => setList(listRecords(doc, kind));
    refresh();
    map.observeDeep(refresh);
    return () => map.unobserveDeep(refresh);
  }, [doc, kind]);
  return list;
}
