import { getRecord, recordsMap, type RecordKind, type RecordOf } from '@qe/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** One record, re-read when anyone changes it; undefined when it was deleted (a broken link). */
export function useRecord<K extends RecordKind>(doc: Y.Doc, kind: K, id: string): RecordOf<K> | undefined {
  const [record, setRecord] = useState(() => getRecord(doc, kind, id));
  useEffect(() => {
    const map = recordsMap(doc, kind);
    const refresh = () => setRecord(getRecord(doc, kind, id));
    refresh();
    map.observeDeep(refresh);
    return () => map.unobserveDeep(refresh);
  }, [doc, kind, id]);
  return record;
}
