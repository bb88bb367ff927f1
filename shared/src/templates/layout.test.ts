import { describe, expect, it } from 'vitest';
import { parseFuzzyDate } from '../records/fuzzyDate.js';
import type { CaseEvent } from '../records/schemas.js';
import { layoutTemplate, type LayoutItem } from './layout.js';
import { parseTemplate } from './schema.js';

const chronology = parseTemplate({
  id: 'fallchronologie',
  name: 'Fallchronologie',
  description: '',
  frame: { title: 'Fallchronologie', x: 0, y: 0 },
  layout: { kind: 'swimlanes', labelWidth: 200, columnWidth: 240, laneHeight: 190, card: { w: 220, h: 160 }, undatedTitle: 'Ohne Datum' },
});
const lanes = [
  { id: 'asd', name: 'ASD', order: 1 },
  { id: 'kita', name: 'Kita/Schule', order: 2 },
];
const event = (id: string, date: string, laneId = 'asd'): CaseEvent => ({
  id,
  date: parseFuzzyDate(date),
  laneId,
  fact: id,
  knownAtTheTime: '',
  assessment: '',
  source: '',
  isKeySituation: false,
  personIds: [],
});
const layout = (events: CaseEvent[]) => layoutTemplate(chronology, { lanes, events, keySituations: [], factors: [], themes: [], recommendations: [] });
const card = (items: LayoutItem[], id: string) => items.find((item) => item.id === `fallchronologie:frame:event:${id}`)!;

describe('the chronology’s time axis', () => {
  it('places events by date: a year later is about twelve times as far right as a month later', () => {
    const items = layout([event('a', '02.06.2020'), event('b', '02.07.2020', 'kita'), event('c', '02.06.2021', 'kita')]);
    const [a, b, c] = [card(items, 'a'), card(items, 'b'), card(items, 'c')];
    const month = b.x - a.x;
    const year = c.x - a.x;
    expect(month).toBeGreaterThan(0);
    expect(year / month).toBeGreaterThan(11);
    expect(year / month).toBeLessThan(12.5);
  });

  it('puts 16.09.2020 well right of 02.06.2020, and 03.04.2021 well right of 12.11.2020', () => {
    const items = layout([event('a', '02.06.2020'), event('b', '16.09.2020', 'kita'), event('c', '12.11.2020'), event('d', '03.04.2021', 'kita')]);
    const gap = (x: string, y: string) => card(items, y).x - card(items, x).x;
    // 106 and 142 days apart: in proportion
    expect(gap('c', 'd') / gap('a', 'b')).toBeCloseTo(142 / 106, 1);
  });

  it('stacks events of one lane that would overlap, and grows the lane', () => {
    const items = layout([event('a', '03.03.2020'), event('b', '10.03.2020'), event('c', '12.03.2020')]);
    const cards = ['a', 'b', 'c'].map((id) => card(items, id));
    for (let i = 0; i < cards.length; i++)
      for (let j = i + 1; j < cards.length; j++) {
        const [p, q] = [cards[i]!, cards[j]!];
        const overlap = p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
        expect(overlap, `${i} and ${j} overlap`).toBe(false);
      }
    const asd = items.find((item) => item.id === 'fallchronologie:frame:lane:asd')!;
    expect(asd.h).toBeGreaterThan(3 * 160);
  });

  it('labels years and months (quarters for a long case), and keeps undated events in their tray', () => {
    const short = layout([event('a', '02.06.2020'), event('b', '02.03.2021'), event('u', 'unbekannt')]);
    const texts = short.filter((item) => item.id.includes(':axis:')).map((item) => item.text);
    expect(texts).toEqual(expect.arrayContaining(['2020', '2021', 'Apr', 'Jun', 'Mär']));
    const tray = short.find((item) => item.id === 'fallchronologie:frame:undated')!;
    expect(card(short, 'u').y).toBe(tray.y);

    const long = layout([event('a', '2015'), event('b', '11/2021')]);
    const ticks = long.filter((item) => item.id.includes(':axis:')).map((item) => item.text);
    expect(ticks).toEqual(expect.arrayContaining(['2015', '2021', 'Q1', 'Q4']));
    expect(ticks).not.toContain('Jan');
  });
});

describe('the reflection frame', () => {
  const reflection = parseTemplate({
    id: 'wie',
    name: 'Wie konnte es dazu kommen?',
    description: '',
    frame: { title: 'Wie konnte es dazu kommen?', x: 0, y: 0 },
    layout: {
      kind: 'reflection',
      keySituationsFromFlaggedEvents: false,
      situationCard: { w: 360, h: 300 },
      factorCard: { w: 220, h: 120 },
      factorLevels: ['Fachkraft', 'Team'],
      successTitle: 'Gelingensfaktoren',
      themesTitle: 'Qualitätsthemen',
    },
  });
  const finding = (id: string) => ({ id, text: id, themeIds: [], evidence: { eventIds: [], keySituationIds: [], factorIds: [] } });

  it('holds the findings in their numbering order under the topics, inside the frame', () => {
    const items = layoutTemplate(reflection, {
      lanes,
      events: [],
      keySituations: [],
      factors: [],
      themes: [],
      recommendations: [],
      findings: [finding('b-2'), finding('a-1'), finding('c-3'), finding('d-4')],
    });
    const frame = items.find((item) => item.kind === 'frame')!;
    const title = items.find((item) => item.id === 'wie:frame:findings')!;
    expect(title.text).toBe('Befunde');
    const cards = items.filter((item) => item.record?.kind === 'findings');
    expect(cards.map((item) => item.record!.id)).toEqual(['a-1', 'b-2', 'c-3', 'd-4']);
    // three to a row (two levels and the success column), all below the title and inside the frame
    expect(cards[3]!.y).toBeGreaterThan(cards[0]!.y);
    for (const item of cards) {
      expect(item.y).toBeGreaterThan(title.y);
      expect(item.x + item.w).toBeLessThanOrEqual(frame.w);
      expect(item.y + item.h).toBeLessThanOrEqual(frame.h);
    }
  });
});

