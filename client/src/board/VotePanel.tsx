import { castDots, listRecords, openVote, saveVoteResult, setVoteStatus, tally, voteProgress, type VoteTarget } from '@qe/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { useBallotVoter } from './useBallotVoter';
import { useVote } from './useVote';

const TARGET_SETS = ['recommendations', 'themes', 'keySituations'] as const;

function targetsOf(doc: Y.Doc, set: (typeof TARGET_SETS)[number]): VoteTarget[] {
  switch (set) {
    case 'recommendations':
      return listRecords(doc, 'recommendations')
        .records.filter((r) => r.status !== 'verworfen')
        .map((r) => ({ kind: set, id: r.id, label: r.title }));
    case 'themes':
      return listRecords(doc, 'themes').records.map((theme) => ({ kind: set, id: theme.id, label: theme.name }));
    case 'keySituations':
      return listRecords(doc, 'keySituations').records.map((ks) => ({ kind: set, id: ks.id, label: ks.title }));
  }
}

/** Punktabfrage: moderators open, reveal and save a vote; everyone who may edit places dots. */
interface VotePanelProps {
  doc: Y.Doc;
  boardId: string;
  token: string;
  userId: string;
  canVote: boolean;
  canRun: boolean;
  /** how many of those here may vote, for "12 von 30 haben abgestimmt" */
  eligible: number;
}

export function VotePanel({ doc, boardId, token, userId, canVote: mayVote, canRun, eligible }: VotePanelProps) {
  const { t, i18n } = useTranslation();
  const { vote, ballots, saved } = useVote(doc);
  const voterId = useBallotVoter(boardId, token, userId, vote, mayVote) ?? '';
  // in an anonymous vote, dots wait for this person's ballot key
  const canVote = mayVote && voterId !== '';
  const [set, setSet] = useState<(typeof TARGET_SETS)[number]>('recommendations');
  const [dots, setDots] = useState(3);
  const [anonymous, setAnonymous] = useState(true);
  const [error, setError] = useState<string>();

  const mine = vote ? (ballots.get(voterId) ?? []) : [];
  const countsVisible = vote && (vote.status !== 'open' || !vote.anonymous);
  const results = vote ? tally(vote, ballots.values()) : [];
  const progress = voteProgress(ballots.values(), eligible);
  const place = (targetId: string, delta: 1 | -1) => {
    if (!vote) return;
    const next =
      delta === 1
        ? [...mine, targetId]
        : (() => {
            const copy = [...mine];
            copy.splice(copy.lastIndexOf(targetId), 1);
            return copy;
          })();
    try {
      castDots(doc, vote.id, voterId, next);
      setError(undefined);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  const start = () => {
    const targets = targetsOf(doc, set);
    if (targets.length === 0) return setError(t('vote.noTargets'));
    openVote(doc, {
      id: `vote-${Date.now().toString(36)}`,
      title: t('vote.defaultTitle', { set: t(`vote.sets.${set}`) }),
      targets,
      dotsPerPerson: dots,
      anonymous,
    });
    setError(undefined);
  };

  return (
    <section className="vote" aria-labelledby="vote-heading">
      <h2 id="vote-heading">{t('vote.title')}</h2>
      {vote && vote.status !== 'closed' ? (
        <>
          <p>
            <strong>{vote.title}</strong> · {t(`vote.status.${vote.status}`)}
          </p>
          <p className="vote-progress">
            <meter min={0} max={Math.max(1, progress.of)} value={progress.voted} aria-hidden="true" /> {t('vote.progress', progress)}
          </p>
          {vote.status === 'open' && canVote ? <p role="status">{t('vote.dotsLeft', { count: vote.dotsPerPerson - mine.length })}</p> : null}
          <ul className="vote-targets">
            {(countsVisible ? results.map((r) => r.target) : vote.targets).map((target) => {
              const own = mine.filter((id) => id === target.id).length;
              const count = results.find((r) => r.target.id === target.id)?.count ?? 0;
              return (
                <li key={target.id} data-vote-target={target.label}>
                  <span className="vote-label">{target.label}</span>
                  {countsVisible ? (
                    <span className="vote-count" aria-label={t('vote.countLabel', { count })}>
                      ● {count}
                    </span>
                  ) : null}
                  {vote.status === 'open' && canVote ? (
                    <span className="vote-buttons">
                      <button type="button" aria-label={t('vote.remove', { label: target.label })} disabled={own === 0} onClick={() => place(target.id, -1)}>
                        −
                      </button>
                      <span aria-label={t('vote.own', { count: own })}>{own}</span>
                      <button
                        type="button"
                        aria-label={t('vote.add', { label: target.label })}
                        disabled={mine.length >= vote.dotsPerPerson}
                        onClick={() => place(target.id, 1)}
                      >
                        +
                      </button>
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {canRun ? (
            <div className="inline-form">
              {vote.status === 'open' ? (
                <button type="button" onClick={() => setVoteStatus(doc, 'revealed')}>
                  {t('vote.reveal')}
                </button>
              ) : null}
              <button type="button" onClick={() => saveVoteResult(doc, new Date().toISOString())}>
                {t('vote.save')}
              </button>
            </div>
          ) : null}
        </>
      ) : canRun ? (
        <div className="vote-form">
          <label className="card-field">
            <span>{t('vote.set')}</span>
            <select value={set} onChange={(e) => setSet(e.target.value as typeof set)}>
              {TARGET_SETS.map((name) => (
                <option key={name} value={name}>
                  {t(`vote.sets.${name}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="card-field">
            <span>{t('vote.dots')}</span>
            <input type="number" min={1} max={10} value={dots} onChange={(e) => setDots(Math.min(10, Math.max(1, Number(e.target.value) || 1)))} />
          </label>
          <label className="check">
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
            {t('vote.anonymous')}
          </label>
          <button type="button" onClick={start}>
            {t('vote.start')}
          </button>
        </div>
      ) : (
        <p className="empty">{t('vote.none')}</p>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {saved.length > 0 ? (
        <details>
          <summary>{t('vote.saved', { count: saved.length })}</summary>
          {saved.map((entry, index) => (
            <div key={index}>
              <strong>{entry.title}</strong> (
              {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(entry.savedAt))})
              <ol>
                {entry.results.map((r) => (
                  <li key={r.target.id}>
                    {r.target.label}: {r.count}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </details>
      ) : null}
    </section>
  );
}
