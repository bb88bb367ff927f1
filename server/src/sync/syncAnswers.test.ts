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
});
