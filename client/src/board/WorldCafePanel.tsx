import {
  addTable,
  appliedTemplatesMap,
  canEditBoard,
  canModerate,
  createRecord,
  DOC_LAYOUT,
  everyoneHasMovedRound,
  isRole,
  removeTable,
  resetTimer,
  seatEveryone,
  seatPerson,
  seatedAt,
  SESSION_STATE,
  sessionState,
  setGroup,
  setHost,
  setQuestion,
  startNextRound,
  startRound,
  startTimer,
  tableNumber,
  tableOf,
  TIMER_MAP,
  updateWorldCafe,
  WORLD_CAFE_TEMPLATE,
  worldCafe,
  type CafeTable,
  type Role,
  type WorldCafe,
} from '@qe/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from 'tldraw';
import type * as Y from 'yjs';
import { useAnnounceChange } from '../components/LiveAnnouncer';
import { HarvestDialog } from './HarvestDialog';
import { showShape } from './TemplateMenu';
import { cafeTableFrameId } from './templateSync';
import { useServerOffset } from './TimerPanel';
import { useMapValue } from './useMapValue';
import type { Participant } from './useParticipants';

/** The café's state, kept current from the session state. */
export function useWorldCafe(doc: Y.Doc): WorldCafe {
  return useMapValue(doc, SESSION_STATE, worldCafe);
}

const cafeApplied = (doc: Y.Doc) => appliedTemplatesMap(doc).has(WORLD_CAFE_TEMPLATE);

/** Takes this person to their table whenever the moderator calls everyone to their tables. */
export function useCafeSeatNavigation(editor: Editor | undefined, doc: Y.Doc, self: string): void {
  useEffect(() => {
    if (!editor) return;
    const state = doc.getMap(SESSION_STATE);
    let lastSeq = worldCafe(doc).moveSeq;
    let lastSeat = worldCafe(doc).seats[self];
    const follow = () => {
      const cafe = worldCafe(doc);
      const seatNow = cafe.seats[self];
      // everyone called to their table, or this person seated (late) or moved while the café runs
      const go = cafe.moveSeq > lastSeq || (cafe.round > 0 && seatNow !== lastSeat);
      lastSeq = Math.max(lastSeq, cafe.moveSeq);
      lastSeat = seatNow;
      const seat = tableOf(cafe, self);
      if (go && seat) showShape(editor, cafeTableFrameId(seat.table.id));
    };
    state.observe(follow);
    return () => state.unobserve(follow);
  }, [editor, doc, self]);
}

interface WorldCafePanelProps {
  doc: Y.Doc;
  role: string;
  self: string;
  /** who is here: moderators seat those who may edit and do not moderate */
  people: readonly Participant[];
  editor?: Editor;
}

/**
 * World Café in the facilitator panel, once its template is on the board: for the moderator the
 * tables, the seating and the rounds; for everyone their table, a card for it and the harvest.
 */
export function WorldCafePanel({ doc, role, self, people, editor }: WorldCafePanelProps) {
  const { t } = useTranslation();
  const applied = useMapValue(doc, DOC_LAYOUT.canvasTemplates, cafeApplied);
  const cafe = useWorldCafe(doc);
  const [harvest, setHarvest] = useState(false);
  if (!applied || !isRole(role)) return null;
  const moderator = canModerate(role);
  return (
    <details className="cafe-panel" open>
      <summary>{cafe.round > 0 ? t('cafe.titleRound', { round: cafe.round }) : t('cafe.title')}</summary>
      <MyTable doc={doc} cafe={cafe} self={self} role={role} people={people} editor={editor} />
      {moderator ? (
        <>
          <CafeRounds doc={doc} cafe={cafe} onHarvest={() => setHarvest(true)} />
          <CafeTables doc={doc} cafe={cafe} />
          <CafeSeating doc={doc} cafe={cafe} people={people} />
        </>
      ) : null}
      <button type="button" onClick={() => setHarvest(true)}>
        {t('cafe.harvest.open')}
      </button>
      {harvest ? <HarvestDialog doc={doc} cafe={cafe} onClose={() => setHarvest(false)} /> : null}
    </details>
  );
}

/**
 * This person's table: its question, whether they host it, who else sits there, the way there and
 * a card for it. Someone who may write but is not seated (yet) is told so.
 */
