import { createRecord, deleteRecord, formatFuzzyDate, updateRecord } from '@qe/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { EditableCell } from './EditableCell';
import { addFrom, saveRecord as save } from './registerForms';
import { useRecords } from './useRecords';
import { useCaseNumbering } from './useCaseNumbering';

/** The board's lanes (actors of the chronology): rename, reorder, add. */
export function LaneEditor({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  const lanes = [...useRecords(doc, 'lanes').records].sort((a, b) => a.order - b.order);
  const [error, setError] = useState<string>();
  const add = addFrom((field) => createRecord(doc, 'lanes', { name: field('name'), order: (lanes.at(-1)?.order ?? -1) + 1 }), setError);
  const swap = (index: number, other: number) => {
    const [a, b] = [lanes[index]!, lanes[other]!];
    doc.transact(() => {
      updateRecord(doc, 'lanes', a.id, { order: b.order });
      updateRecord(doc, 'lanes', b.id, { order: a.order });
    });
  };
  return (
    <details className="register">
      <summary>{t('registers.lanes', { count: lanes.length })}</summary>
      <ol>
        {lanes.map((lane, index) => (
          <li key={lane.id}>
            <EditableCell
              label={t('registers.laneName', { number: index + 1 })}
              value={lane.name}
              readOnly={readOnly}
              onCommit={(name) => save(doc, 'lanes', lane.id, { name })}
            />
            {readOnly ? null : (
              <>
                <button type="button" disabled={index === 0} onClick={() => swap(index, index - 1)} aria-label={t('registers.up', { name: lane.name })}>
                  ↑
                </button>
                <button
                  type="button"
                  disabled={index === lanes.length - 1}
                  onClick={() => swap(index, index + 1)}
                  aria-label={t('registers.down', { name: lane.name })}
                >
                  ↓
                </button>
              </>
            )}
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <form className="inline-form" onSubmit={add}>
          <label className="card-field">
            <span>{t('registers.newLane')}</span>
            <input name="name" required />
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

/** The case's person register: pseudonyms (aliases) only, never real names. */
export function PersonRegister({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  const persons = [...useRecords(doc, 'persons').records].sort((a, b) => a.alias.localeCompare(b.alias, 'de'));
  const [error, setError] = useState<string>();
  const add = addFrom((field) => createRecord(doc, 'persons', { alias: field('alias'), role: field('role') }), setError);
  return (
    <details className="register">
      <summary>{t('registers.persons', { count: persons.length })}</summary>
      <p className="hint">{t('registers.aliasHint')}</p>
      <table className="chronology-table">
        <thead>
          <tr>
            <th scope="col">{t('import.alias')}</th>
            <th scope="col">{t('import.role')}</th>
            <th scope="col">{t('import.description')}</th>
            {readOnly ? null : (
              <th scope="col">
                <span className="visually-hidden">{t('chronology.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {persons.map((person) => (
            <tr key={person.id}>
              <td>
                <EditableCell
                  label={t('registers.aliasOf', { alias: person.alias })}
                  value={person.alias}
                  readOnly={readOnly}
                  onCommit={(alias) => save(doc, 'persons', person.id, { alias })}
                />
              </td>
              <td>
                <EditableCell
                  label={t('registers.roleOf', { alias: person.alias })}
                  value={person.role}
                  readOnly={readOnly}
                  onCommit={(role) => save(doc, 'persons', person.id, { role })}
                />
              </td>
              <td>
                <EditableCell
                  label={t('registers.descriptionOf', { alias: person.alias })}
                  value={person.description}
                  multiline
                  readOnly={readOnly}
                  onCommit={(description) => save(doc, 'persons', person.id, { description })}
                />
              </td>
              {readOnly ? null : (
                <td>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => window.confirm(t('registers.confirmDelete', { alias: person.alias })) && deleteRecord(doc, 'persons', person.id)}
                  >
                    {t('chronology.delete')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {readOnly ? null : (
        <form className="inline-form" onSubmit={add}>
          <label className="card-field">
            <span>{t('import.alias')}</span>
            <input name="alias" required />
          </label>
          <label className="card-field">
            <span>{t('import.role')}</span>
            <input name="role" />
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

/** Quality topics of the board (default list from the pilot, editable). */
export function ThemeEditor({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  const themes = [...useRecords(doc, 'themes').records].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const [error, setError] = useState<string>();
  const add = addFrom((field) => createRecord(doc, 'themes', { name: field('name') }), setError);
  return (
    <details className="register">
      <summary>{t('registers.themes', { count: themes.length })}</summary>
      <ul>
        {themes.map((theme) => (
          <li key={theme.id}>
            <EditableCell
              label={t('registers.themeName', { name: theme.name })}
              value={theme.name}
              readOnly={readOnly}
              onCommit={(name) => save(doc, 'themes', theme.id, { name })}
            />
            {readOnly ? null : (
              <button
                type="button"
                className="danger"
                onClick={() => window.confirm(t('registers.confirmDeleteTheme', { name: theme.name })) && deleteRecord(doc, 'themes', theme.id)}
              >
                {t('chronology.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form className="inline-form" onSubmit={add}>
          <label className="card-field">
            <span>{t('registers.newTheme')}</span>
            <input name="name" required />
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

/** Findings (Befunde) with their quality topics and evidence from the chronology. */
export function FindingsRegister({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  // findings and events in the one numbering order (shared records/numbering)
  const { findings, events } = useCaseNumbering(doc);
  const themes = useRecords(doc, 'themes').records;
  const [error, setError] = useState<string>();
  const add = addFrom((field) => createRecord(doc, 'findings', { text: field('text') }), setError);
  return (
    <details className="register">
      <summary>{t('registers.findings', { count: findings.length })}</summary>
      <ol>
        {findings.map((finding, index) => (
          <li key={finding.id} className="finding">
            <EditableCell
              label={t('registers.findingText', { number: index + 1 })}
              value={finding.text}
              multiline
              readOnly={readOnly}
              onCommit={(text) => save(doc, 'findings', finding.id, { text })}
            />
            <label className="card-field">
              <span>{t('inspector.fields.themes')}</span>
              <select
                multiple
                disabled={readOnly}
                value={finding.themeIds}
                onChange={(e) => save(doc, 'findings', finding.id, { themeIds: [...e.target.selectedOptions].map((o) => o.value) })}
              >
                {themes.map((theme) => (
                  <option key={theme.id} value={theme.id}>
                    {theme.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="card-field">
              <span>{t('inspector.fields.evidenceEvents')}</span>
              <select
                multiple
                disabled={readOnly}
                value={finding.evidence.eventIds}
                onChange={(e) =>
                  save(doc, 'findings', finding.id, { evidence: { ...finding.evidence, eventIds: [...e.target.selectedOptions].map((o) => o.value) } })
                }
              >
                {events.map((ev, n) => (
                  <option key={ev.id} value={ev.id}>
                    {t('cards.evidenceLink.events', { number: n + 1 })}: {formatFuzzyDate(ev.date)}
                  </option>
                ))}
              </select>
            </label>
            {readOnly ? null : (
              <button type="button" className="danger" onClick={() => deleteRecord(doc, 'findings', finding.id)}>
                {t('chronology.delete')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <form className="inline-form" onSubmit={add}>
          <label className="card-field">
            <span>{t('registers.newFinding')}</span>
            <textarea name="text" required rows={2} />
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