describe('the house (structural analysis)', () => {
  const house = parseTemplate({
    id: 'jugendamt-als-haus',
    name: 'Das Jugendamt als Haus',
    description: '',
    frame: { title: 'Das Jugendamt als Haus', x: 0, y: 0 },
    layout: {
      kind: 'house',
      parts: [
        { title: 'Bau', question: 'Wie geeignet?', areas: ['Dienstanweisungen und Vorlagen', 'Personal und Organisation'] },
        { title: 'Lage', question: 'Was verlangt der Standort?', areas: ['Soziale Lage'] },
      ],
      findingsTitle: 'Strukturbefunde',
      card: { w: 200, h: 100 },
    },
  });
  const indicator = (id: string, area: 'Personal und Organisation' | 'Soziale Lage', name: string) => ({
    id,
    area,
    name,
    value: '1',
    unit: '',
    year: null,
    source: '',
    comparison: '',
    note: '',
  });

  it('puts indicators and documents in their area column, ordered, and the structural findings at the right', () => {
    const items = layoutTemplate(house, {
      lanes: [],
      events: [],
      keySituations: [],
      factors: [],
      themes: [],
      recommendations: [],
      indicators: [
        indicator('i2', 'Personal und Organisation', 'Zweiter'),
        indicator('i1', 'Personal und Organisation', 'Erster'),
        indicator('i3', 'Soziale Lage', 'Armut'),
      ],
      reviewedDocuments: [{ id: 'd1', area: 'Dienstanweisungen und Vorlagen', title: 'DA Kinderschutz', date: null, status: 'veraltet', finding: '' }],
      structuralFindings: [{ id: 's1', text: 'Befund', themeIds: [], indicatorIds: ['i1'], documentIds: [], windows: [] }],
    });
    const at = (id: string) => items.find((item) => item.id === `jugendamt-als-haus:frame:${id}`)!;
    expect(at('area:Personal und Organisation').text).toBe('Personal und Organisation');
    expect(at('indicators:i1').x).toBe(at('area:Personal und Organisation').x);
    expect(at('indicators:i1').y).toBeLessThan(at('indicators:i2').y);
    expect(at('indicators:i3').x).toBe(at('area:Soziale Lage').x);
    expect(at('reviewedDocuments:d1').x).toBe(at('area:Dienstanweisungen und Vorlagen').x);
    expect(at('part:0').text).toBe('Bau: Wie geeignet?');
    expect(at('structuralFindings:s1').x).toBeGreaterThan(at('indicators:i3').x);
    const frame = items[0]!;
    for (const item of items.slice(1)) expect(item.x + item.w).toBeLessThanOrEqual(frame.w);
  });
});

describe('World Café layout', () => {
  const cafe = parseTemplate({
    id: 'world-cafe',
    name: 'World Café',
    description: '',
    frame: { title: 'World Café', x: 0, y: 0 },
    layout: { kind: 'cafe', tableTitle: 'Tisch', emptyHint: 'Noch keine Tische', columns: 2, card: { w: 200, h: 100 }, perRow: 2 },
  });
  const base = { lanes: [], events: [], keySituations: [], factors: [], themes: [], recommendations: [] };

  it('shows a hint while there is no table', () => {
    const items = layoutTemplate(cafe, base);
    expect(items.find((item) => item.kind === 'label')?.text).toBe('Noch keine Tische');
  });

  it('gives each table its own frame, titled with number and question, holding the notes written there', () => {
    const tables = [
      { id: 't1', question: 'Was hilft?' },
      { id: 't2', question: 'Was hindert?' },
      { id: 't3', question: 'Was fehlt?' },
    ];
    const notes = ['n1', 'n2', 'n3'].map((id, i) => ({ id, tableId: i < 2 ? 't1' : 't3', text: `Karte ${id}`, round: 1 }));
    const items = layoutTemplate(cafe, { ...base, cafeTables: tables, cafeNotes: notes });
    const frames = items.filter((item) => item.kind === 'frame' && item.parent);
    expect(frames.map((frame) => frame.text)).toEqual(['Tisch 1: Was hilft?', 'Tisch 2: Was hindert?', 'Tisch 3: Was fehlt?']);
    expect(frames.every((frame) => frame.parent === 'world-cafe:frame')).toBe(true);
    const note = (id: string) => items.find((item) => item.record?.id === id)!;
    expect(note('n1').parent).toBe('world-cafe:frame:table:t1');
    expect(note('n3').parent).toBe('world-cafe:frame:table:t3');
    // two tables per row: table 3 starts a second row below the first
    expect(frames[2]!.y).toBeGreaterThan(frames[0]!.y + frames[0]!.h);
    expect(frames[1]!.x).toBeGreaterThan(frames[0]!.x + frames[0]!.w);
  });
});
