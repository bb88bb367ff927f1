import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { guardedUpdate } from './guardedUpdate.js';

describe('guardedUpdate', () => {
  it('is the change of a write and its undo without the undone content', () => {
    const doc = new Y.Doc();
    doc.getMap('keep').set('a', 1);
    const before = new Y.Doc();
    Y.applyUpdate(before, Y.encodeStateAsUpdate(doc));
    const stateBefore = Y.encodeStateVector(doc);

    const parts: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => parts.push(update));
    const card = new Y.Map<unknown>();
    doc.transact(() => {
      doc.getMap('cards').set('c1', card);
      card.set('title', new Y.Text('Geheimer-Text-42'));
      doc.getMap('keep').set('b', 2);
    });
    // the refused part is taken out again in a later transaction, as the guard's restore does
    doc.getMap('cards').delete('c1');

    const merged = Y.mergeUpdates(parts);
    const guarded = guardedUpdate(doc, stateBefore, parts);
    expect(Buffer.from(merged).includes(Buffer.from('Geheimer-Text-42'))).toBe(true);
    expect(Buffer.from(guarded).includes(Buffer.from('Geheimer-Text-42'))).toBe(false);
    // applied where the write started, it leads to the same document as the merge would
    const viaMerge = new Y.Doc();
    Y.applyUpdate(viaMerge, Y.encodeStateAsUpdate(before));
    Y.applyUpdate(viaMerge, merged);
    Y.applyUpdate(before, guarded);
    const json = (d: Y.Doc) => ({ keep: d.getMap('keep').toJSON(), cards: d.getMap('cards').toJSON() });
    expect(json(before)).toEqual(json(viaMerge));
    expect(json(before)).toEqual({ keep: { a: 1, b: 2 }, cards: {} });
    expect(Y.encodeStateVector(before)).toEqual(Y.encodeStateVector(doc));
  });
});
