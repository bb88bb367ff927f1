import {
  appliedTemplateIds,
  applyTemplate,
  canEditBoard,
  canModerate,
  compareEvents,
  compareFuzzyDates,
  formatFuzzyDate,
  createRecord,
  DateParseError,
  deleteRecord,
  DOC_LAYOUT,
  mayEditRecord,
  parseFuzzyDate,
  RECORD_KINDS,
  recordsMap,
  RecordValidationError,
  updateRecord,
  type CaseEvent,
  type Role,
} from '@qe/shared';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import { STRUCTURE_TEMPLATE, templateById } from '@qe/templates';
import { useLocked } from '../board/useLocked';
import { EditableCell } from './EditableCell';
import { ImportDialog, type ImportKind } from './ImportDialog';
import { RecommendationsRegister } from './RecommendationsRegister';
import { FindingsRegister, LaneEditor, PersonRegister, ThemeEditor } from './RegisterEditors';
import { StructureRegisters } from './StructureRegisters';
import type { ProcedureAccess } from './useProcedureEvidence';
import { useCaseNumbering } from './useCaseNumbering';
import { useRecords } from './useRecords';
import { useRecordUndo } from './useRecordUndo';

type SortKey = 'date' | 'lane' | 'fact' | 'source';
const TEXT_COLUMNS = ['fact', 'knownAtTheTime', 'assessment', 'source'] as const;

/**
 * The chronology as a table: the same event records the canvas shows, sortable, filterable
 * and editable with the keyboard alone.
 */
// the assistant brings the name lists (about 150 kB): loaded when a moderator first needs it
const PseudonymDialog = lazy(() => import('./PseudonymDialog').then((module) => ({ default: module.PseudonymDialog })));

