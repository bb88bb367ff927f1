import { rootSpec } from '../docLayout.js';
import { canEditBoard, canModerate, type Role } from '../roles.js';
import type { Comment } from '../session/comments.js';
import { isEntryLocked, kindLockKey } from '../session/locks.js';

/**
 * Who may change what in a board's doc: the one place the rules live. The server applies them to
 * every write (sync updates, imports, other server-side writes); the UI asks the same functions
 * what to offer. Decisions are made per change of a top-level entry, from its value before and
 * after, so they need no canvas library and no network.
 */

/** The person behind a write, with their effective role on the board. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  /** whether a ballot key (`<voteId>:<voter>`) is this person's (by id, or by anonymous key) */
  ownsBallot(voteId: string, voter: string): boolean;
}

/**
 * One change of a top-level entry: `key` is a map key, or for the canvas a shape/record id; null
 * when a root without keys (notes, agenda) changes. `before` and `after` are plain values where
 * the entry holds one (comments, canvas records); undefined when absent or a nested type.
 */
export interface EntryChange {
  root: string;
  key: string | null;
  before?: unknown;
  after?: unknown;
  /** true when the change adds an entry under a key of a map root that did not hold one (a new record) */
  created?: boolean;
}

export interface RuleContext {
  locks: { has(key: string): boolean };
  /** the record kinds shown by a template's frame (locking the frame locks them) */
  frameKinds(templateId: string): readonly string[] | undefined;
  /**
   * While a private phase (session/privatePhase) runs: the record kind its frame's cards become,
   * written privately to the server until the reveal; undefined when no phase runs.
   */
  privateKind: string | undefined;
}

/** The record kinds each template layout shows: locking its frame locks these kinds. */
export const FRAME_KINDS: Readonly<
  Record<'swimlanes' | 'reflection' | 'recommendations' | 'fourField' | 'success' | 'articles' | 'cafe' | 'house', readonly string[]>
> = {
  swimlanes: ['events'],
  // the findings stand in the reflection frame ("Befund hinzufügen"): locking it holds them too
  reflection: ['keySituations', 'factors', 'findings'],
  recommendations: ['recommendations'],
  fourField: ['swotItems'],
  success: ['keySituations'],
  articles: ['microArticles'],
  cafe: ['cafeNotes'],
  house: ['indicators', 'reviewedDocuments', 'structuralFindings'],
};

export function isFrameLocked(locks: RuleContext['locks'], kinds: readonly string[] | undefined): boolean {
  return kinds !== undefined && kinds.length > 0 && kinds.every((kind) => locks.has(kindLockKey(kind)));
}

interface ShapeLike {
  typeName?: unknown;
  type?: unknown;
  props?: { kind?: unknown; recordId?: unknown };
  meta?: { template?: unknown };
}

/** Whether a canvas record is a shape held in place by a lock: it shows a locked record, or it is (in) a locked frame. */
export function isShapeLocked(value: unknown, context: RuleContext): boolean {
  if (!value || typeof value !== 'object') return false;
  const shape = value as ShapeLike;
  if (shape.typeName !== 'shape') return false;
  const { kind, recordId } = shape.props ?? {};
  if (typeof kind === 'string' && typeof recordId === 'string' && recordId !== '' && isEntryLocked(context.locks, `records.${kind}/${recordId}`)) return true;
  const template = shape.meta?.template;
  return typeof template === 'string' && isFrameLocked(context.locks, context.frameKinds(template));
}

/** Whether this person may change a record now (moderators may change locked ones). */
export function mayEditRecord(role: Role, locked: boolean): boolean {
  return canEditBoard(role) && (!locked || canModerate(role));
}

/**
 * Whether this person may create a new record of `kind` in the board's doc now. While a private
 * phase runs for a frame, new cards of that frame's kind are written privately (to the server, not
 * into the doc, so no other client receives them): only moderators, whose reveal writes them,
 * create such records in the doc then. Editing existing records is not affected; locks are
 * decided by mayEditRecord.
 */
export function mayCreateRecord(role: Role, kind: string, context: Pick<RuleContext, 'privateKind'>): boolean {
  return canEditBoard(role) && (canModerate(role) || kind !== context.privateKind);
}

const ballotOwner = (key: string) => {
  const colon = key.indexOf(':');
  return colon < 0 ? undefined : { voteId: key.slice(0, colon), voter: key.slice(colon + 1) };
};

/** Why this change of a comment is refused, or undefined when it is allowed. */
function commentRefusal(actor: Actor, before: Comment | undefined, after: Comment | undefined): string | undefined {
  const own = (comment: Comment) => comment.author?.id === actor.id;
  if (!before && !after) return undefined;
  if (!before) {
    if (after!.author?.id !== actor.id || after!.author?.name !== actor.name) return 'comments are posted under one’s own name';
    return after!.resolved ? 'a new comment cannot be resolved' : undefined;
  }
  if (!after) return own(before) || canModerate(actor.role) ? undefined : 'only the author or a moderator deletes a comment';
  const same = (field: keyof Comment) => JSON.stringify(before[field]) === JSON.stringify(after[field]);
  if (!same('id') || !same('author') || !same('target') || !same('parentId') || !same('createdAt')) return 'a comment’s author, target and thread are fixed';
  if ((!same('text') || !same('mentions')) && !own(before)) return 'only the author edits a comment’s text';
  if (!same('resolved')) {
    const startedThread = before.parentId === null && own(before);
    if (!canModerate(actor.role) && !startedThread) return 'only moderators and the thread’s author resolve it';
  }
  return undefined;
}

/**
 * A root the product does not use (protocol tests and scripts write such roots): ordinary
 * content, so nothing an editor writes there bypasses the locks; export and pre-flight ignore it.
 */
const UNDECLARED_ROOT = { type: 'map', rule: 'content' } as const;

/** A record kind's root is `records.<kind>` (docLayout). */
const RECORDS_PREFIX = 'records.';

/** Why `actor` may not make this change, or undefined when the change is allowed. */
export function changeRefusal(actor: Actor, change: EntryChange, context: RuleContext): string | undefined {
  const spec = rootSpec(change.root) ?? UNDECLARED_ROOT;
  if (!canEditBoard(actor.role)) return 'observers cannot change the board';
  const moderator = canModerate(actor.role);
  switch (spec.rule) {
    case 'comments':
      return commentRefusal(actor, change.before as Comment | undefined, change.after as Comment | undefined);
    case 'moderators':
      return moderator ? undefined : 'only moderators change the facilitator’s state';
    case 'ballots': {
      if (moderator) return undefined;
      const owner = change.key === null ? undefined : ballotOwner(change.key);
      return owner && actor.ownsBallot(owner.voteId, owner.voter) ? undefined : 'only one’s own ballot can be changed';
    }
    case 'canvas':
      if (moderator) return undefined;
      return isShapeLocked(change.before, context) || isShapeLocked(change.after, context) ? 'the shape is locked' : undefined;
    case 'content':
      if (moderator || change.key === null) return undefined;
      if (change.created && change.root.startsWith(RECORDS_PREFIX) && !mayCreateRecord(actor.role, change.root.slice(RECORDS_PREFIX.length), context)) {
        return 'new cards of this kind are written privately while the private phase runs';
      }
      return isEntryLocked(context.locks, `${change.root}/${change.key}`) ? 'the entry is locked' : undefined;
  }
}
