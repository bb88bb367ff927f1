import { addComment, COMMENTS, openMentionsOf, setThreadResolved, threadsFor, type Comment, type CommentTarget } from '@qe/shared';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useValue, type Editor, type TLShapeId } from 'tldraw';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { SELECTION_PANEL_SPACE } from './SelectionPanel';

interface CommentsPanelProps {
  editor: Editor;
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { id: string; name: string };
  readOnly: boolean;
}

const newId = () => `cmt-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** What a comment on the current selection attaches to: the record behind a card, or the shape. */
function useCommentTarget(editor: Editor): CommentTarget | undefined {
  return useValue(
    'comment target',
    () => {
      const selected = editor.getSelectedShapes();
      if (selected.length !== 1) return undefined;
      const shape = selected[0]!;
      const props = shape.props as { kind?: string; recordId?: string };
      if (shape.type === 'qe-card' && props.kind && props.kind !== 'label') return { kind: props.kind, id: props.recordId! };
      return { kind: 'shape', id: shape.id };
    },
    [editor],
  );
}

function useDocVersion(doc: Y.Doc): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const map = doc.getMap(COMMENTS);
    const bump = () => setVersion((v) => v + 1);
    map.observe(bump);
    return () => map.unobserve(bump);
  }, [doc]);
  return version;
}

function withMentions(comment: Comment): ReactNode[] {
  if (comment.mentions.length === 0) return [comment.text];
  const pattern = new RegExp(`(${comment.mentions.map((m) => `@${m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).join('|')})`);
  return comment.text.split(pattern).map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part));
}

/** Comment threads on the selected card or shape: write, reply, resolve; @mentions are marked. */
export function CommentsPanel({ editor, doc, provider, user, readOnly }: CommentsPanelProps) {
  const { t, i18n } = useTranslation();
  const target = useCommentTarget(editor);
  useDocVersion(doc);
  const [error, setError] = useState<string>();
  const knownNames = [...provider.awareness.getStates().values()]
    .map((state) => (state as { participant?: { name?: string } }).participant?.name)
    .filter((name): name is string => Boolean(name));
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  const submit = (event: FormEvent<HTMLFormElement>, parentId: string | null) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      addComment(doc, {
        id: newId(),
        target: target!,
        parentId,
        author: { id: user.id, name: user.name },
        text: String(new FormData(form).get('text') ?? ''),
        createdAt: new Date().toISOString(),
        knownNames,
      });
      form.reset();
      setError(undefined);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  if (!target) return null;
  const threads = threadsFor(doc, target);
  return (
    <section className="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('comments.title', { count: threads.length })}</h2>
      {threads.length === 0 ? <p className="empty">{t('comments.empty')}</p> : null}
      {threads.map(({ root, replies }) => (
        <article key={root.id} className={`thread${root.resolved ? ' thread-resolved' : ''}`} aria-label={t('comments.threadBy', { name: root.author.name })}>
          {[root, ...replies].map((comment) => (
            <div key={comment.id} className={comment.parentId ? 'comment reply' : 'comment'}>
              <span className="meta">
                {comment.author.name} · {time.format(new Date(comment.createdAt))}
              </span>
              <p>{withMentions(comment)}</p>
            </div>
          ))}
          {root.resolved ? <p className="meta">{t('comments.resolved')}</p> : null}
          {readOnly ? null : (
            <>
              {!root.resolved ? (
                <form className="inline-form" onSubmit={(event) => submit(event, root.id)}>
                  <label className="card-field">
                    <span>{t('comments.reply')}</span>
                    <input name="text" />
                  </label>
                  <button type="submit">{t('comments.send')}</button>
                </form>
              ) : null}
              <button type="button" onClick={() => setThreadResolved(doc, root.id, !root.resolved)}>
                {root.resolved ? t('comments.reopen') : t('comments.resolve')}
              </button>
            </>
          )}
        </article>
      ))}
      {readOnly ? null : (
        <form onSubmit={(event) => submit(event, null)}>
          <label className="card-field">
            <span>{t('comments.new')}</span>
            <textarea name="text" rows={2} />
          </label>
          <button type="submit">{t('comments.add')}</button>
        </form>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/**
 * Shows a selected shape at a readable zoom (at most 100 %) in the part of the canvas the
 * selection panel leaves free: left of the middle, so the panel opens on the right beside it.
 */
function bringBesidePanel(editor: Editor, id: TLShapeId) {
  const bounds = editor.getShapePageBounds(id);
  if (!bounds) return;
  const viewport = editor.getViewportScreenBounds();
  const free = Math.max(120, viewport.width - SELECTION_PANEL_SPACE);
  const z = Math.max(0.1, Math.min(1, (free - 32) / bounds.w, (viewport.height - 120) / bounds.h));
  const screen = { x: free / 2, y: viewport.height / 2 };
  editor.setCamera({ x: screen.x / z - bounds.center.x, y: screen.y / z - bounds.center.y, z }, { animation: { duration: 300 } });
}

/**
 * Brings the card or shape a comment is on into view and selects it (its comments open beside
 * it). Waits a moment for the canvas to have it, as after switching from the table. Answers
 * whether the target is on the canvas at all (false: the record has no card).
 */
export function showCommentTarget(editor: Editor, target: CommentTarget, waitMs = 3000): Promise<boolean> {
  const find = () =>
    target.kind === 'shape'
      ? editor.getShape(target.id as TLShapeId)
      : editor
          .getCurrentPageShapes()
          .find(
            (candidate) =>
              candidate.type === 'qe-card' &&
              (candidate.props as { recordId?: string; view?: string }).recordId === target.id &&
              !(candidate.props as { view?: string }).view,
          );
  const deadline = Date.now() + waitMs;
  return new Promise((resolve) => {
    const attempt = () => {
      const shape = find();
      if (shape) {
        editor.select(shape.id);
        bringBesidePanel(editor, shape.id);
        resolve(true);
      } else if (Date.now() < deadline) setTimeout(attempt, 50);
      else resolve(false);
    };
    attempt();
  });
}

/** Open comments that mention this person, wherever they are on the board; each leads to its card. */
export function MentionNotice({ doc, userName, editor }: { doc: Y.Doc; userName: string; editor?: Editor }) {
  const { t } = useTranslation();
  useDocVersion(doc);
  const mentions = openMentionsOf(doc, userName);
  const show = (target: CommentTarget) => editor && showCommentTarget(editor, target);
  return (
    <div className="mention-notice" role="status" hidden={mentions.length === 0}>
      {mentions.length > 0 ? <p>{t('comments.mentioned', { count: mentions.length })}</p> : null}
      {editor ? (
        <ul>
          {mentions.slice(0, 3).map((comment) => (
            <li key={comment.id}>
              <button type="button" className="link" onClick={() => show(comment.target)}>
                {comment.author.name}: „{comment.text.length > 40 ? `${comment.text.slice(0, 39)}…` : comment.text}“
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
