import {
  appliedTemplateIds,
  appliedTemplatesMap,
  SWOT_FIELDS,
  FACTOR_LEVELS,
  privatePhase,
  SESSION_STATE,
  startPrivatePhase,
  supportsPrivatePhase,
  type PrivateCard,
  type PrivatePhase,
} from '@qe/shared';
import { templateById, TEMPLATES } from '@qe/templates';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from 'tldraw';
import type * as Y from 'yjs';
import { countPrivateCards, listMyPrivateCards, revealPrivateCards, writePrivateCard } from '../api';
import { usePrivateWritingRequests } from './privateWriting';
import { showFrame } from './TemplateMenu';
import { useMapValue } from './useMapValue';

/**
 * A random secret of this browser for this board: in an anonymous phase the server keys the
 * author's private cards by a hash of it, so it can show them their own cards without knowing whose.
 */
export function privateSecret(boardId: string): string {
  const key = `qe.privateSecret.${boardId}`;
  const stored = localStorage.getItem(key);
  if (stored) return stored;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  localStorage.setItem(key, secret);
  return secret;
}

function usePrivatePhase(doc: Y.Doc): PrivatePhase | undefined {
  return useMapValue(doc, SESSION_STATE, privatePhase);
}

interface PrivatePhasePanelProps {
  doc: Y.Doc;
  boardId: string;
  token: string;
  userId: string;
  canWrite: boolean;
  canRun: boolean;
  editor?: Editor;
  /** the panel shows a running phase at its top, the moderator's folded start form further down */
  slot: 'running' | 'idle';
}

/**
 * Verdeckte Phase: the moderator starts it for a frame (optionally anonymous) and reveals it; while
 * it runs, everyone who may edit writes cards that only they see. Those cards go to the server,
 * never into the board's doc, until the reveal.
 */
