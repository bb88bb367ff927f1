import type * as Y from 'yjs';

/** Comments with replies on records and canvas shapes, resolvable, with @mentions. */
export interface CommentTarget {
  /** a record kind, or "shape" for a canvas shape */
  kind: string;
  id: string;
}

export interface Comment {
  id: string;
  target: CommentTarget;
  /** the thread's first comment; null for that comment itself */
  parentId: string | null;
  author: { id: string; name: string };
  text: string;
  createdAt: string;
  resolved: boolean;
  /** names of participants mentioned with @Name */
  mentions: string[];
}

export interface Thread {
  root: Comment;
  replies: Comment[];
}

export const COMMENTS = 'comments';

const commentsMap = (doc: Y.Doc) => doc.getMap<Comment>(COMMENTS);

/** Names from `known` that the text mentions as @Name (longest names first, so "@Anna Maria" wins over "@Anna"). */
export function findMentions(text: string, known: string[]): string[] {
  const found: string[] = [];
  let rest = text;
  for (const name of [...new Set(known)].sort((a, b) => b.length - a.length)) {
    const marker = `@${name}`;
    if (rest.includes(marker)) {
      found.push(name);
      rest = rest.split(marker).join(' ');
    }
  }
  return found;
}

export function addComment(
  doc: Y.Doc,
  input: { id: string; target: CommentTarget; parentId?: string | null; author: Comment['author']; text: string; createdAt: string; knownNames: string[] },
): Comment {
  const text = input.text.trim();
  if (!text) throw new Error('Der Kommentar ist leer.');
  if (text.length > 4000) throw new Error('Der Kommentar ist zu lang (höchstens 4000 Zeichen).');
  const comment: Comment = {
    id: input.id,
    target: input.target,
    parentId: input.parentId ?? null,
    author: input.author,
    text,
    createdAt: input.createdAt,
    resolved: false,
    mentions: findMentions(text, input.knownNames),
  };
  commentsMap(doc).set(comment.id, comment);
  return comment;
}

export function setThreadResolved(doc: Y.Doc, rootId: string, resolved: boolean): void {
  const root = commentsMap(doc).get(rootId);
  if (root) commentsMap(doc).set(rootId, { ...root, resolved });
}

const byTime = (a: Comment, b: Comment) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** Threads on one target, oldest first; replies in order. */
export function threadsFor(doc: Y.Doc, target: CommentTarget): Thread[] {
  const all = [...commentsMap(doc).values()].filter((c) => c.target.kind === target.kind && c.target.id === target.id);
  return all
    .filter((c) => c.parentId === null)
    .sort(byTime)
    .map((root) => ({ root, replies: all.filter((c) => c.parentId === root.id).sort(byTime) }));
}

/** Every thread of the board: open ones first, each group oldest first; replies in order. */
export function allThreads(doc: Y.Doc): Thread[] {
  const all = [...commentsMap(doc).values()];
  return all
    .filter((c) => c.parentId === null)
    .sort((a, b) => Number(a.resolved) - Number(b.resolved) || byTime(a, b))
    .map((root) => ({ root, replies: all.filter((c) => c.parentId === root.id).sort(byTime) }));
}

/** Unresolved threads in which `name` is mentioned, for a notice to that person. */
export function openMentionsOf(doc: Y.Doc, name: string): Comment[] {
  const all = [...commentsMap(doc).values()];
  const resolved = new Set(all.filter((c) => c.parentId === null && c.resolved).map((c) => c.id));
  return all.filter((c) => c.mentions.includes(name) && !resolved.has(c.parentId ?? c.id));
}
