import { rootSpec, type EntryChange, type SharedRoot } from '@qe/shared';
import * as Y from 'yjs';
import { MalformedMessageError } from './messages.js';

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** An update that refers to changes the server's document does not have. */
export class IncompleteUpdateError extends MalformedMessageError {}

/** Where an item sits: the root, the top-level key it belongs to, and whether it is that entry itself. */
interface Place {
  root: string;
  sub: string | null;
  direct: boolean;
}

/** A value stored in an item (plain JSON), or undefined for nested types and deleted content. */
function plainValues(item: Y.Item): unknown[] {
  const content = item.content;
  return content instanceof Y.ContentAny || content instanceof Y.ContentJSON ? content.getContent() : [];
}

/** Whether a root holds key-value entries in an array (the canvas): its entries are `{key, val}`. */
const isKeyValueRoot = (root: string) => rootSpec(root)?.rule === 'canvas';

/**
 * Reads what an update would change, before it is applied, as one change per top-level entry
 * (see EntryChange): the value before comes from the document, the value after from the update.
 * Throws IncompleteUpdateError when the update has gaps or refers to items or deletions beyond
 * what the document knows: Yjs would keep such parts pending and apply them to later changes
 * (of anyone), so they are refused whole. `decoded` is the update as Y.decodeUpdate reads it,
 * when the caller has read it already (messages.ts).
 */
export function readUpdate(doc: Y.Doc, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate> = Y.decodeUpdate(update)): EntryChange[] {
  const { structs, ds } = decoded;
  const known = knownClocks(doc, structs);
  checkReferences(structs, ds, known);

  const rootNames = new Map<SharedRoot, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  const inUpdate = indexStructs(structs);
  const deletedHere = deleteLookup(ds);
  const places = new Map<Y.Item, Place | null>();

  const find = (id: Y.ID): Y.Item | undefined => {
    const fromUpdate = inUpdate(id);
    if (fromUpdate) return fromUpdate instanceof Y.Item ? fromUpdate : undefined;
    if (id.clock >= Y.getState(doc.store, id.client)) return undefined;
    const struct = Y.getItem(doc.store, id) as Struct;
    return struct instanceof Y.Item ? struct : undefined;
  };
  const placeOf = (item: Y.Item, depth = 0): Place | null => {
    const cached = places.get(item);
    if (cached !== undefined) return cached;
    let place: Place | null;
    const parent = item.parent as unknown;
    if (depth > 100_000) place = null;
    else if (parent instanceof Y.AbstractType) {
      if (parent._item === null) {
        const root = rootNames.get(parent);
        place = root === undefined ? null : { root, sub: item.parentSub, direct: true };
      } else {
        const up = placeOf(parent._item, depth + 1);
        place = up && { ...up, direct: false };
      }
    } else if (typeof parent === 'string') {
      place = { root: parent, sub: item.parentSub, direct: true };
    } else if (parent) {
      const container = find(parent as Y.ID);
      const up = container ? placeOf(container, depth + 1) : null;
      place = up && { ...up, direct: false };
    } else {
      // no parent written: it has the parent (and key) of its neighbour
      const neighbour = item.origin ?? item.rightOrigin;
      const found = neighbour ? find(neighbour) : undefined;
      place = found ? placeOf(found, depth + 1) : null;
    }
    places.set(item, place);
    return place;
  };

  const changes = new Map<string, EntryChange>();
  const changeAt = (root: string, key: string | null): EntryChange => {
    const id = `${root}\u0000${key ?? ''}`;
    let change = changes.get(id);
    if (!change) {
      change = { root, key };
      changes.set(id, change);
    }
    return change;
  };
  const currentItem = (root: string, key: string): Y.Item | undefined => {
    const type = doc.share.get(root) as (SharedRoot & { _map: Map<string, Y.Item> }) | undefined;
    const item = type?._map.get(key);
    return item && !item.deleted ? item : undefined;
  };
  const currentValue = (root: string, key: string): unknown => {
    const item = currentItem(root, key);
    return item ? plainValues(item).at(-1) : undefined;
  };

  // what the update adds
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue; // known already
    const place = placeOf(struct);
    if (!place) continue; // its parent was deleted and collected: integrating it changes nothing
    if (!place.direct || !(place.sub !== null || isKeyValueRoot(place.root))) {
      changeAt(place.root, place.sub);
      continue;
    }
    if (place.sub !== null) {
      const change = changeAt(place.root, place.sub);
      change.before = currentValue(place.root, place.sub);
      if (!deletedHere(struct.id.client, struct.id.clock)) {
        change.after = plainValues(struct).at(-1);
        // a key the document holds no entry under: the update makes a new one (e.g. a new record)
        if (!currentItem(place.root, place.sub)) change.created = true;
      }
      continue;
    }
    plainValues(struct).forEach((entry, offset) => {
      const { key, val } = (entry ?? {}) as { key?: unknown; val?: unknown };
      const change = changeAt(place.root, typeof key === 'string' ? key : null);
      if (!deletedHere(struct.id.client, struct.id.clock + offset)) change.after = val;
    });
  }

  // what the update deletes (items deleted already change nothing)
  for (const [client, ranges] of ds.clients) {
    const end = Y.getState(doc.store, client);
    for (const range of ranges) {
      let clock = range.clock;
      const rangeEnd = Math.min(range.clock + range.len, end);
      while (clock < rangeEnd) {
        const struct = Y.getItem(doc.store, Y.createID(client, clock)) as Struct;
        const itemEnd = struct.id.clock + struct.length;
        if (struct instanceof Y.Item && !struct.deleted) {
          const place = placeOf(struct);
          if (place) noteDeletion(place, struct, clock - struct.id.clock, Math.min(itemEnd, rangeEnd) - struct.id.clock);
        }
        clock = itemEnd; // one lookup per item, not per character
      }
    }
  }

  function noteDeletion(place: Place, item: Y.Item, from: number, to: number): void {
    if (!place.direct || (place.sub === null && !isKeyValueRoot(place.root))) {
      changeAt(place.root, place.sub);
      return;
    }
    if (place.sub !== null) {
      const change = changeAt(place.root, place.sub);
      change.before = plainValues(item).at(-1);
      return;
    }
    for (const entry of plainValues(item).slice(from, to)) {
      const { key, val } = (entry ?? {}) as { key?: unknown; val?: unknown };
      changeAt(place.root, typeof key === 'string' ? key : null).before = val;
    }
  }

  return [...changes.values()];
}

