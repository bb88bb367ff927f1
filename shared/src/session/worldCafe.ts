import type * as Y from 'yjs';
import { newRecordId } from '../records/caseModel.js';
import { SESSION_STATE } from './agenda.js';

/**
 * World Café with table groups: the tables and their questions, who sits where, who hosts a
 * table, and who moves at the end of a round. The state lives in the board's session state, which
 * only moderators may change (docLayout), so the seating is the moderator's; each client takes
 * its own person to their table whenever `moveSeq` rises, like "bring everyone here" per group.
 * The notes written at a table are records (cafeNotes) and stay in the table's frame.
 */
export interface CafeTable {
  id: string;
  question: string;
  /** its number, kept when another table is removed (absent: its place in the list) */
  number?: number;
}

/** The number a table is known by: its own, or its place in the list. */
export function tableNumber(tables: readonly CafeTable[], index: number): number {
  return tables[index]?.number ?? index + 1;
}

export interface CafePerson {
  id: string;
  /** organisation or role: "mixed" spreads people with the same value over the tables */
  group?: string;
}

export interface CafeSeating {
  /** person id → table id */
  seats: Record<string, string>;
  /** table id → person id of its host, who stays at the table */
  hosts: Record<string, string>;
  round: number;
}

/** Deals people to tables in turn: table sizes differ by at most one. */
function deal(order: readonly CafePerson[], tables: readonly CafeTable[]): Record<string, string> {
  if (tables.length === 0) throw new Error('World Café: no tables');
  return Object.fromEntries(order.map((person, index) => [person.id, tables[index % tables.length]!.id]));
}

/** Fisher–Yates with the given source of randomness (Math.random in the app, seeded in tests). */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export function seatAtRandom(people: readonly CafePerson[], tables: readonly CafeTable[], random: () => number = Math.random): Record<string, string> {
  return deal(shuffled(people, random), tables);
}

/** Mixed by organisation/role: people of one group are dealt one after another, so they land at different tables. */
export function seatMixed(people: readonly CafePerson[], tables: readonly CafeTable[], random: () => number = Math.random): Record<string, string> {
  const order = shuffled(people, random).sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'de'));
  return deal(order, tables);
}

/** The first person seated at each table (in the given order of people) hosts it, unless a host is set by hand. */
export function defaultHosts(seats: Record<string, string>, people: readonly CafePerson[], tables: readonly CafeTable[]): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const table of tables) {
    const first = people.find((person) => seats[person.id] === table.id);
    if (first) hosts[table.id] = first.id;
  }
  return hosts;
}

/**
 * The end of a round: every host stays, everyone else moves on to the next table (in table
 * order, the last to the first). People at a table that no longer exists stay where they are.
 */
export function nextRound(seating: CafeSeating, tables: readonly CafeTable[]): CafeSeating {
  const hostIds = new Set(Object.values(seating.hosts));
  const index = new Map(tables.map((table, i) => [table.id, i]));
  const seats = Object.fromEntries(
    Object.entries(seating.seats).map(([person, table]) => {
      const at = index.get(table);
      if (hostIds.has(person) || at === undefined) return [person, table];
      return [person, tables[(at + 1) % tables.length]!.id];
    }),
  );
  return { seats, hosts: seating.hosts, round: seating.round + 1 };
}

/** The World Café template's id (templates/src/world-cafe.json): its frame holds the tables. */
export const WORLD_CAFE_TEMPLATE = 'world-cafe';

/** The café as kept in the session state. */
export interface WorldCafe extends CafeSeating {
  tables: CafeTable[];
  /** person id → organisation or role, for seating mixed by group */
  groups: Record<string, string>;
  /** rises whenever everyone is taken to their table (round start, next round) */
  moveSeq: number;
  roundMinutes: number;
}

const CAFE_KEY = 'worldCafe';

export const EMPTY_CAFE: WorldCafe = { tables: [], seats: {}, hosts: {}, groups: {}, round: 0, moveSeq: 0, roundMinutes: 20 };

export function worldCafe(doc: Y.Doc): WorldCafe {
  const stored = doc.getMap<unknown>(SESSION_STATE).get(CAFE_KEY) as Partial<WorldCafe> | undefined;
  return { ...EMPTY_CAFE, ...stored };
}

/** Changes the café in one step; the session state's rule (moderators only) guards it on the server. */
export function updateWorldCafe(doc: Y.Doc, change: (cafe: WorldCafe) => WorldCafe): WorldCafe {
  const next = change(worldCafe(doc));
  doc.getMap<unknown>(SESSION_STATE).set(CAFE_KEY, next);
  return next;
}

