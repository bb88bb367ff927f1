import { createRecord, deleteRecord, DOCUMENT_STATUSES, HOUSE_AREAS, parseFuzzyDate, type HouseArea } from '@qe/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { EditableCell } from './EditableCell';
import { addFrom, saveRecord as save } from './registerForms';
import { useRecords } from './useRecords';
import { useStructureNumbering } from './useCaseNumbering';
import { useProcedureEvidence, type ProcedureAccess } from './useProcedureEvidence';

const windowKey = (window: { boardId: string; findingId: string }) => `${window.boardId}|${window.findingId}`;

/**
 * The structure board's registers ("das Jugendamt als Haus"): indicators, reviewed documents and
 * structural findings with what supports them, in the one numbering the cards and the report use.
 */
export function StructureRegisters({ doc, readOnly, procedureAccess }: { doc: Y.Doc; readOnly: boolean; procedureAccess?: ProcedureAccess }) {
  return (
    <>
      <IndicatorRegister doc={doc} readOnly={readOnly} />
      <DocumentRegister doc={doc} readOnly={readOnly} />
      <StructuralFindingRegister doc={doc} readOnly={readOnly} procedureAccess={procedureAccess} />
    </>
  );
}

function AreaSelect({ value, disabled, onChange, name }: { value?: HouseArea; disabled?: boolean; onChange?: (area: HouseArea) => void; name?: string }) {
  const { t } = useTranslation();
  return (
    <label className="card-field">
      <span>{t('structure.area')}</span>
      <select
        name={name}
        value={value}
        defaultValue={value === undefined ? HOUSE_AREAS[1] : undefined}
        disabled={disabled}
        onChange={(event) => onChange?.(event.target.value as HouseArea)}
      >
        {HOUSE_AREAS.map((area) => (
          <option key={area}>{area}</option>
        ))}
      </select>
    </label>
  );
}

