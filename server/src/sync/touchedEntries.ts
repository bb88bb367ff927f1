import * as Y from 'yjs';

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

/**
 * The top-level map entries (`<root name>/<key>`) an update would add to, change or delete,
 * worked out before applying it: new items are followed up to their root through the doc (or
 * through other items of the same update), deleted ranges through the doc.
 */
export function touchedEntries(doc: Y.Doc, update: Uint8Array): Set<string> {
  const { structs, ds } = Y.decodeUpdate(update);
  const rootNames = new Map<Y.AbstractType<any>, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  const inUpdate = new Map<string, Struct>();
  for (const struct of structs) inUpdate.set(`${struct.id.client}:${struct.id.clock}`, struct);
  const touched = new Set<string>();

  /** entry of an item that lives in the doc already */
  const entryOfDocItem = (item: Y.Item): string | undefined => {
    let current: Y.Item = item;
    for (;;) {
      const parent = current.parent as Y.AbstractType<any> | null;
      if (!parent) return undefined;
      if (parent._item) {
        current = parent._item;
        continue;
      }
      const root = rootNames.get(parent);
      return root === undefined ? undefined : current.parentSub ? `${root}/${current.parentSub}` : root;
    }
  };

  /** entry of an item in the update: its parent is a root name or an item's id */
  const entryOfNewItem = (item: Y.Item, depth = 0): string | undefined => {
    if (depth > 1000) return undefined;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return item.parentSub ? `${parent}/${item.parentSub}` : parent;
    if (parent && typeof parent === 'object' && 'client' in parent && 'clock' in parent) {
      const id = parent as Y.ID;
      const sibling = inUpdate.get(`${id.client}:${id.clock}`);
      if (sibling instanceof Y.Item) return entryOfNewItem(sibling, depth + 1);
      try {
        return entryOfDocItem(Y.getItem(doc.store, id) as Y.Item);
      } catch {
        return undefined;
      }
    }
    // no explicit parent: it continues an item in the doc (same parent as its origin)
    const origin = item.origin ?? item.rightOrigin;
    if (!origin) return undefined;
    try {
      return entryOfDocItem(Y.getItem(doc.store, origin) as Y.Item);
    } catch {
      const sibling = inUpdate.get(`${origin.client}:${origin.clock}`);
      return sibling instanceof Y.Item ? entryOfNewItem(sibling, depth + 1) : undefined;
    }
  };

  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const entry = entryOfNewItem(struct);
    if (entry) touched.add(entry);
  }
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      let clock = range.clock;
      while (clock < range.clock + range.len) {
        let item: Y.Item;
        try {
          item = Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item;
        } catch {
          break; // not in the doc (yet): nothing locked can be deleted by it
        }
        const entry = entryOfDocItem(item);
        if (entry) touched.add(entry);
        clock = item.id.clock + item.length; // one lookup per item, not per character
      }
    }
  }
  return touched;
}
