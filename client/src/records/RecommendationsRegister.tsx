import { canEditBoard, createRecord, deleteRecord, mayEditRecord, PRIORITIES, RECOMMENDATION_STATUSES, type Recommendation, type Role } from '@qe/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { goToPrivateWriting, usePrivateKind, writesPrivately } from '../board/privateWriting';
import { useLocked } from '../board/useLocked';
import { EditableCell } from './EditableCell';
import { addFrom, saveRecord } from './registerForms';
import { useCaseNumbering } from './useCaseNumbering';

const TEXT_FIELDS = [
  { field: 'title', label: 'inspector.fields.title', multiline: false },
  { field: 'addressee', label: 'cards.addressee', multiline: false },
  { field: 'intendedOutcome', label: 'inspector.fields.intendedOutcome', multiline: true },
  { field: 'timeframe', label: 'inspector.fields.timeframe', multiline: false },
] as const;

type Save = (id: string, patch: Partial<Recommendation>) => string | undefined;

/**
 * The recommendations as a table, so they can be written and edited without the canvas (and with
 * the keyboard alone). The rationale (rich text) and evidence stay in the canvas's inspector.
 */
export function RecommendationsRegister({ doc, role }: { doc: Y.Doc; role: Role }) {
  const readOnly = !canEditBoard(role);
  const { t } = useTranslation();
  // the order and numbers of cards and report (shared records/numbering)
  const recommendations = useCaseNumbering(doc).recommendations;
  const [error, setError] = useState<string>();
  const save: Save = (id, patch) => saveRecord(doc, 'recommendations', id, patch);
  const add = addFrom((field) => createRecord(doc, 'recommendations', { title: field('title') }), setError);
  // while a private phase runs for recommendations, a participant's new one is written privately (shared rules: mayCreateRecord)
  const privately = writesPrivately(role, 'recommendations', usePrivateKind(doc));

  return (
    <details className="register">
      <summary>{t('registers.recommendations', { count: recommendations.length })}</summary>
      <p className="hint">{t('registers.recommendationsHint')}</p>
      {recommendations.length > 0 ? (
        <table className="chronology-table">
          <caption className="visually-hidden">{t('registers.recommendations', { count: recommendations.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chronology.number')}</th>
              {TEXT_FIELDS.map(({ field, label }) => (
                <th key={field} scope="col">
                  {t(label)}
                </th>
              ))}
              <th scope="col">{t('inspector.fields.priority')}</th>
              <th scope="col">{t('inspector.fields.status')}</th>
              <th scope="col">{t('inspector.fields.discardReason')}</th>
              {readOnly ? null : (
                <th scope="col">
                  <span className="visually-hidden">{t('chronology.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {recommendations.map((recommendation, index) => (
              <RecommendationRow
                key={recommendation.id}
                doc={doc}
                recommendation={recommendation}
                number={index + 1}
                readOnly={readOnly}
                role={role}
                save={save}
                report={setError}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      {readOnly ? null : privately ? (
        <p className="inline-form">
          <span>{t('privatePhase.onlyYouUntilReveal')}</span>{' '}
          <button type="button" onClick={goToPrivateWriting}>
            {t('frameActions.addPrivately.recommendations')}
          </button>
        </p>
      ) : (
        <form className="inline-form" onSubmit={add}>
          <label className="card-field">
            <span>{t('registers.newRecommendation')}</span>
            <input name="title" required />
          </label>
          <button type="submit">{t('registers.add')}</button>
        </form>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </details>
  );
}

interface RowProps {
  doc: Y.Doc;
  recommendation: Recommendation;
  number: number;
  readOnly: boolean;
  role: Role;
  save: Save;
  /** shows (or clears) a problem with a choice below the table */
  report: (problem: string | undefined) => void;
}

/** One recommendation; a locked one (agreed in the session) is shown, not edited, except by moderators. */
function RecommendationRow({ doc, recommendation, number, readOnly: roleReadOnly, role, save, report }: RowProps) {
  const { t } = useTranslation();
  const locked = useLocked(doc, 'recommendations', recommendation.id);
  const readOnly = roleReadOnly || !mayEditRecord(role, locked);
  const cellLabel = (label: string) => t('registers.recommendationCell', { column: t(label), number });
  const choice = <F extends 'priority' | 'status'>(field: F, options: readonly Recommendation[F][]) =>
    readOnly ? (
      recommendation[field]
    ) : (
      <select
        aria-label={cellLabel(`inspector.fields.${field}`)}
        value={recommendation[field]}
        onChange={(event) => report(save(recommendation.id, { [field]: event.target.value }))}
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  return (
    <tr data-recommendation-id={recommendation.id}>
      <th scope="row">
        {number}
        {locked ? <span className="meta"> ({t('registers.locked')})</span> : null}
      </th>
      {TEXT_FIELDS.map(({ field, label, multiline }) => (
        <td key={field}>
          <EditableCell
            label={cellLabel(label)}
            value={recommendation[field]}
            multiline={multiline}
            readOnly={readOnly}
            onCommit={(value) => save(recommendation.id, { [field]: value })}
          />
        </td>
      ))}
      <td>{choice('priority', PRIORITIES)}</td>
      <td>{choice('status', RECOMMENDATION_STATUSES)}</td>
      <td>
        <EditableCell
          label={cellLabel('inspector.fields.discardReason')}
          value={recommendation.discardReason}
          multiline
          readOnly={readOnly}
          onCommit={(discardReason) => save(recommendation.id, { discardReason })}
        />
      </td>
      {roleReadOnly ? null : (
        <td>
          {readOnly ? null : (
            <button
              type="button"
              className="danger"
              onClick={() => window.confirm(t('inspector.confirmDelete')) && deleteRecord(doc, 'recommendations', recommendation.id)}
              aria-label={t('registers.deleteRecommendation', { number })}
            >
              {t('chronology.delete')}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