/**
 * Per client, the clock up to which the document plus this update hold every change; throws if
 * the update's structs start beyond what the document has (a gap).
 */
function knownClocks(doc: Y.Doc, structs: Struct[]): (client: number) => number {
  const known = new Map<number, number>();
  const byClient = new Map<number, Struct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  for (const [client, list] of byClient) {
    let end = Y.getState(doc.store, client);
    for (const struct of list.sort((a, b) => a.id.clock - b.id.clock)) {
      if (struct.id.clock > end) throw new IncompleteUpdateError('update has a gap: it depends on changes the server does not have');
      if (!(struct instanceof Y.Skip)) end = Math.max(end, struct.id.clock + struct.length);
    }
    known.set(client, end);
  }
  return (client) => known.get(client) ?? Y.getState(doc.store, client);
}

/** Items must refer only to known items, and deletions only to known clocks. */
function checkReferences(structs: Struct[], ds: DeleteSet, known: (client: number) => number): void {
  const isKnown = (id: Y.ID | null) => id === null || id.clock < known(id.client);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent as unknown;
    const parentId = parent && typeof parent === 'object' && !(parent instanceof Y.AbstractType) ? (parent as Y.ID) : null;
    if (!isKnown(struct.origin) || !isKnown(struct.rightOrigin) || !isKnown(parentId)) {
      throw new IncompleteUpdateError('update refers to items the server does not have');
    }
  }
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      if (range.clock + range.len > known(client)) throw new IncompleteUpdateError('update deletes changes the server does not have');
    }
  }
}

/** Finds the struct of the update that contains an id (structs may cover several clocks). */
function indexStructs(structs: Struct[]): (id: Y.ID) => Struct | undefined {
  const byClient = new Map<number, Struct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  return (id) => {
    const list = byClient.get(id.client);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct;
    }
    return undefined;
  };
}

/** Whether the update's own delete set covers a clock (a value set and replaced in one transaction). */
function deleteLookup(ds: DeleteSet): (client: number, clock: number) => boolean {
  return (client, clock) => (ds.clients.get(client) ?? []).some((range) => clock >= range.clock && clock < range.clock + range.len);
}