export function ChronologyTable({
  doc,
  role,
  boardId,
  token,
  onShowCanvas,
  procedureAccess,
}: {
  doc: Y.Doc;
  role: Role;
  boardId?: string;
  token?: string;
  onShowCanvas?: () => void;
  /** the structure board's procedure: its case findings are the windows of a structural finding */
  procedureAccess?: ProcedureAccess;
}) {
  const readOnly = !canEditBoard(role);
  const { t } = useTranslation();
  const events = useRecords(doc, 'events');
  const lanes = useRecords(doc, 'lanes').records;
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'date', ascending: true });
  const [query, setQuery] = useState('');
  const [laneFilter, setLaneFilter] = useState('');
  const [importing, setImporting] = useState<ImportKind>();
  // an import is one step the importing user can take back
  const importOrigin = useMemo(() => ({ source: 'csv-import' }), []);
  const importUndo = useMemo(
    () =>
      new Y.UndoManager(
        RECORD_KINDS.map((kind) => recordsMap(doc, kind)),
        { trackedOrigins: new Set([importOrigin]) },
      ),
    [doc, importOrigin],
  );
  useEffect(() => () => importUndo.destroy(), [importUndo]);
  const [canUndoImport, setCanUndoImport] = useState(false);
  const history = useRecordUndo(doc);
  // the pseudonymisation is one step the moderator can take back, as an import is
  const moderator = canModerate(role) && boardId !== undefined && token !== undefined;
  const [pseudonymising, setPseudonymising] = useState(false);
  const pseudonymOrigin = useMemo(() => ({ source: 'pseudonyms' }), []);
  const pseudonymUndo = useMemo(
    () =>
      new Y.UndoManager([...RECORD_KINDS.map((kind) => recordsMap(doc, kind)), doc.getArray(DOC_LAYOUT.canvasRecords)], {
        trackedOrigins: new Set([pseudonymOrigin]),
      }),
    [doc, pseudonymOrigin],
  );
  useEffect(() => () => pseudonymUndo.destroy(), [pseudonymUndo]);
  const [canUndoPseudonyms, setCanUndoPseudonyms] = useState(false);
  /** after a chronology import with real names in it, the assistant offers itself */
  const offerPseudonyms = async () => {
    if (!moderator) return;
    const { hasNames } = await import('./PseudonymDialog');
    if (hasNames(doc)) setPseudonymising(true);
  };
  const [status, setStatus] = useState('');
  const [offerTimeline, setOfferTimeline] = useState(false);
  const [focusEvent, setFocusEvent] = useState<string>();
  const table = useRef<HTMLTableElement>(null);

  const laneName = (id: string) => lanes.find((lane) => lane.id === id)?.name ?? t('chronology.unknownLane');
  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const compare: Record<SortKey, (a: CaseEvent, b: CaseEvent) => number> = {
      date: (a, b) => compareFuzzyDates(a.date, b.date),
      lane: (a, b) => laneName(a.laneId).localeCompare(laneName(b.laneId), 'de'),
      fact: (a, b) => a.fact.localeCompare(b.fact, 'de'),
      source: (a, b) => a.source.localeCompare(b.source, 'de'),
    };
    return events.records
      .filter((event) => !laneFilter || event.laneId === laneFilter)
      .filter(
        (event) =>
          !needle ||
          [event.date.text, formatFuzzyDate(event.date), event.fact, event.knownAtTheTime, event.assessment, event.source].some((text) =>
            text.toLowerCase().includes(needle),
          ),
      )
      .sort((a, b) => (sort.ascending ? 1 : -1) * (compare[sort.key](a, b) || compareEvents(a, b)));
  }, [events.records, lanes, query, laneFilter, sort]); // eslint-disable-line react-hooks/exhaustive-deps

  // a new event's first cell takes the focus, so it can be filled in right away
  useEffect(() => {
    if (!focusEvent) return;
    const row = `tr[data-event-id="${CSS.escape(focusEvent)}"]`;
    const cell = table.current?.querySelector<HTMLElement>(`${row} input, ${row} textarea`);
    if (!cell) return;
    cell.focus();
    setFocusEvent(undefined);
  }, [focusEvent, rows]);

  // numbering follows the chronology, whatever the sort (shared records/numbering)
  const numbers = useCaseNumbering(doc).eventNumber;

  const save = (event: CaseEvent, patch: Partial<CaseEvent>): string | undefined => {
    try {
      updateRecord(doc, 'events', event.id, patch);
      return undefined;
    } catch (error) {
      return error instanceof RecordValidationError ? error.problems.join('; ') : String(error);
    }
  };
  const saveDate = (event: CaseEvent, text: string) => {
    try {
      return save(event, { date: parseFuzzyDate(text) });
    } catch (error) {
      return error instanceof DateParseError ? error.message : String(error);
    }
  };
  const addEvent = () => {
    const lane = lanes[0];
    if (!lane) return;
    const created = createRecord(doc, 'events', { date: parseFuzzyDate('unbekannt'), laneId: lane.id, fact: t('chronology.newEventText') });
    setStatus(t('chronology.added'));
    setQuery('');
    setLaneFilter('');
    setFocusEvent(created.id);
  };
  const remove = (event: CaseEvent) => {
    if (!window.confirm(t('chronology.confirmDelete', { number: numbers.get(event.id) }))) return;
    deleteRecord(doc, 'events', event.id);
    setStatus(t('chronology.deleted', { number: numbers.get(event.id) }));
  };
  const sortButton = (key: SortKey, label: string) => (
    <button type="button" className="sort" onClick={() => setSort({ key, ascending: sort.key === key ? !sort.ascending : true })}>
      {label}
      <span aria-hidden="true">{sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
    </button>
  );
  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : undefined);

  return (
    <section className="chronology" aria-labelledby="chronology-heading">
      <div className="chronology-bar">
        <h2 id="chronology-heading" tabIndex={-1}>
          {t('chronology.title')}
        </h2>
        <label>
          {t('chronology.search')}
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        </label>
        <label>
          {t('chronology.laneFilter')}
          <select value={laneFilter} onChange={(event) => setLaneFilter(event.target.value)}>
            <option value="">{t('chronology.allLanes')}</option>
            {lanes.map((lane) => (
              <option key={lane.id} value={lane.id}>
                {lane.name}
              </option>
            ))}
          </select>
        </label>
        {readOnly ? null : (
          <>
            <button type="button" onClick={addEvent}>
              {t('chronology.add')}
            </button>
            <button type="button" onClick={history.undo} disabled={!history.canUndo}>
              {t('chronology.undo')}
            </button>
            <button type="button" onClick={history.redo} disabled={!history.canRedo}>
              {t('chronology.redo')}
            </button>
            <button type="button" onClick={() => setImporting('chronology')}>
              {t('chronology.import')}
            </button>
            <button type="button" onClick={() => setImporting('persons')}>
              {t('chronology.importPersons')}
            </button>
            {moderator ? (
              <button type="button" onClick={() => setPseudonymising(true)}>
                {t('pseudonyms.open')}
              </button>
            ) : null}
            {canUndoPseudonyms ? (
              <button
                type="button"
                onClick={() => {
                  pseudonymUndo.undo();
                  setCanUndoPseudonyms(pseudonymUndo.canUndo());
                  setStatus(t('pseudonyms.undone'));
                }}
              >
                {t('pseudonyms.undo')}
              </button>
            ) : null}
            {canUndoImport ? (
              <button
                type="button"
                onClick={() => {
                  importUndo.undo();
                  setCanUndoImport(importUndo.canUndo());
                  setStatus(t('chronology.importUndone'));
                }}
              >
                {t('chronology.undoImport')}
              </button>
            ) : null}
          </>
        )}
      </div>
      {offerTimeline && !readOnly ? (
        <p className="guide-offer">
          {t('guide.afterImport')}{' '}
          <button
            type="button"
            onClick={() => {
              applyTemplate(doc, templateById('fallchronologie')!);
              setOfferTimeline(false);
              onShowCanvas?.();
            }}
          >
            {t('guide.createChronology')}
          </button>
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {events.records.length === 0 ? <p className="empty">{t('chronology.empty')}</p> : null}
      {events.invalid.length > 0 ? <p className="error">{t('chronology.invalid', { count: events.invalid.length })}</p> : null}
      {rows.length > 0 ? (
        <table className="chronology-table" ref={table}>
          <caption className="visually-hidden">{t('chronology.caption', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chronology.number')}</th>
              <th scope="col" aria-sort={ariaSort('date')}>
                {sortButton('date', t('chronology.date'))}
              </th>
              <th scope="col" aria-sort={ariaSort('lane')}>
                {sortButton('lane', t('chronology.lane'))}
              </th>
              <th scope="col" aria-sort={ariaSort('fact')}>
                {sortButton('fact', t('chronology.fact'))}
              </th>
              <th scope="col">{t('chronology.knownAtTheTime')}</th>
              <th scope="col">{t('chronology.assessment')}</th>
              <th scope="col" aria-sort={ariaSort('source')}>
                {sortButton('source', t('chronology.source'))}
              </th>
              <th scope="col">{t('chronology.keySituation')}</th>
              {readOnly ? null : (
                <th scope="col">
                  <span className="visually-hidden">{t('chronology.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((event) => (
              <ChronologyRow
                key={event.id}
                doc={doc}
                event={event}
                number={numbers.get(event.id)}
                tableReadOnly={readOnly}
                role={role}
                lanes={lanes}
                laneName={laneName}
                onSave={save}
                onSaveDate={saveDate}
                onRemove={remove}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      <LaneEditor doc={doc} readOnly={readOnly} />
      <PersonRegister doc={doc} readOnly={readOnly} />
      <ThemeEditor doc={doc} readOnly={readOnly} />
      <FindingsRegister doc={doc} readOnly={readOnly} />
      {/* a procedure's structure board starts with the house */}
      {appliedTemplateIds(doc).includes(STRUCTURE_TEMPLATE.id) ? <StructureRegisters doc={doc} readOnly={readOnly} procedureAccess={procedureAccess} /> : null}
      <RecommendationsRegister doc={doc} role={role} />
      {importing ? (
        <ImportDialog
          doc={doc}
          kind={importing}
          origin={importOrigin}
          onClose={(message) => {
            setImporting(undefined);
            if (message) {
              setStatus(message);
              setCanUndoImport(importUndo.canUndo());
              if (importing === 'chronology') void offerPseudonyms();
              // events are in: the next step is their timeline, if there is none yet
              if (importing === 'chronology' && !appliedTemplateIds(doc).includes('fallchronologie')) setOfferTimeline(true);
            }
          }}
        />
      ) : null}
      {pseudonymising && moderator ? (
        <Suspense fallback={null}>
          <PseudonymDialog
            doc={doc}
            boardId={boardId}
            token={token}
            origin={pseudonymOrigin}
            onClose={(message) => {
              setPseudonymising(false);
              if (message) {
                setStatus(message);
                setCanUndoPseudonyms(pseudonymUndo.canUndo());
              }
            }}
          />
        </Suspense>
      ) : null}
    </section>
  );
}

interface ChronologyRowProps {
  doc: Y.Doc;
  event: CaseEvent;
  number: number | undefined;
  /** the whole table is read-only (observer) */
  tableReadOnly: boolean;
  role: Role;
  lanes: { id: string; name: string }[];
  laneName: (id: string) => string;
  onSave: (event: CaseEvent, patch: Partial<CaseEvent>) => string | undefined;
  onSaveDate: (event: CaseEvent, text: string) => string | undefined;
  onRemove: (event: CaseEvent) => void;
}

/** One event; a locked one (agreed in the session, or on a locked frame) is shown, not edited, except by moderators. */
function ChronologyRow({ doc, event, number, tableReadOnly, role, lanes, laneName, onSave, onSaveDate, onRemove }: ChronologyRowProps) {
  const { t } = useTranslation();
  const locked = useLocked(doc, 'events', event.id);
  const readOnly = tableReadOnly || !mayEditRecord(role, locked);
  return (
    <tr data-event-id={event.id} data-locked={locked || undefined}>
      <th scope="row">
        {number}
        {locked ? <span className="meta"> ({t('registers.locked')})</span> : null}
      </th>
      <td>
        <EditableCell
          label={t('chronology.cellLabel', { column: t('chronology.date'), number })}
          value={event.date.text}
          display={formatFuzzyDate(event.date)}
          readOnly={readOnly}
          onCommit={(text) => onSaveDate(event, text)}
        />
        {event.date.approximate || event.date.precision !== 'day' ? (
          <span className="date-hint">{t(`chronology.precision.${event.date.approximate ? 'approximate' : event.date.precision}`)}</span>
        ) : null}
      </td>
      <td>
        {readOnly ? (
          laneName(event.laneId)
        ) : (
          <select
            aria-label={t('chronology.cellLabel', { column: t('chronology.lane'), number })}
            value={event.laneId}
            onChange={(e) => onSave(event, { laneId: e.target.value })}
          >
            {lanes.map((lane) => (
              <option key={lane.id} value={lane.id}>
                {lane.name}
              </option>
            ))}
          </select>
        )}
      </td>
      {TEXT_COLUMNS.map((column) => (
        <td key={column}>
          <EditableCell
            label={t('chronology.cellLabel', { column: t(`chronology.${column}`), number })}
            value={event[column]}
            multiline={column !== 'source'}
            readOnly={readOnly}
            onCommit={(text) => onSave(event, { [column]: text })}
          />
        </td>
      ))}
      <td>
        <input
          type="checkbox"
          aria-label={t('chronology.cellLabel', { column: t('chronology.keySituation'), number })}
          checked={event.isKeySituation}
          disabled={readOnly}
          onChange={(e) => onSave(event, { isKeySituation: e.target.checked })}
        />
      </td>
      {tableReadOnly ? null : (
        <td>
          {readOnly ? null : (
            <button type="button" className="danger" onClick={() => onRemove(event)} aria-label={t('chronology.deleteLabel', { number })}>
              {t('chronology.delete')}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
