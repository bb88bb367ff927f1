import { allThreads, COMMENTS, getRecord, setThreadResolved, type Comment, type CommentTarget, type RecordKind, type Thread } from '@qe/shared';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { useCaseNumbering } from '../records/useCaseNumbering';
import { useMapValue } from './useMapValue';

/** Every comment thread of the board, live. */
export function useAllThreads(doc: Y.Doc): Thread[] {
  return useMapValue(doc, COMMENTS, allThreads);
}

type Filter = 'open' | 'resolved' | 'all';

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A comment's text with each @mention as a button. */
function textWithMentions(comment: Comment, onMention: (name: string) => void, label: (name: string) => string): ReactNode[] {
  if (comment.mentions.length === 0) return [comment.text];
  const pattern = new RegExp(`(${comment.mentions.map((name) => `@${escapeRegex(name)}`).join('|')})`);
  return comment.text.split(pattern).map((part, index) =>
    index % 2 === 1 ? (
      <button key={index} type="button" className="link mention" aria-label={label(part.slice(1))} onClick={() => onMention(part.slice(1))}>
        {part}
      </button>
    ) : (
      part
    ),
  );
}

/** What a thread is on, as people call it: "Empfehlung 2: Vier-Augen-Prinzip …", or a drawing on the canvas. */
function useTargetLabel(doc: Y.Doc): (target: CommentTarget) => string {
  const { t } = useTranslation();
  const numbering = useCaseNumbering(doc);
  return (target) => {
    if (target.kind === 'shape') return t('commentsDrawer.onShape');
    const record = getRecord(doc, target.kind as RecordKind, target.id) as Record<string, unknown> | undefined;
    if (!record) return t('commentsDrawer.onDeleted');
    const number =
      target.kind === 'events'
        ? numbering.eventNumber.get(target.id)
        : target.kind === 'keySituations'
          ? numbering.situationNumber.get(target.id)
          : target.kind === 'findings'
            ? numbering.findingNumber.get(target.id)
            : target.kind === 'recommendations'
              ? numbering.recommendationNumber.get(target.id)
              : undefined;
    const text = String(record.title ?? record.fact ?? record.text ?? record.name ?? '');
    const short = text.length > 48 ? `${text.slice(0, 47)}…` : text;
    return `${t(`inspector.title.${target.kind}`, { defaultValue: target.kind })}${number ? ` ${number}` : ''}${short ? `: ${short}` : ''}`;
  };
}

interface CommentsDrawerProps {
  doc: Y.Doc;
  readOnly: boolean;
  /** brings the thread's card into view and selects it */
  onShow: (target: CommentTarget) => void;
  onClose: () => void;
}

/**
 * All comment threads of the board in one drawer beside the canvas: open ones first, filtered
 * by "offen"/"erledigt", each leading to its card; an @mention shows the threads that mention
 * that person. Takes the focus when opened and gives it back on Esc.
 */
export function CommentsDrawer({ doc, readOnly, onShow, onClose }: CommentsDrawerProps) {
  const { t, i18n } = useTranslation();
  const threads = useAllThreads(doc);
  const [filter, setFilter] = useState<Filter>('open');
  const [mention, setMention] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const targetLabel = useTargetLabel(doc);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  useEffect(() => heading.current?.focus(), []);

  const open = threads.filter((thread) => !thread.root.resolved).length;
  const counts: Record<Filter, number> = { open, resolved: threads.length - open, all: threads.length };
  const shown = threads.filter(
    (thread) =>
      (filter === 'all' || (filter === 'open') === !thread.root.resolved) &&
      (!mention || [thread.root, ...thread.replies].some((comment) => comment.mentions.includes(mention))),
  );
  const mentionLabel = (name: string) => t('commentsDrawer.mentionFilter', { name });
  return (
    <aside
      id="comments-drawer"
      className="comments-drawer"
      aria-labelledby="comments-drawer-heading"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onClose();
      }}
    >
      <header className="comments-drawer-head">
        <h2 id="comments-drawer-heading" tabIndex={-1} ref={heading}>
          {t('commentsDrawer.title')}
        </h2>
        <button type="button" className="small" onClick={onClose}>
          {t('commentsDrawer.close')}
        </button>
      </header>
      <div role="radiogroup" aria-label={t('commentsDrawer.filter')} className="comments-filter">
        {(['open', 'resolved', 'all'] as const).map((name) => (
          <label key={name} className="check">
            <input type="radio" name="comments-filter" value={name} checked={filter === name} onChange={() => setFilter(name)} />
            {t(`commentsDrawer.show.${name}`, { count: counts[name] })}
          </label>
        ))}
      </div>
      {mention ? (
        <p className="comments-mention-filter">
          {t('commentsDrawer.mentionFilter', { name: mention })}{' '}
          <button type="button" className="small" onClick={() => setMention(undefined)}>
            {t('commentsDrawer.clearMention')}
          </button>
        </p>
      ) : null}
      <p role="status" className="visually-hidden">
        {t('commentsDrawer.shown', { count: shown.length })}
      </p>
      {shown.length === 0 ? <p className="empty">{t(`commentsDrawer.empty.${filter}`)}</p> : null}
      <ul className="comments-drawer-list">
        {shown.map(({ root, replies }) => (
          <li key={root.id} className={`thread${root.resolved ? ' thread-resolved' : ''}`}>
            <article aria-label={t('comments.threadBy', { name: root.author.name })}>
              <button type="button" className="link thread-target" onClick={() => onShow(root.target)}>
                {targetLabel(root.target)}
              </button>
              {[root, ...replies].map((comment) => (
                <div key={comment.id} className={comment.parentId ? 'comment reply' : 'comment'}>
                  <span className="meta">
                    {comment.author.name} · {time.format(new Date(comment.createdAt))}
                  </span>
                  <p>{textWithMentions(comment, setMention, mentionLabel)}</p>
                </div>
              ))}
              <p className="meta">
                {root.resolved ? t('comments.resolved') : null}
                {readOnly ? null : (
                  <button type="button" className="small" onClick={() => setThreadResolved(doc, root.id, !root.resolved)}>
                    {root.resolved ? t('comments.reopen') : t('comments.resolve')}
                  </button>
                )}
              </p>
            </article>
          </li>
        ))}
      </ul>
    </aside>
  );
}
