import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addTable,
  defaultHosts,
  nextRound,
  removeTable,
  seatAtRandom,
  seatEveryone,
  seatMixed,
  seatPerson,
  setHost,
  startNextRound,
  startRound,
  tableOf,
  updateWorldCafe,
  worldCafe,
  type CafePerson,
} from './worldCafe.js';

const tables = [
  { id: 't1', question: 'Was hilft?' },
  { id: 't2', question: 'Was hindert?' },
  { id: 't3', question: 'Was brauchen wir?' },
];
// a fixed sequence instead of Math.random, so the test is repeatable
const seeded = (seed: number) => () => (seed = (seed * 16807) % 2147483647) / 2147483647;

describe('World Café seating', () => {
  it('seats 60 people at 7 tables evenly, at random', () => {
    const people = Array.from({ length: 60 }, (_, i) => ({ id: `p${i}` }));
    const seven = Array.from({ length: 7 }, (_, i) => ({ id: `t${i}`, question: `Frage ${i}` }));
    const seats = seatAtRandom(people, seven, seeded(7));
    const sizes = seven.map((table) => Object.values(seats).filter((id) => id === table.id).length);
    expect(Object.keys(seats)).toHaveLength(60);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('mixes organisations over the tables', () => {
    const people: CafePerson[] = ['ASD', 'ASD', 'ASD', 'Kita', 'Kita', 'Kita', 'Schule', 'Schule', 'Schule'].map((group, i) => ({ id: `p${i}`, group }));
    const seats = seatMixed(people, tables, seeded(3));
    for (const table of tables) {
      const groups = people.filter((p) => seats[p.id] === table.id).map((p) => p.group);
      expect(new Set(groups).size).toBe(3);
    }
  });

  it('moves everyone but the hosts to the next table, two rounds', () => {
    const people = ['a1', 'a2', 'b1', 'b2', 'c1', 'c2'].map((id) => ({ id }));
    const seats = { a1: 't1', a2: 't1', b1: 't2', b2: 't2', c1: 't3', c2: 't3' };
    const hosts = defaultHosts(seats, people, tables);
    expect(hosts).toEqual({ t1: 'a1', t2: 'b1', t3: 'c1' });
    const first = nextRound({ seats, hosts, round: 1 }, tables);
    expect(first.seats).toEqual({ a1: 't1', a2: 't2', b1: 't2', b2: 't3', c1: 't3', c2: 't1' });
    const second = nextRound(first, tables);
    expect(second.round).toBe(3);
    expect(second.seats).toEqual({ a1: 't1', a2: 't3', b1: 't2', b2: 't1', c1: 't3', c2: 't2' });
  });
});

describe('World Café in the board', () => {
  const threeTables = (doc: Y.Doc) =>
    updateWorldCafe(doc, (cafe) => ['Was hilft?', 'Was hindert?', 'Was brauchen wir?'].reduce((c, q, i) => addTable(c, q, `t${i + 1}`), cafe));

  it('keeps tables, seats and rounds in the session state, and a new round moves everyone but the hosts', () => {
    const doc = new Y.Doc();
    threeTables(doc);
    const people = ['a', 'b', 'c', 'd', 'e', 'f'];
    updateWorldCafe(doc, (cafe) => seatEveryone(cafe, people, 'random', seeded(11)));
    const seated = worldCafe(doc);
    expect(Object.keys(seated.seats)).toHaveLength(6);
    expect(Object.keys(seated.hosts)).toHaveLength(3);
    for (const [table, host] of Object.entries(seated.hosts)) expect(seated.seats[host]).toBe(table);

    updateWorldCafe(doc, startRound);
    expect(worldCafe(doc)).toMatchObject({ round: 1, moveSeq: 1 });
    updateWorldCafe(doc, startNextRound);
    const moved = worldCafe(doc);
    expect(moved).toMatchObject({ round: 2, moveSeq: 2 });
    const order = ['t1', 't2', 't3'];
    for (const person of people) {
      const before = seated.seats[person]!;
      const after = moved.seats[person]!;
      if (tableOf(moved, person)!.host) expect(after).toBe(before);
      else expect(order.indexOf(after)).toBe((order.indexOf(before) + 1) % 3);
    }
  });

  it('seats by hand, keeps a host only at their table, and unseats the people of a removed table', () => {
    const doc = new Y.Doc();
    threeTables(doc);
    updateWorldCafe(doc, (cafe) => setHost(seatPerson(cafe, 'a', 't1'), 't1', 'a'));
    expect(tableOf(worldCafe(doc), 'a')).toMatchObject({ number: 1, host: true });
    expect(() => updateWorldCafe(doc, (cafe) => setHost(cafe, 't2', 'a'))).toThrow(/sitzt nicht/);
    updateWorldCafe(doc, (cafe) => seatPerson(cafe, 'a', 't2'));
    expect(tableOf(worldCafe(doc), 'a')).toMatchObject({ number: 2, host: false });
    updateWorldCafe(doc, (cafe) => removeTable(cafe, 't2'));
    expect(tableOf(worldCafe(doc), 'a')).toBeUndefined();
    expect(worldCafe(doc).tables.map((table) => table.id)).toEqual(['t1', 't3']);
    // the numbers stay: table 3 is still table 3, and a new table is table 4
    expect(
      tableOf(
        updateWorldCafe(doc, (cafe) => seatPerson(cafe, 'b', 't3')),
        'b',
      )?.number,
    ).toBe(3);
    expect(updateWorldCafe(doc, (cafe) => addTable(cafe, 'Was noch?', 't4')).tables.at(-1)?.number).toBe(4);
    expect(() => addTable(worldCafe(doc), '   ')).toThrow(/Frage fehlt/);
  });
});