function MyTable({
  doc,
  cafe,
  self,
  role,
  people,
  editor,
}: {
  doc: Y.Doc;
  cafe: WorldCafe;
  self: string;
  role: Role;
  people: readonly Participant[];
  editor?: Editor;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const seat = tableOf(cafe, self);
  // read out when the round moves this person on
  useAnnounceChange(seat && cafe.round > 0 ? t('cafe.mine.announce', { round: cafe.round, number: seat.number }) : undefined);
  if (!seat) {
    const waiting = canEditBoard(role) && !canModerate(role) && cafe.tables.length > 0;
    return waiting ? <p className="cafe-mine">{t('cafe.mine.unseated')}</p> : null;
  }
  const names = new Map(people.map((person) => [person.id, person.name]));
  const others = seatedAt(cafe, seat.table.id)
    .filter((id) => id !== self && names.has(id))
    .map((id) => (cafe.hosts[seat.table.id] === id ? t('cafe.mine.hostName', { name: names.get(id) }) : names.get(id)!));
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    createRecord(doc, 'cafeNotes', { tableId: seat.table.id, text, round: Math.max(1, cafe.round) });
    setText('');
  };
  return (
    <div className="cafe-mine">
      <p className="cafe-mine-table">{t('cafe.mine.table', { number: seat.number, question: seat.table.question })}</p>
      {seat.host ? <p className="cafe-mine-host">{t('cafe.mine.host')}</p> : null}
      {others.length > 0 ? <p className="cafe-mine-others">{t('cafe.mine.others', { names: others.join(', ') })}</p> : null}
      {editor ? (
        <button type="button" onClick={() => showShape(editor, cafeTableFrameId(seat.table.id))}>
          {t('cafe.mine.go')}
        </button>
      ) : null}
      {canEditBoard(role) ? (
        <form className="inline-form" onSubmit={add}>
          <label className="card-field">
            <span>{t('cafe.mine.note', { number: seat.number })}</span>
            <textarea rows={2} maxLength={3000} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit" disabled={text.trim() === ''}>
            {t('cafe.mine.add')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** The tables and their questions; removing a table where people sit asks first. */
function CafeTables({ doc, cafe }: { doc: Y.Doc; cafe: WorldCafe }) {
  const { t } = useTranslation();
  const [question, setNewQuestion] = useState('');
  // open while there is no table yet; then as the moderator leaves it
  const [open, setOpen] = useState(cafe.tables.length === 0);
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim() === '') return;
    updateWorldCafe(doc, (current) => addTable(current, question));
    setNewQuestion('');
  };
  const remove = (table: CafeTable, number: number) => {
    const seated = seatedAt(cafe, table.id).length;
    if (seated > 0 && !window.confirm(t('cafe.tables.confirmRemove', { number, count: seated }))) return;
    updateWorldCafe(doc, (c) => removeTable(c, table.id));
  };
  return (
    <details className="cafe-tables" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('cafe.tables.legend', { count: cafe.tables.length })}</summary>
      <ol>
        {cafe.tables.map((table, index) => {
          const number = tableNumber(cafe.tables, index);
          return (
            // keyed by the question too: another moderator's change replaces the uncontrolled field
            <li key={`${table.id}:${table.question}`} value={number}>
              <label className="card-field">
                <span>{t('cafe.tables.question', { number })}</span>
                <input
                  defaultValue={table.question}
                  maxLength={300}
                  onBlur={(e) =>
                    e.target.value.trim() && e.target.value !== table.question && updateWorldCafe(doc, (c) => setQuestion(c, table.id, e.target.value))
                  }
                />
              </label>
              <button type="button" onClick={() => remove(table, number)} aria-label={t('cafe.tables.remove', { number })}>
                {t('cafe.tables.removeShort')}
              </button>
            </li>
          );
        })}
      </ol>
      <form className="inline-form" onSubmit={add}>
        <label className="card-field">
          <span>{t('cafe.tables.newQuestion')}</span>
          <input value={question} maxLength={300} onChange={(e) => setNewQuestion(e.target.value)} />
        </label>
        <button type="submit" disabled={question.trim() === ''}>
          {t('cafe.tables.add')}
        </button>
      </form>
    </details>
  );
}

/** Who sits where: by hand, at random, or mixed by organisation/role; each table's host. */
function CafeSeating({ doc, cafe, people }: { doc: Y.Doc; cafe: WorldCafe; people: readonly Participant[] }) {
  const { t } = useTranslation();
  // open while nobody is seated yet; then as the moderator leaves it
  const [open, setOpen] = useState(Object.keys(cafe.seats).length === 0);
  const seatable = [...new Map(people.filter((p) => isRole(p.role) && canEditBoard(p.role) && !canModerate(p.role)).map((p) => [p.id, p])).values()];
  const names = new Map(people.map((p) => [p.id, p.name]));
  const seatedAway = Object.keys(cafe.seats).filter((id) => !seatable.some((p) => p.id === id));
  const rows = [...seatable.map((p) => ({ id: p.id, name: p.name })), ...seatedAway.map((id) => ({ id, name: names.get(id) ?? t('cafe.seating.away') }))];
  if (cafe.tables.length === 0) return <p className="empty">{t('cafe.seating.noTables')}</p>;
  const ids = seatable.map((p) => p.id);
  const seatedCount = Object.keys(cafe.seats).length;
  const anyGroup = ids.some((id) => (cafe.groups[id] ?? '') !== '');
  return (
    <details className="cafe-seating" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('cafe.seating.legend', { count: seatedCount, total: rows.length })}</summary>
      <div className="inline-form">
        <button type="button" disabled={ids.length === 0} onClick={() => updateWorldCafe(doc, (c) => seatEveryone(c, ids, 'random'))}>
          {t('cafe.seating.random')}
        </button>
        <button
          type="button"
          disabled={ids.length === 0 || !anyGroup}
          aria-describedby={anyGroup ? undefined : 'cafe-mixed-hint'}
          onClick={() => updateWorldCafe(doc, (c) => seatEveryone(c, ids, 'mixed'))}
        >
          {t('cafe.seating.mixed')}
        </button>
      </div>
      {anyGroup || ids.length === 0 ? null : (
        <p className="hint" id="cafe-mixed-hint">
          {t('cafe.seating.mixedHint')}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty">{t('cafe.seating.nobody')}</p>
      ) : (
        <table className="cafe-seats">
          <thead>
            <tr>
              <th scope="col">{t('cafe.seating.person')}</th>
              <th scope="col">
                <abbr title={t('cafe.seating.group')}>{t('cafe.seating.groupShort')}</abbr>
              </th>
              <th scope="col">{t('cafe.seating.table')}</th>
              <th scope="col">
                <abbr title={t('cafe.seating.host')}>{t('cafe.seating.hostShort')}</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const tableId = cafe.seats[row.id];
              return (
                <tr key={`${row.id}:${cafe.groups[row.id] ?? ''}`}>
                  <th scope="row">{row.name}</th>
                  <td>
                    <input
                      aria-label={t('cafe.seating.groupOf', { name: row.name })}
                      defaultValue={cafe.groups[row.id] ?? ''}
                      maxLength={80}
                      onBlur={(e) => e.target.value !== (cafe.groups[row.id] ?? '') && updateWorldCafe(doc, (c) => setGroup(c, row.id, e.target.value))}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={t('cafe.seating.tableOf', { name: row.name })}
                      value={tableId ?? ''}
                      onChange={(e) => updateWorldCafe(doc, (c) => seatPerson(c, row.id, e.target.value || null))}
                    >
                      <option value="">{t('cafe.seating.unseated')}</option>
                      {cafe.tables.map((table, index) => (
                        <option key={table.id} value={table.id} title={table.question}>
                          {t('cafe.seating.tableOption', { number: tableNumber(cafe.tables, index) })}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {/* one host per table: a radio group per table, across its people's rows */}
                    <input
                      type="radio"
                      name={tableId ? `cafe-host-${tableId}` : undefined}
                      aria-label={t('cafe.seating.hostOf', { name: row.name })}
                      disabled={!tableId}
                      checked={Boolean(tableId && cafe.hosts[tableId] === row.id)}
                      onChange={() => tableId && updateWorldCafe(doc, (c) => setHost(c, tableId, row.id))}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </details>
  );
}

/** Timed rounds: everyone to their table, then on to the next one (hosts stay), and the harvest. */
function CafeRounds({ doc, cafe, onHarvest }: { doc: Y.Doc; cafe: WorldCafe; onHarvest: () => void }) {
  const { t } = useTranslation();
  const offset = useServerOffset();
  const [minutes, setMinutes] = useState(cafe.roundMinutes);
  const seated = Object.keys(cafe.seats).length > 0;
  const begin = (next: (c: WorldCafe) => WorldCafe) =>
    doc.transact(() => {
      updateWorldCafe(doc, (c) => next({ ...c, roundMinutes: minutes }));
      doc.getMap(TIMER_MAP).set('state', startTimer(resetTimer(minutes * 60_000), Date.now() + offset));
    });
  return (
    <fieldset className="cafe-rounds">
      <legend>{t('cafe.rounds.legend')}</legend>
      <p>{cafe.round > 0 ? t('cafe.rounds.current', { round: cafe.round }) : t('cafe.rounds.notStarted')}</p>
      {everyoneHasMovedRound(cafe) ? <p className="hint">{t('cafe.rounds.allVisited', { count: cafe.tables.length })}</p> : null}
      {seated ? null : (
        <p className="hint" id="cafe-rounds-hint">
          {t(cafe.tables.length === 0 ? 'cafe.rounds.needTables' : 'cafe.rounds.needSeats')}
        </p>
      )}
      <div className="inline-form">
        <label className="card-field">
          <span>{t('cafe.rounds.minutes')}</span>
          <input type="number" min={1} max={120} value={minutes} onChange={(e) => setMinutes(Math.min(120, Math.max(1, Number(e.target.value) || 1)))} />
        </label>
        {cafe.round === 0 ? (
          <button type="button" disabled={!seated} aria-describedby={seated ? undefined : 'cafe-rounds-hint'} onClick={() => begin(startRound)}>
            {t('cafe.rounds.start')}
          </button>
        ) : (
          <>
            <button type="button" disabled={!seated} onClick={() => begin(startNextRound)}>
              {t('cafe.rounds.next', { round: cafe.round + 1 })}
            </button>
            <button type="button" disabled={!seated} onClick={() => updateWorldCafe(doc, startRound)}>
              {t('cafe.rounds.callAgain')}
            </button>
          </>
        )}
        <button
          type="button"
          disabled={cafe.tables.length === 0}
          onClick={() => {
            // everyone is brought to the whole café; the moderator reads the harvest out
            sessionState(doc).requestFocus(WORLD_CAFE_TEMPLATE);
            onHarvest();
          }}
        >
          {t('cafe.rounds.harvest')}
        </button>
      </div>
    </fieldset>
  );
}