function IndicatorRegister({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  const { indicators, indicatorNumber } = useStructureNumbering(doc);
  const [error, setError] = useState<string>();
  const add = addFrom((field) => {
    const year = field('year').trim();
    createRecord(doc, 'indicators', {
      area: field('area') as HouseArea,
      name: field('name'),
      value: field('value'),
      unit: field('unit'),
      year: year ? Number(year) : null,
      comparison: field('comparison'),
      source: field('source'),
    });
  }, setError);
  const text = (id: string, field: 'name' | 'value' | 'unit' | 'comparison' | 'source' | 'note', label: string, value: string) => (
    <EditableCell label={label} value={value} readOnly={readOnly} onCommit={(next) => save(doc, 'indicators', id, { [field]: next })} />
  );
  return (
    <details className="register">
      <summary>{t('structure.indicators', { count: indicators.length })}</summary>
      <ol>
        {indicators.map((indicator) => {
          const n = indicatorNumber.get(indicator.id);
          const label = (field: string) => t('structure.fieldOf', { field, number: n, what: t('structure.indicator') });
          return (
            <li key={indicator.id} className="finding">
              <AreaSelect value={indicator.area} disabled={readOnly} onChange={(area) => save(doc, 'indicators', indicator.id, { area })} />
              {text(indicator.id, 'name', label(t('structure.name')), indicator.name)}
              {text(indicator.id, 'value', label(t('structure.value')), indicator.value)}
              {text(indicator.id, 'unit', label(t('structure.unit')), indicator.unit)}
              <EditableCell
                label={label(t('structure.year'))}
                value={indicator.year === null ? '' : String(indicator.year)}
                readOnly={readOnly}
                onCommit={(next) => save(doc, 'indicators', indicator.id, { year: next.trim() ? Number(next) : null })}
              />
              {text(indicator.id, 'comparison', label(t('structure.comparison')), indicator.comparison)}
              {text(indicator.id, 'source', label(t('structure.source')), indicator.source)}
              {readOnly ? null : (
                <button type="button" className="danger" onClick={() => deleteRecord(doc, 'indicators', indicator.id)}>
                  {t('chronology.delete')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <form className="inline-form" onSubmit={add} aria-label={t('structure.addIndicator')}>
          <AreaSelect name="area" />
          {(['name', 'value', 'unit', 'year', 'comparison', 'source'] as const).map((field) => (
            <label key={field} className="card-field">
              <span>{t(`structure.${field}`)}</span>
              <input name={field} required={field === 'name' || field === 'value'} inputMode={field === 'year' ? 'numeric' : undefined} />
            </label>
          ))}
          <button type="submit">{t('structure.addIndicator')}</button>
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

function DocumentRegister({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  const { documents, documentNumber } = useStructureNumbering(doc);
  const [error, setError] = useState<string>();
  const add = addFrom((field) => {
    const date = field('date').trim();
    createRecord(doc, 'reviewedDocuments', {
      area: field('area') as HouseArea,
      title: field('title'),
      date: date ? parseFuzzyDate(date) : null,
      status: field('status') as (typeof DOCUMENT_STATUSES)[number],
      finding: field('finding'),
    });
  }, setError);
  return (
    <details className="register">
      <summary>{t('structure.documents', { count: documents.length })}</summary>
      <ol>
        {documents.map((document) => {
          const n = documentNumber.get(document.id);
          const label = (field: string) => t('structure.fieldOf', { field, number: n, what: t('structure.document') });
          return (
            <li key={document.id} className="finding">
              <EditableCell
                label={label(t('structure.title'))}
                value={document.title}
                readOnly={readOnly}
                onCommit={(title) => save(doc, 'reviewedDocuments', document.id, { title })}
              />
              <label className="card-field">
                <span>{label(t('structure.status'))}</span>
                <select
                  value={document.status}
                  disabled={readOnly}
                  onChange={(event) => save(doc, 'reviewedDocuments', document.id, { status: event.target.value as (typeof DOCUMENT_STATUSES)[number] })}
                >
                  {DOCUMENT_STATUSES.map((status) => (
                    <option key={status}>{status}</option>
                  ))}
                </select>
              </label>
              <EditableCell
                label={label(t('structure.finding'))}
                value={document.finding}
                multiline
                readOnly={readOnly}
                onCommit={(finding) => save(doc, 'reviewedDocuments', document.id, { finding })}
              />
              {readOnly ? null : (
                <button type="button" className="danger" onClick={() => deleteRecord(doc, 'reviewedDocuments', document.id)}>
                  {t('chronology.delete')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <form className="inline-form" onSubmit={add} aria-label={t('structure.addDocument')}>
          <label className="card-field">
            <span>{t('structure.area')}</span>
            <select name="area" defaultValue={HOUSE_AREAS[0]}>
              {HOUSE_AREAS.map((area) => (
                <option key={area}>{area}</option>
              ))}
            </select>
          </label>
          <label className="card-field">
            <span>{t('structure.title')}</span>
            <input name="title" required />
          </label>
          <label className="card-field">
            <span>{t('structure.date')}</span>
            <input name="date" placeholder="03/2019" />
          </label>
          <label className="card-field">
            <span>{t('structure.status')}</span>
            <select name="status" defaultValue="aktuell">
              {DOCUMENT_STATUSES.map((status) => (
                <option key={status}>{status}</option>
              ))}
            </select>
          </label>
          <label className="card-field">
            <span>{t('structure.finding')}</span>
            <textarea name="finding" rows={2} />
          </label>
          <button type="submit">{t('structure.addDocument')}</button>
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

function StructuralFindingRegister({ doc, readOnly, procedureAccess }: { doc: Y.Doc; readOnly: boolean; procedureAccess?: ProcedureAccess }) {
  const { t } = useTranslation();
  // the windows into the house: findings of the procedure's case boards, as the report numbers them
  const caseFindings = useProcedureEvidence(procedureAccess)?.filter((item) => item.kind === 'findings');
  const { findings, findingNumber, indicators, indicatorNumber, documents, documentNumber } = useStructureNumbering(doc);
  const themes = useRecords(doc, 'themes').records;
  const [error, setError] = useState<string>();
  const add = addFrom((field) => createRecord(doc, 'structuralFindings', { text: field('text') }), setError);
  const selected = (event: React.ChangeEvent<HTMLSelectElement>) => [...event.target.selectedOptions].map((option) => option.value);
  return (
    <details className="register">
      <summary>{t('structure.findings', { count: findings.length })}</summary>
      <ol>
        {findings.map((finding) => {
          const n = findingNumber.get(finding.id);
          return (
            <li key={finding.id} className="finding">
              <EditableCell
                label={t('cards.structuralFindingNumber', { number: n })}
                value={finding.text}
                multiline
                readOnly={readOnly}
                onCommit={(text) => save(doc, 'structuralFindings', finding.id, { text })}
              />
              <label className="card-field">
                <span>{t('inspector.fields.themes')}</span>
                <select
                  multiple
                  disabled={readOnly}
                  value={finding.themeIds}
                  onChange={(event) => save(doc, 'structuralFindings', finding.id, { themeIds: selected(event) })}
                >
                  {themes.map((theme) => (
                    <option key={theme.id} value={theme.id}>
                      {theme.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="card-field">
                <span>{t('structure.supportingIndicators')}</span>
                <select
                  multiple
                  disabled={readOnly}
                  value={finding.indicatorIds}
                  onChange={(event) => save(doc, 'structuralFindings', finding.id, { indicatorIds: selected(event) })}
                >
                  {indicators.map((indicator) => (
                    <option key={indicator.id} value={indicator.id}>
                      {t('cards.indicatorNumber', { number: indicatorNumber.get(indicator.id) })}: {indicator.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="card-field">
                <span>{t('structure.supportingDocuments')}</span>
                <select
                  multiple
                  disabled={readOnly}
                  value={finding.documentIds}
                  onChange={(event) => save(doc, 'structuralFindings', finding.id, { documentIds: selected(event) })}
                >
                  {documents.map((document) => (
                    <option key={document.id} value={document.id}>
                      {t('cards.documentNumber', { number: documentNumber.get(document.id) })}: {document.title}
                    </option>
                  ))}
                </select>
              </label>
              {caseFindings && caseFindings.length > 0 ? (
                <label className="card-field">
                  <span>{t('structure.windows')}</span>
                  <select
                    multiple
                    disabled={readOnly}
                    value={finding.windows.map(windowKey)}
                    onChange={(event) =>
                      save(doc, 'structuralFindings', finding.id, {
                        // windows to findings not offered here (e.g. deleted since) are kept
                        windows: [
                          ...finding.windows.filter(
                            (w) => !caseFindings.some((item) => windowKey({ boardId: item.boardId, findingId: item.id }) === windowKey(w)),
                          ),
                          ...selected(event).map((key) => {
                            const [boardId = '', findingId = ''] = key.split('|');
                            return { boardId, findingId };
                          }),
                        ],
                      })
                    }
                  >
                    {caseFindings.map((item) => (
                      <option key={`${item.boardId}|${item.id}`} value={windowKey({ boardId: item.boardId, findingId: item.id })}>
                        {t('inspector.otherBoards.findings', { label: item.label, number: item.number, text: item.text })}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {readOnly ? null : (
                <button type="button" className="danger" onClick={() => deleteRecord(doc, 'structuralFindings', finding.id)}>
                  {t('chronology.delete')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <form className="inline-form" onSubmit={add} aria-label={t('structure.addFinding')}>
          <label className="card-field">
            <span>{t('cards.structuralFinding')}</span>
            <textarea name="text" required rows={2} />
          </label>
          <button type="submit">{t('structure.addFinding')}</button>
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
