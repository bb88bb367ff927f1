import {
  applyImport,
  CsvFormatError,
  decodeCsvBytes,
  FIELD_LABELS,
  guessMapping,
  IMPORT_FIELDS,
  parseCsv,
  previewImport,
  type CsvTable,
  type ImportField,
} from '@qe/shared';
import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';

/**
 * Chronology import in three steps: choose a CSV file, check the column mapping, check the
 * preview. Import is possible only when no row has errors; then all rows go in at once.
 */
export function ImportDialog({ doc, onClose }: { doc: Y.Doc; onClose: (message?: string) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [table, setTable] = useState<CsvTable>();
  const [encoding, setEncoding] = useState('');
  const [mapping, setMapping] = useState<(ImportField | null)[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const preview = useMemo(() => (table ? previewImport(doc, table, mapping) : undefined), [doc, table, mapping]);

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
      const count = applyImport(doc, preview);
      onClose(t('import.done', { count }));
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  const badRows = preview?.rows.filter((row) => row.errors.length > 0) ?? [];
  return (
    <dialog ref={dialog} className="import-dialog" aria-labelledby="import-title" onCancel={() => onClose()}>
      <h2 id="import-title">{t('import.title')}</h2>
      <p>{t('import.intro')}</p>
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
          {preview.newLanes.length > 0 ? <p>{t('import.newLanes', { lanes: preview.newLanes.join(', ') })}</p> : null}
          {preview.unknownPersons.length > 0 ? <p>{t('import.newPersons', { persons: preview.unknownPersons.join(', ') })}</p> : null}
          <p role="status" className={badRows.length > 0 ? 'error' : ''}>
            {badRows.length > 0 ? t('import.errors', { count: badRows.length }) : t('import.ready', { count: preview.rows.length })}
          </p>
          <div className="preview">
            <table>
              <caption className="visually-hidden">{t('import.preview')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  <th scope="col">{FIELD_LABELS.date}</th>
                  <th scope="col">{FIELD_LABELS.lane}</th>
                  <th scope="col">{FIELD_LABELS.fact}</th>
                  <th scope="col">{t('import.problems')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.line} className={row.errors.length > 0 ? 'row-error' : undefined}>
                    <th scope="row">{row.line}</th>
                    <td>{row.event?.date.text}</td>
                    <td>{row.event?.laneName}</td>
                    <td>{row.event?.fact.slice(0, 120)}</td>
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
          {t('import.submit', { count: preview?.rows.length ?? 0 })}
        </button>
        <button type="button" className="secondary" onClick={() => onClose()}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
