import { createRecord, deleteRecord, RecordValidationError, updateRecord, type RecordKind } from '@qe/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { EditableCell } from './EditableCell';
import { useRecords } from './useRecords';

const problemOf = (error: unknown) => (error instanceof RecordValidationError ? error.problems.join('; ') : String(error));

function save(doc: Y.Doc, kind: RecordKind, id: string, patch: Record<string, unknown>): string | undefined {
  try {
    updateRecord(doc, kind, id, patch as never);
    return undefined;
  } catch (error) {
    return problemOf(error);
  }
}

/** The board's lanes (actors of the chronology): rename, reorder, add. */
export function LaneEditor({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  const lanes = [...useRecords(doc, 'lanes').records].sort((a, b) => a.order - b.order);
  const [error, setError] = useState<string>();
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      createRecord(doc, 'lanes', { name: String(new FormData(form).get('name') ?? ''), order: (lanes.at(-1)?.order ?? -1) + 1 });
      form.reset();
      setError(undefined);
    } catch (caught) {
      setError(problemOf(caught));
    }
  };
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
            <EditableCell label={t('registers.laneName', { number: index + 1 })} value={lane.name} readOnly={readOnly} onCommit={(name) => save(doc, 'lanes', lane.id, { name })} />
            {readOnly ? null : (
              <>
                <button type="button" disabled={index === 0} onClick={() => swap(index, index - 1)} aria-label={t('registers.up', { name: lane.name })}>↑</button>
                <button type="button" disabled={index === lanes.length - 1} onClick={() => swap(index, index + 1)} aria-label={t('registers.down', { name: lane.name })}>↓</button>
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
      {error ? <p className="error" role="alert">{error}</p> : null}
    </details>
  );
}

/** The case's person register: pseudonyms (aliases) only, never real names. */
export function PersonRegister({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  const persons = [...useRecords(doc, 'persons').records].sort((a, b) => a.alias.localeCompare(b.alias, 'de'));
  const [error, setError] = useState<string>();
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    try {
      createRecord(doc, 'persons', { alias: String(data.get('alias') ?? ''), role: String(data.get('role') ?? '') });
      form.reset();
      setError(undefined);
    } catch (caught) {
      setError(problemOf(caught));
    }
  };
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
            {readOnly ? null : <th scope="col"><span className="visually-hidden">{t('chronology.actions')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {persons.map((person) => (
            <tr key={person.id}>
              <td><EditableCell label={t('registers.aliasOf', { alias: person.alias })} value={person.alias} readOnly={readOnly} onCommit={(alias) => save(doc, 'persons', person.id, { alias })} /></td>
              <td><EditableCell label={t('registers.roleOf', { alias: person.alias })} value={person.role} readOnly={readOnly} onCommit={(role) => save(doc, 'persons', person.id, { role })} /></td>
              <td><EditableCell label={t('registers.descriptionOf', { alias: person.alias })} value={person.description} multiline readOnly={readOnly} onCommit={(description) => save(doc, 'persons', person.id, { description })} /></td>
              {readOnly ? null : (
                <td>
                  <button type="button" className="danger" onClick={() => window.confirm(t('registers.confirmDelete', { alias: person.alias })) && deleteRecord(doc, 'persons', person.id)}>
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
          <label className="card-field"><span>{t('import.alias')}</span><input name="alias" required /></label>
          <label className="card-field"><span>{t('import.role')}</span><input name="role" /></label>
          <button type="submit">{t('registers.add')}</button>
        </form>
      )}
      {error ? <p className="error" role="alert">{error}</p> : null}
    </details>
  );
}