export function addTable(cafe: WorldCafe, question: string, id: string = newRecordId('tab')): WorldCafe {
  const text = question.trim();
  if (!text) throw new Error('World Café: Frage fehlt');
  // numbered on from the highest, so a removed table's number is not given to another one
  const number = Math.max(0, ...cafe.tables.map((_, index) => tableNumber(cafe.tables, index))) + 1;
  return { ...cafe, tables: [...cafe.tables, { id, question: text.slice(0, 300), number }] };
}

export function setQuestion(cafe: WorldCafe, tableId: string, question: string): WorldCafe {
  const text = question.trim();
  if (!text) throw new Error('World Café: Frage fehlt');
  return { ...cafe, tables: cafe.tables.map((table) => (table.id === tableId ? { ...table, question: text.slice(0, 300) } : table)) };
}

/** Removes a table: its people are unseated and its host is no longer one (its notes stay records). */
export function removeTable(cafe: WorldCafe, tableId: string): WorldCafe {
  const { [tableId]: _host, ...hosts } = cafe.hosts;
  return {
    ...cafe,
    tables: cafe.tables.filter((table) => table.id !== tableId),
    seats: Object.fromEntries(Object.entries(cafe.seats).filter(([, table]) => table !== tableId)),
    hosts,
  };
}

/** Seats a person at a table by hand (null: unseated); a host who leaves their table hosts no longer. */
export function seatPerson(cafe: WorldCafe, personId: string, tableId: string | null): WorldCafe {
  const { [personId]: _seat, ...seats } = cafe.seats;
  const hosts = Object.fromEntries(Object.entries(cafe.hosts).filter(([table, host]) => host !== personId || table === tableId));
  return { ...cafe, seats: tableId ? { ...seats, [personId]: tableId } : seats, hosts };
}

/** Makes a person seated at the table its host. */
export function setHost(cafe: WorldCafe, tableId: string, personId: string): WorldCafe {
  if (cafe.seats[personId] !== tableId) throw new Error('World Café: Gastgeber/in sitzt nicht an diesem Tisch');
  return { ...cafe, hosts: { ...cafe.hosts, [tableId]: personId } };
}

export function setGroup(cafe: WorldCafe, personId: string, group: string): WorldCafe {
  return { ...cafe, groups: { ...cafe.groups, [personId]: group.trim().slice(0, 80) } };
}

/** Seats everyone anew, at random or mixed by their group, and names each table's first person its host. */
export function seatEveryone(cafe: WorldCafe, personIds: readonly string[], how: 'random' | 'mixed', random: () => number = Math.random): WorldCafe {
  const people = personIds.map((id) => ({ id, group: cafe.groups[id] ?? '' }));
  const seats = how === 'mixed' ? seatMixed(people, cafe.tables, random) : seatAtRandom(people, cafe.tables, random);
  const seatedOrder = people.filter((person) => seats[person.id]).sort((a, b) => personIds.indexOf(a.id) - personIds.indexOf(b.id));
  return { ...cafe, seats, hosts: defaultHosts(seats, seatedOrder, cafe.tables) };
}

/** The first round begins (or the current one is called again): everyone is taken to their table. */
export function startRound(cafe: WorldCafe): WorldCafe {
  return { ...cafe, round: Math.max(1, cafe.round), moveSeq: cafe.moveSeq + 1 };
}

/** The next round: hosts stay, everyone else moves one table on, and everyone is taken there. */
export function startNextRound(cafe: WorldCafe): WorldCafe {
  return { ...cafe, ...nextRound(cafe, cafe.tables), moveSeq: cafe.moveSeq + 1 };
}

/** Who sits at a table (in seating order). */
export function seatedAt(cafe: WorldCafe, tableId: string): string[] {
  return Object.keys(cafe.seats).filter((person) => cafe.seats[person] === tableId);
}

/** Whether every person has sat at every table: after as many rounds as there are tables. */
export function everyoneHasMovedRound(cafe: WorldCafe): boolean {
  return cafe.tables.length > 0 && cafe.round >= cafe.tables.length;
}

/** A person's table and whether they host it. */
export function tableOf(cafe: WorldCafe, personId: string): { table: CafeTable; number: number; host: boolean } | undefined {
  const index = cafe.tables.findIndex((table) => table.id === cafe.seats[personId]);
  if (index < 0) return undefined;
  return { table: cafe.tables[index]!, number: tableNumber(cafe.tables, index), host: cafe.hosts[cafe.tables[index]!.id] === personId };
}
