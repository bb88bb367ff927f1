import {
  addTable,
  appliedTemplatesMap,
  canEditBoard,
  canModerate,
  createRecord,
  isRole,
  removeTable,
  resetTimer,
  seatEveryone,
  seatPerson,
  SESSION_STATE,
  sessionState,
  setGroup,
  setHost,
  setQuestion,
  startNextRound,
  startRound,
  startTimer,
  tableOf,
  TIMER_MAP,
  updateWorldCafe,
  WORLD_CAFE_TEMPLATE,
  worldCafe,
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
import type { Participant } from './useParticipants';

/** The café's state, kept current from the session state. */
export function useWorldCafe(doc: Y.Doc): WorldCafe {
  const [cafe, setCafe] = useState(() => worldCafe(doc));
  useEffect(() => {
    const state = doc.getMap(SESSION_STATE);
    const refresh = () => setCafe(worldCafe(doc));
    refresh();
    state.observe(refresh);
    return () => state.unobserve(refresh);
  }, [doc]);
  return cafe;
}

function useCafeApplied(doc: Y.Doc): boolean {
  const map = appliedTemplatesMap(doc);
  const [applied, setApplied] = useState(() => map.has(WORLD_CAFE_TEMPLATE));
  useEffect(() => {
    const refresh = () => setApplied(map.has(WORLD_CAFE_TEMPLATE));
    refresh();
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [map]);
  return applied;
}

/** Takes this person to their table whenever the moderator calls everyone to their tables. */
export function useCafeSeatNavigation(editor: Editor | undefined, doc: Y.Doc, self: string): void {
  useEffect(() => {
    if (!editor) return;
    const state = doc.getMap(SESSION_STATE);
    let lastSeq = worldCafe(doc).moveSeq;
    const follow = () => {
      const cafe = worldCafe(doc);
      if (cafe.moveSeq <= lastSeq) return;
      lastSeq = cafe.moveSeq;
      const seat = tableOf(cafe, self);
      if (seat) showShape(editor, cafeTableFrameId(seat.table.id));
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
  const applied = useCafeApplied(doc);
  const cafe = useWorldCafe(doc);
  const [harvest, setHarvest] = useState(false);
  if (!applied || !isRole(role)) return null;
  const moderator = canModerate(role);
  return (
    <details className="cafe-panel" open>
      <summary>{cafe.round > 0 ? t('cafe.titleRound', { round: cafe.round }) : t('cafe.title')}</summary>
      <MyTable doc={doc} cafe={cafe} self={self} canWrite={canEditBoard(role)} editor={editor} />
      {moderator ? (
        <>
          <CafeTables doc={doc} cafe={cafe} />
          <CafeSeating doc={doc} cafe={cafe} people={people} />
          <CafeRounds doc={doc} cafe={cafe} onHarvest={() => setHarvest(true)} />
        </>
      ) : null}
      <button type="button" onClick={() => setHarvest(true)}>
        {t('cafe.harvest.open')}
      </button>
      {harvest ? <HarvestDialog doc={doc} cafe={cafe} onClose={() => setHarvest(false)} /> : null}
    </details>
  );
}

/** A seated person's table: its question, whether they host it, the way there and a card for it. */
function MyTable({ doc, cafe, self, canWrite, editor }: { doc: Y.Doc; cafe: WorldCafe; self: string; canWrite: boolean; editor?: Editor }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const seat = tableOf(cafe, self);
  // read out when the round moves this person on
  useAnnounceChange(seat && cafe.round > 0 ? t('cafe.mine.announce', { round: cafe.round, number: seat.index + 1 }) : undefined);
  if (!seat) return null;
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    createRecord(doc, 'cafeNotes', { tableId: seat.table.id, text, round: Math.max(1, cafe.round) });
    setText('');
  };
  return (
    <div className="cafe-mine">
      <p className="cafe-mine-table">{t('cafe.mine.table', { number: seat.index + 1, question: seat.table.question })}</p>
      {seat.host ? <p className="cafe-mine-host">{t('cafe.mine.host')}</p> : null}
      {editor ? (
        <button type="button" onClick={() => showShape(editor, cafeTableFrameId(seat.table.id))}>
          {t('cafe.mine.go')}
        </button>
      ) : null}
      {canWrite ? (
        <form className="inline-form" onSubmit={add}>
          <label className="card-field">
            <span>{t('cafe.mine.note', { number: seat.index + 1 })}</span>
            <textarea rows={2} maxLength={3000} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit">{t('cafe.mine.add')}</button>
        </form>
      ) : null}
    </div>
  );
}

/** The tables and their questions. */
function CafeTables({ doc, cafe }: { doc: Y.Doc; cafe: WorldCafe }) {
  const { t } = useTranslation();
  const [question, setNewQuestion] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim() === '') return;
    updateWorldCafe(doc, (current) => addTable(current, question));
    setNewQuestion('');
  };
  return (
    <fieldset className="cafe-tables">
      <legend>{t('cafe.tables.legend', { count: cafe.tables.length })}</legend>
      <ol>
        {cafe.tables.map((table, index) => (
          // keyed by the question too: another moderator's change replaces the uncontrolled field
          <li key={`${table.id}:${table.question}`}>
            <label className="card-field">
              <span>{t('cafe.tables.question', { number: index + 1 })}</span>
              <input
                defaultValue={table.question}
                maxLength={300}
                onBlur={(e) =>
                  e.target.value.trim() && e.target.value !== table.question && updateWorldCafe(doc, (c) => setQuestion(c, table.id, e.target.value))
                }
              />
            </label>
            <button
              type="button"
              onClick={() => updateWorldCafe(doc, (c) => removeTable(c, table.id))}
              aria-label={t('cafe.tables.remove', { number: index + 1 })}
            >
              {t('cafe.tables.removeShort')}
            </button>
          </li>
        ))}
      </ol>
      <form className="inline-form" onSubmit={add}>
        <label className="card-field">
          <span>{t('cafe.tables.newQuestion')}</span>
          <input value={question} maxLength={300} onChange={(e) => setNewQuestion(e.target.value)} />
        </label>
        <button type="submit">{t('cafe.tables.add')}</button>
      </form>
    </fieldset>
  );
}

/** Who sits where: by hand, at random, or mixed by organisation/role; each table's host. */
function CafeSeating({ doc, cafe, people }: { doc: Y.Doc; cafe: WorldCafe; people: readonly Participant[] }) {
  const { t } = useTranslation();
  const seatable = [...new Map(people.filter((p) => isRole(p.role) && canEditBoard(p.role) && !canModerate(p.role)).map((p) => [p.id, p])).values()];
  const names = new Map(people.map((p) => [p.id, p.name]));
  const seatedAway = Object.keys(cafe.seats).filter((id) => !seatable.some((p) => p.id === id));
  const rows = [...seatable.map((p) => ({ id: p.id, name: p.name })), ...seatedAway.map((id) => ({ id, name: names.get(id) ?? t('cafe.seating.away') }))];
  if (cafe.tables.length === 0) return <p className="empty">{t('cafe.seating.noTables')}</p>;
  const ids = seatable.map((p) => p.id);
  return (
    <fieldset className="cafe-seating">
      <legend>{t('cafe.seating.legend', { count: Object.keys(cafe.seats).length, total: rows.length })}</legend>
      <div className="inline-form">
        <button type="button" disabled={ids.length === 0} onClick={() => updateWorldCafe(doc, (c) => seatEveryone(c, ids, 'random'))}>
          {t('cafe.seating.random')}
        </button>
        <button type="button" disabled={ids.length === 0} onClick={() => updateWorldCafe(doc, (c) => seatEveryone(c, ids, 'mixed'))}>
          {t('cafe.seating.mixed')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="empty">{t('cafe.seating.nobody')}</p>
      ) : (
        <table className="cafe-seats">
          <thead>
            <tr>
              <th scope="col">{t('cafe.seating.person')}</th>
              <th scope="col">{t('cafe.seating.group')}</th>
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
                        <option key={table.id} value={table.id}>
                          {t('cafe.seating.tableOption', { number: index + 1, question: table.question })}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="checkbox"
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
    </fieldset>
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
      <div className="inline-form">
        <label className="card-field">
          <span>{t('cafe.rounds.minutes')}</span>
          <input type="number" min={1} max={120} value={minutes} onChange={(e) => setMinutes(Math.min(120, Math.max(1, Number(e.target.value) || 1)))} />
        </label>
        {cafe.round === 0 ? (
          <button type="button" disabled={!seated} onClick={() => begin(startRound)}>
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
