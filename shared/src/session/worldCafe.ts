/**
 * World Café with table groups — the rules only (issue 17, not yet wired into the board): who sits
 * at which table, and who moves at the end of a round. Pure functions on plain data, so the
 * moderator's client, the server and tests agree; the state would live in the session state
 * (moderators only) and each client would take its person to their table like "bring everyone
 * here" does for a frame.
 */
export interface CafeTable {
  id: string;
  question: string;
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
