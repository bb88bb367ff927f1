import {
  applyImport,
  applyPersons,
  previewPersons,
  CsvFormatError,
  decodeCsvBytes,
  FIELD_LABELS,
  formatFuzzyDate,
  guessMapping,
  IMPORT_FIELDS,
  parseCsv,
  previewImport,
  type CsvTable,
  type ImportField,
} from '@qe/shared';
import { useMemo, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { useModalDialog } from '../components/useModalDialog';
import { useRecords } from './useRecords';

export type ImportKind = 'chronology' | 'persons';

interface ImportDialogProps {
  doc: Y.Doc;
  kind: ImportKind;
  /** transaction origin of the import, so it can be undone as one step */
  origin: object;
  onClose: (message?: string) => void;
}

/**
 * CSV import in three steps: choose a file, check the column mapping (and where new actors
 * go), check the preview. Import is possible only when no row has errors; then all rows go in
 * at once, as one undoable step.
 */
export function ImportDialog({ doc, kind, origin, onClose }: ImportDialogProps) {
  const { t } = useTranslation();
  const [laneChoices, setLaneChoices] = useState<Record<string, string>>({});
  const lanes = useRecords(doc, 'lanes').records;
  const dialog = useModalDialog();
  const [table, setTable] = useState<CsvTable>();
  const [encoding, setEncoding] = useState('');
  const [mapping, setMapping] = useState<(ImportField | null)[]>([]);
  const [error, setError] = useState<string>();

  const preview = useMemo(() => {
    if (!table) return undefined;
    if (kind === 'persons') {
      const persons = previewPersons(doc, table);
      return {
        errorCount: persons.errorCount,
        newLanes: [] as string[],
        unknownPersons: [] as string[],
        rows: persons.rows.map((row) => ({
          line: row.line,
          errors: row.errors,
          cells: row.person ? [row.person.alias, row.person.role, row.person.description] : [],
        })),
        apply: () => applyPersons(doc, persons, { origin }),
      };
    }
    const events = previewImport(doc, table, mapping);
    return {
      ...events,
      rows: events.rows.map((row) => ({
        line: row.line,
        errors: row.errors,
        // the date as the board will show it (records/fuzzyDate formatFuzzyDate)
        cells: row.event ? [formatFuzzyDate(row.event.date), row.event.laneName, row.event.fact] : [],
      })),
      apply: () => applyImport(doc, events, { laneChoices, origin }),
    };
  }, [doc, kind, table, mapping, laneChoices, origin]);

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setError(undefined);
    setTable(undefined);
    if (!file) return;
    try {
      const decoded = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
      const parsed = parseCsv(decoded.text);
      setEncoding(decoded.encoding);
      setTable(parsed);
      setMapping(guessMapping(parsed.headers));
    } catch (caught) {
      setError(caught instanceof CsvFormatError ? caught.message : t('import.unreadable'));
    }
  }

  function runImport() {
    if (!preview) return;
    try {
      const count = preview.apply();
      onClose(t(`import.done.${kind}`, { count }));
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  const badRows = preview?.rows.filter((row) => row.errors.length > 0) ?? [];
  return (
    <dialog ref={dialog} className="import-dialog" aria-labelledby="import-title" onCancel={() => onClose()}>
      <h2 id="import-title">{t(`import.title.${kind}`)}</h2>
      <p>{t(`import.intro.${kind}`)}</p>
      <label className="field">
        {t('import.file')}
        <input type="file" accept=".csv,text/csv,text/plain" onChange={readFile} />
      </label>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {table && preview ? (
        <>
          <p>{t('import.read', { rows: table.rows.length, encoding, delimiter: table.delimiter === '\t' ? 'Tab' : table.delimiter })}</p>
          {kind === 'chronology' ? (
            <fieldset>
              <legend>{t('import.mapping')}</legend>
              <div className="mapping">
                {table.headers.map((header, index) => (
                  <label key={index}>
                    {header || t('import.unnamedColumn', { number: index + 1 })}
                    <select
                      value={mapping[index] ?? ''}
                      onChange={(event) => {
                        const next = [...mapping];
                        next[index] = (event.target.value || null) as ImportField | null;
                        setMapping(next);
                      }}
                    >
                      <option value="">{t('import.ignore')}</option>
                      {IMPORT_FIELDS.map((field) => (
                        <option key={field} value={field}>
                          {FIELD_LABELS[field]}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          {preview.newLanes.length > 0 ? (
            <fieldset>
              <legend>{t('import.newLanes')}</legend>
              <div className="mapping">
                {preview.newLanes.map((name) => (
                  <label key={name}>
                    {name}
                    <select value={laneChoices[name] ?? ''} onChange={(event) => setLaneChoices({ ...laneChoices, [name]: event.target.value })}>
                      <option value="">{t('import.createLane', { name })}</option>
                      {lanes.map((lane) => (
                        <option key={lane.id} value={lane.id}>
                          {t('import.useLane', { name: lane.name })}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          {preview.unknownPersons.length > 0 ? <p>{t('import.newPersons', { persons: preview.unknownPersons.join(', ') })}</p> : null}
          <p role="status" className={badRows.length > 0 ? 'error' : ''}>
            {badRows.length > 0 ? t('import.errors', { count: badRows.length }) : t(`import.ready.${kind}`, { count: preview.rows.length })}
          </p>
          {/* scrolls on its own: focusable, so keyboard users can scroll it too (WCAG 2.1.1) */}
          <div className="preview" tabIndex={0} role="region" aria-label={t('import.preview')}>
            <table>
              <caption className="visually-hidden">{t('import.preview')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  {(kind === 'chronology'
                    ? [FIELD_LABELS.date, FIELD_LABELS.lane, FIELD_LABELS.fact]
                    : [t('import.alias'), t('import.role'), t('import.description')]
                  ).map((label) => (
                    <th key={label} scope="col">
                      {label}
                    </th>
                  ))}
                  <th scope="col">{t('import.problems')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.line} className={row.errors.length > 0 ? 'row-error' : undefined}>
                    <th scope="row">{row.line}</th>
                    {[0, 1, 2].map((index) => (
                      <td key={index}>{row.cells[index]?.slice(0, 120)}</td>
                    ))}
                    <td>{row.errors.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={runImport} disabled={!preview || badRows.length > 0 || preview.rows.length === 0}>
          {t(`import.submit.${kind}`, { count: preview?.rows.length ?? 0 })}
        </button>
        <button type="button" className="secondary" onClick={() => onClose()}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
