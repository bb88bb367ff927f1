import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, allThreads, findMentions, openMentionsOf, setThreadResolved, threadsFor } from './comments.js';

const target = { kind: 'recommendations', id: 'rec-1' };
const author = { id: 'u1', name: 'Mona' };

describe('comments', () => {
  it('finds @mentions of known participants, longest name first', () => {
    expect(findMentions('Bitte @Anna Maria und @Ben prüfen', ['Anna', 'Anna Maria', 'Ben', 'Carla'])).toEqual(['Anna Maria', 'Ben']);
  });

  it('keeps threads with replies across two clients and resolves them', () => {
    const a = new Y.Doc();
    const root = addComment(a, { id: 'c1', target, author, text: 'Adressat klären, @Ben?', createdAt: '2026-11-25T10:00:00Z', knownNames: ['Ben'] });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addComment(b, {
      id: 'c2',
      target,
      parentId: root.id,
      author: { id: 'u2', name: 'Ben' },
      text: 'Leitung ASD',
      createdAt: '2026-11-25T10:01:00Z',
      knownNames: [],
    });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(threadsFor(a, target)).toMatchObject([{ root: { id: 'c1' }, replies: [{ id: 'c2', text: 'Leitung ASD' }] }]);
    expect(openMentionsOf(a, 'Ben')).toHaveLength(1);
    setThreadResolved(a, 'c1', true);
    expect(openMentionsOf(a, 'Ben')).toHaveLength(0);
    expect(() => addComment(a, { id: 'c3', target, author, text: '   ', createdAt: 'x', knownNames: [] })).toThrow(/leer/);
  });

  it('lists every thread of the board, open ones first', () => {
    const doc = new Y.Doc();
    const other = { kind: 'shape', id: 'shape:x' };
    addComment(doc, { id: 'c1', target, author, text: 'alt, erledigt', createdAt: '2026-11-25T09:00:00Z', knownNames: [] });
    addComment(doc, { id: 'c2', target: other, author, text: 'offen', createdAt: '2026-11-25T10:00:00Z', knownNames: [] });
    addComment(doc, { id: 'c3', target, parentId: 'c1', author, text: 'Antwort', createdAt: '2026-11-25T11:00:00Z', knownNames: [] });
    addComment(doc, { id: 'c4', target, author, text: 'auch offen', createdAt: '2026-11-25T08:00:00Z', knownNames: [] });
    setThreadResolved(doc, 'c1', true);
    expect(allThreads(doc).map((thread) => [thread.root.id, thread.replies.map((reply) => reply.id)])).toEqual([
      ['c4', []],
      ['c2', []],
      ['c1', ['c3']],
    ]);
  });
});
