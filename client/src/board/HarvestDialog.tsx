import { listRecords, orderById, tableNumber, type CafeNote, type WorldCafe } from '@qe/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { useModalDialog } from '../components/useModalDialog';

function useCafeNotes(doc: Y.Doc): CafeNote[] {
  const [notes, setNotes] = useState(() => orderById(listRecords(doc, 'cafeNotes').records));
  useEffect(() => {
    const map = doc.getMap('records.cafeNotes');
    const refresh = () => setNotes(orderById(listRecords(doc, 'cafeNotes').records));
    refresh();
    map.observeDeep(refresh);
    return () => map.unobserveDeep(refresh);
  }, [doc]);
  return notes;
}

/**
 * The World Café's harvest: every table's question with all cards written there, round by round,
 * in one readable list (also for screen readers, which the canvas is not). Cards of a table that
 * was removed are kept under their own heading.
 */
export function HarvestDialog({ doc, cafe, onClose }: { doc: Y.Doc; cafe: WorldCafe; onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useModalDialog();
  const notes = useCafeNotes(doc);
  const tableIds = new Set(cafe.tables.map((table) => table.id));
  const groups = [
    ...cafe.tables.map((table, index) => ({
      id: table.id,
      heading: t('cafe.harvest.table', { number: tableNumber(cafe.tables, index), question: table.question }),
      notes: notes.filter((note) => note.tableId === table.id),
    })),
    { id: 'removed', heading: t('cafe.harvest.removed'), notes: notes.filter((note) => !tableIds.has(note.tableId)) },
  ].filter((group) => group.id !== 'removed' || group.notes.length > 0);
  return (
    <dialog ref={dialog} className="import-dialog harvest-dialog" aria-labelledby="harvest-title" onCancel={onClose}>
      <h2 id="harvest-title">{t('cafe.harvest.title')}</h2>
      <p>
        {cafe.tables.length === 0
          ? t('cafe.harvest.noTables')
          : `${t('cafe.harvest.cards', { count: notes.length })} ${t('cafe.harvest.atTables', { count: cafe.tables.length })}`}
      </p>
      {groups.map((group) => (
        <section key={group.id} className="harvest-table" aria-labelledby={`harvest-${group.id}`}>
          <h3 id={`harvest-${group.id}`}>{group.heading}</h3>
          {group.notes.length === 0 ? (
            <p className="empty">{t('cafe.harvest.noNotes')}</p>
          ) : (
            <ul>
              {group.notes.map((note) => (
                <li key={note.id}>
                  <span className="qe-badge">{t('cafe.roundBadge', { round: note.round })}</span> {note.text}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </dialog>
  );
}
