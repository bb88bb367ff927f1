import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IncompleteUpdateError, readUpdate } from './updateChanges.js';

/** The update a change to a copy of `doc` produces. */
function updateOf(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const parts: Uint8Array[] = [];
  copy.on('update', (update: Uint8Array) => parts.push(update));
  change(copy);
  return Y.mergeUpdates(parts);
}

describe('readUpdate', () => {
  it('names the top-level entry of a change nested in a record', () => {
    const doc = new Y.Doc();
    const record = new Y.Map<unknown>();
    doc.getMap('records.events').set('e1', record);
    const changes = readUpdate(
      doc,
      updateOf(doc, (copy) => (copy.getMap('records.events').get('e1') as Y.Map<unknown>).set('fact', 'neu')),
    );
    expect(changes).toEqual([{ root: 'records.events', key: 'e1' }]);
  });

  it('marks an entry under a key the document holds none under as created, not a change of one it holds', () => {
    const doc = new Y.Doc();
    doc.getMap('records.recommendations').set('r1', new Y.Map<unknown>());
    const added = readUpdate(
      doc,
      updateOf(doc, (copy) => copy.getMap('records.recommendations').set('r2', new Y.Map<unknown>())),
    );
    expect(added).toMatchObject([{ root: 'records.recommendations', key: 'r2', created: true }]);
    const replaced = readUpdate(
      doc,
      updateOf(doc, (copy) => copy.getMap('records.recommendations').set('r1', new Y.Map<unknown>())),
    );
    expect(replaced[0]?.created).toBeUndefined();
    // a deleted entry written again is a new one
    doc.getMap('records.recommendations').delete('r1');
    const again = readUpdate(
      doc,
      updateOf(doc, (copy) => copy.getMap('records.recommendations').set('r1', new Y.Map<unknown>())),
    );
    expect(again[0]?.created).toBe(true);
  });

  it('gives plain values before and after, also when a value is replaced', () => {
    const doc = new Y.Doc();
    doc.getMap('comments').set('c1', { text: 'alt' });
    const [change] = readUpdate(
      doc,
      updateOf(doc, (copy) => copy.getMap('comments').set('c1', { text: 'neu' })),
    );
    expect(change).toEqual({ root: 'comments', key: 'c1', before: { text: 'alt' }, after: { text: 'neu' } });
    const [deleted] = readUpdate(
      doc,
      updateOf(doc, (copy) => copy.getMap('comments').delete('c1')),
    );
    expect(deleted).toEqual({ root: 'comments', key: 'c1', before: { text: 'alt' } });
  });

  it('reads canvas entries (key-value list) by their key, only the ones deleted from a merged item', () => {
    const doc = new Y.Doc();
    const canvas = doc.getArray<{ key: string; val: unknown }>('canvas.records');
    canvas.push([
      { key: 'shape:a', val: { x: 1 } },
      { key: 'shape:b', val: { x: 2 } },
    ]);
    const moveB = updateOf(doc, (copy) =>
      copy.transact(() => {
        const array = copy.getArray<{ key: string; val: unknown }>('canvas.records');
        array.delete(1, 1);
        array.push([{ key: 'shape:b', val: { x: 3 } }]);
      }),
    );
    expect(readUpdate(doc, moveB)).toEqual([{ root: 'canvas.records', key: 'shape:b', before: { x: 2 }, after: { x: 3 } }]);
  });

  it('refuses gaps, references and deletions beyond what the document has', () => {
    const doc = new Y.Doc();
    const other = new Y.Doc();
    other.getMap('m').set('a', 1);
    const known = Y.encodeStateVector(other);
    other.getMap('m').set('b', 2);
    expect(() => readUpdate(doc, Y.encodeStateAsUpdate(other, known))).toThrow(IncompleteUpdateError);

    const ds = new Y.Doc();
    ds.getText('t').insert(0, 'abc');
    const full = Y.encodeStateAsUpdate(ds);
    const deletion = updateOf(ds, (copy) => copy.getText('t').delete(0, 3));
    // the document has not seen the insert the deletion refers to
    expect(() => readUpdate(doc, deletion)).toThrow(IncompleteUpdateError);
    Y.applyUpdate(doc, full);
    expect(readUpdate(doc, deletion)).toEqual([{ root: 't', key: null }]);
  });

  it('reports nothing for parts the document has already (a repeated sync step 2)', () => {
    const doc = new Y.Doc();
    doc.getMap('report.meta').set('office', 'Jugendamt');
    expect(readUpdate(doc, Y.encodeStateAsUpdate(doc))).toEqual([]);
  });
});
