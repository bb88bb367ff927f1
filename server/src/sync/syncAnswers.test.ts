import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncStep2 } from './messages.js';
import { SyncAnswers } from './syncAnswers.js';

describe('SyncAnswers', () => {
  it('answers the same state vector from the cache until the document changes', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const answers = new SyncAnswers(doc);
    const empty = Y.encodeStateVector(new Y.Doc());
    const first = answers.answer(empty);
    expect(first).toEqual(encodeSyncStep2(doc, empty));
    expect(answers.answer(Uint8Array.from(empty))).toBe(first);

    doc.getMap('m').set('b', 2);
    const second = answers.answer(empty);
    expect(second).not.toBe(first);
    expect(second).toEqual(encodeSyncStep2(doc, empty));
  });

  it('keeps the answers over transactions that change nothing (a joining client’s empty state)', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const answers = new SyncAnswers(doc);
    const empty = Y.encodeStateVector(new Y.Doc());
    const first = answers.answer(empty);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(doc)); // all known already
    expect(answers.answer(empty)).toBe(first);

    doc.getMap('m').delete('a'); // a deletion only
    expect(answers.answer(empty)).not.toBe(first);
  });

  it('drops the answers when the updates held back for missing predecessors change', () => {
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    source.getMap('m').set('a', 1);
    source.getMap('m').set('b', 2);
    const doc = new Y.Doc();
    const answers = new SyncAnswers(doc);
    const empty = Y.encodeStateVector(new Y.Doc());
    const first = answers.answer(empty);
    Y.applyUpdate(doc, updates[1]!); // waits for the first: held back, nothing integrated
    const second = answers.answer(empty);
    expect(second).not.toBe(first);
    expect(second).toEqual(encodeSyncStep2(doc, empty));
  });
});
