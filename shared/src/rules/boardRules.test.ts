import { describe, expect, it } from 'vitest';
import type { Comment } from '../session/comments.js';
import { kindLockKey } from '../session/locks.js';
import { changeRefusal, FRAME_KINDS, isFrameLocked, isShapeLocked, mayCreateRecord, mayEditRecord, type Actor, type RuleContext } from './boardRules.js';

const actor = (role: Actor['role'], id = role): Actor => ({ id, name: id, role, ownsBallot: (_vote, voter) => voter === id });
const context = (locks: string[] = [], privateKind?: string): RuleContext => ({
  locks: new Set(locks),
  frameKinds: (template) => (template === 'empfehlungen' ? ['recommendations'] : undefined),
  privateKind,
});
const comment = (patch: Partial<Comment> = {}): Comment => ({
  id: 'c1',
  target: { kind: 'events', id: 'e1' },
  parentId: null,
  author: { id: 'erik', name: 'erik' },
  text: 'Text',
  createdAt: '2026-11-30T00:00:00Z',
  resolved: false,
  mentions: [],
  ...patch,
});

describe('changeRefusal', () => {
  it('lets observers change nothing, and only moderators the facilitator’s state', () => {
    expect(changeRefusal(actor('observer'), { root: 'records.events', key: 'e1' }, context())).toBeDefined();
    expect(changeRefusal(actor('editor'), { root: 'session.state', key: 'phase' }, context())).toBeDefined();
    expect(changeRefusal(actor('moderator'), { root: 'session.state', key: 'phase' }, context())).toBeUndefined();
  });

  it('keeps locked entries to moderators, directly or through their kind', () => {
    expect(changeRefusal(actor('editor'), { root: 'records.events', key: 'e1' }, context(['records.events/e1']))).toBeDefined();
    expect(changeRefusal(actor('editor'), { root: 'records.events', key: 'e2' }, context(['records.events/*']))).toBeDefined();
    expect(changeRefusal(actor('editor'), { root: 'records.events', key: 'e2' }, context(['records.events/e1']))).toBeUndefined();
    expect(changeRefusal(actor('moderator'), { root: 'records.events', key: 'e1' }, context(['records.events/*']))).toBeUndefined();
  });

  it('locks the findings with the reflection frame they stand in', () => {
    const locked = FRAME_KINDS.reflection.map(kindLockKey);
    expect(isFrameLocked(new Set(locked), FRAME_KINDS.reflection)).toBe(true);
    expect(changeRefusal(actor('editor'), { root: 'records.findings', key: 'f1' }, context(locked))).toBeDefined();
    expect(changeRefusal(actor('moderator'), { root: 'records.findings', key: 'f1' }, context(locked))).toBeUndefined();
  });

  it('keeps each ballot to its voter', () => {
    expect(changeRefusal(actor('editor', 'erik'), { root: 'session.voteDots', key: 'v1:erik' }, context())).toBeUndefined();
    expect(changeRefusal(actor('editor', 'erik'), { root: 'session.voteDots', key: 'v1:mona' }, context())).toBeDefined();
  });

  it('holds the shapes of locked records and locked frames, before and after the change', () => {
    const card = (recordId: string, x = 0) => ({ typeName: 'shape', type: 'qe-card', x, props: { kind: 'events', recordId }, meta: {} });
    const locks = context(['records.events/e1']);
    expect(changeRefusal(actor('editor'), { root: 'canvas.records', key: 'shape:a', before: card('e1'), after: card('e1', 9) }, locks)).toBeDefined();
    expect(changeRefusal(actor('editor'), { root: 'canvas.records', key: 'shape:a', before: card('e1') }, locks)).toBeDefined();
    // re-pointing a card at a locked record is a change of that record's card too
    expect(changeRefusal(actor('editor'), { root: 'canvas.records', key: 'shape:b', before: card('e2'), after: card('e1') }, locks)).toBeDefined();
    expect(changeRefusal(actor('editor'), { root: 'canvas.records', key: 'shape:b', before: card('e2'), after: card('e2', 5) }, locks)).toBeUndefined();
    const label = { typeName: 'shape', type: 'qe-card', props: { kind: 'label', recordId: '' }, meta: { template: 'empfehlungen' } };
    expect(isShapeLocked(label, context(['records.recommendations/*']))).toBe(true);
    expect(isShapeLocked(label, context())).toBe(false);
  });

  it('keeps comments to their authors', () => {
    const erik = actor('editor', 'erik');
    const emma = actor('editor', 'emma');
    const mona = actor('moderator', 'mona');
    const change = (before?: Comment, after?: Comment) => ({ root: 'comments', key: 'c1', before, after });
    expect(changeRefusal(erik, change(undefined, comment()), context())).toBeUndefined();
    expect(changeRefusal(emma, change(undefined, comment()), context())).toBeDefined(); // under Erik's name
    expect(changeRefusal(erik, change(comment(), comment({ text: 'neu' })), context())).toBeUndefined();
    expect(changeRefusal(mona, change(comment(), comment({ text: 'neu' })), context())).toBeDefined();
    expect(changeRefusal(mona, change(comment(), comment({ resolved: true })), context())).toBeUndefined();
    expect(changeRefusal(emma, change(comment(), comment({ resolved: true })), context())).toBeDefined();
    expect(changeRefusal(erik, change(comment(), comment({ resolved: true })), context())).toBeUndefined();
    expect(changeRefusal(emma, change(comment(), undefined), context())).toBeDefined();
    expect(changeRefusal(mona, change(comment(), undefined), context())).toBeUndefined();
  });

  it('while a private phase runs, lets only moderators create records of its kind in the doc; editing stays allowed', () => {
    const phase = context([], 'recommendations');
    const created = { root: 'records.recommendations', key: 'r9', created: true };
    expect(changeRefusal(actor('editor'), created, phase)).toBeDefined();
    expect(changeRefusal(actor('moderator'), created, phase)).toBeUndefined();
    // an existing record stays editable, other kinds can be created, and without a phase all is as before
    expect(changeRefusal(actor('editor'), { root: 'records.recommendations', key: 'r1' }, phase)).toBeUndefined();
    expect(changeRefusal(actor('editor'), { root: 'records.findings', key: 'f9', created: true }, phase)).toBeUndefined();
    expect(changeRefusal(actor('editor'), created, context())).toBeUndefined();
    // the UI asks the same rule
    expect(mayCreateRecord('editor', 'recommendations', phase)).toBe(false);
    expect(mayCreateRecord('moderator', 'recommendations', phase)).toBe(true);
    expect(mayCreateRecord('editor', 'findings', phase)).toBe(true);
    expect(mayCreateRecord('editor', 'recommendations', context())).toBe(true);
    expect(mayCreateRecord('observer', 'findings', context())).toBe(false);
  });

  it('lets moderators, and only them, edit locked records', () => {
    expect(mayEditRecord('moderator', true)).toBe(true);
    expect(mayEditRecord('editor', true)).toBe(false);
    expect(mayEditRecord('editor', false)).toBe(true);
    expect(mayEditRecord('observer', false)).toBe(false);
  });
});
