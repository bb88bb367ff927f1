import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/**
 * A value read from the board's doc, read again whenever the top-level map `root` changes (the
 * session state, the comments, the applied templates …). `read` should be a function defined once,
 * outside the component, so the map is not subscribed to anew on every render.
 */
export function useMapValue<T>(doc: Y.Doc, root: string, read: (doc: Y.Doc) => T): T {
  const [value, setValue] = useState(() => read(doc));
  useEffect(() => {
    const map = doc.getMap(root);
    const refresh = () => setValue(() => read(doc));
    refresh();
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [doc, root, read]);
  return value;
}