export function PrivatePhasePanel({ doc, boardId, token, userId, canWrite, canRun, editor, slot }: PrivatePhasePanelProps) {
  const { t } = useTranslation();
  const phase = usePrivatePhase(doc);
  const [frames, setFrames] = useState(() => appliedTemplateIds(doc));
  const [frame, setFrame] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const [text, setText] = useState('');
  const [level, setLevel] = useState<string>(FACTOR_LEVELS[0]);
  const [field, setField] = useState<string>(SWOT_FIELDS[0]);
  const [mine, setMine] = useState<PrivateCard[]>([]);
  const [waiting, setWaiting] = useState<number>();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string>();
  const cardField = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  // an "add" of the phase's kind elsewhere (frame button, menu, table) leads here: the field takes
  // the focus once the board page has shown the panel, and the hint is read out
  const requested = useCallback(() => {
    if (!phase || !canWrite || slot !== 'running') return;
    setStatus(t('privatePhase.onlyYouUntilReveal'));
    const deadline = Date.now() + 2000;
    const focus = () => {
      const textarea = cardField.current;
      if (textarea && textarea.offsetParent !== null) {
        textarea.focus();
        textarea.scrollIntoView({ block: 'nearest' });
      } else if (Date.now() < deadline) requestAnimationFrame(focus);
    };
    requestAnimationFrame(focus);
  }, [phase, canWrite, slot, t]);
  usePrivateWritingRequests(requested);

  useEffect(() => {
    const map = appliedTemplatesMap(doc);
    const refresh = () => setFrames(appliedTemplateIds(doc));
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [doc]);
  const eligible = TEMPLATES.filter((template) => frames.includes(template.id) && supportsPrivatePhase(template));
  const chosen = frame || eligible[0]?.id || '';
  const phaseTemplate = phase ? templateById(phase.frame) : undefined;

  const refreshMine = useCallback(() => {
    if (!canWrite || slot !== 'running') return;
    listMyPrivateCards(token, boardId, { secret: privateSecret(boardId) })
      .then((answer) => setMine(answer.cards))
      .catch(() => {});
  }, [boardId, token, canWrite, slot]);
  useEffect(refreshMine, [refreshMine, phase?.frame, phase?.startedAt]);
  // the moderator sees how many cards wait, never whose or what
  useEffect(() => {
    if (!canRun || !phase || slot !== 'running') return setWaiting(undefined);
    let stopped = false;
    const poll = () =>
      countPrivateCards(token, boardId)
        .then((answer) => !stopped && setWaiting(answer.count))
        .catch(() => {});
    poll();
    const timer = setInterval(poll, 4000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [canRun, phase, token, boardId, slot]);

  if (phase ? slot !== 'running' : slot !== 'idle' || !canRun) {
    // the reveal's outcome is still read out where the phase was
    return slot === 'running' && status ? (
      <p className="visually-hidden" role="status">
        {status}
      </p>
    ) : null;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    try {
      await writePrivateCard(token, boardId, {
        text,
        ...(phaseTemplate?.layout.kind === 'reflection' ? { level: level as (typeof FACTOR_LEVELS)[number] } : {}),
        ...(phaseTemplate?.layout.kind === 'fourField' ? { field: field as (typeof SWOT_FIELDS)[number] } : {}),
        secret: privateSecret(boardId),
      });
      setText('');
      setError(undefined);
      setStatus(t('privatePhase.written'));
      refreshMine();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  const reveal = async () => {
    try {
      const answer = await revealPrivateCards(token, boardId);
      setStatus(t('privatePhase.revealed', { count: answer.revealed }));
      setError(undefined);
      setMine([]);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  const feedback = (
    <>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
  // no phase: the moderator's start form, folded away so the panel's other tools stay in view
  if (!phase) {
    return (
      <details className="private-phase">
        <summary>{t('privatePhase.title')}</summary>
        {eligible.length === 0 ? (
          <p className="empty">{t('privatePhase.noFrame')}</p>
        ) : (
          <div className="private-phase-form">
            <label className="card-field">
              <span>{t('privatePhase.frame')}</span>
              <select value={chosen} onChange={(e) => setFrame(e.target.value)}>
                {eligible.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.frame.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
              {t('privatePhase.anonymous')}
            </label>
            <button type="button" onClick={() => startPrivatePhase(doc, { frame: chosen, anonymous, startedBy: userId, startedAt: new Date().toISOString() })}>
              {t('privatePhase.start')}
            </button>
          </div>
        )}
        {feedback}
      </details>
    );
  }

  return (
    <section className="private-phase" aria-labelledby="private-phase-heading">
      <h2 id="private-phase-heading">{t('privatePhase.title')}</h2>
      <>
        <p className="private-phase-state">
          {t(phase.anonymous ? 'privatePhase.runningAnonymous' : 'privatePhase.running', { frame: phaseTemplate?.frame.title ?? phase.frame })}
          {editor ? (
            <>
              {' '}
              <button type="button" onClick={() => showFrame(editor, phase.frame)}>
                {t('privatePhase.showFrame')}
              </button>
            </>
          ) : null}
        </p>
        {canWrite ? (
          <form className="private-card-form" onSubmit={(event) => void submit(event)}>
            <label className="card-field">
              <span>{t('privatePhase.cardText')}</span>
              <textarea ref={cardField} value={text} rows={2} maxLength={3000} aria-describedby={hintId} onChange={(e) => setText(e.target.value)} />
            </label>
            <p id={hintId} className="hint">
              {t('privatePhase.onlyYouUntilReveal')}
            </p>
            {phaseTemplate?.layout.kind === 'reflection' ? (
              <label className="card-field">
                <span>{t('privatePhase.level')}</span>
                <select value={level} onChange={(e) => setLevel(e.target.value)}>
                  {phaseTemplate.layout.factorLevels.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            {phaseTemplate?.layout.kind === 'fourField' ? (
              <label className="card-field">
                <span>{t('swot.field')}</span>
                <select value={field} onChange={(e) => setField(e.target.value)}>
                  {phaseTemplate.layout.fields.map((spec) => (
                    <option key={spec.field} value={spec.field}>
                      {spec.title}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <button type="submit">{t('privatePhase.write')}</button>
          </form>
        ) : null}
        {mine.length > 0 ? (
          <ul className="private-cards" aria-label={t('privatePhase.mine')}>
            {mine.map((card) => (
              <li key={card.id} className="private-card" data-private-card={card.text}>
                <span className="private-badge">{t('privatePhase.onlyYou')}</span>
                {card.level || card.field ? <span className="private-level">{card.level ?? card.field}</span> : null}
                <span>{card.text}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {canRun ? (
          <div className="inline-form">
            {waiting !== undefined ? <span>{t('privatePhase.waiting', { count: waiting })}</span> : null}
            <button type="button" onClick={() => void reveal()}>
              {t('privatePhase.reveal')}
            </button>
          </div>
        ) : null}
      </>
      {feedback}
    </section>
  );
}
