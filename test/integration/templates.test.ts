import { applyTemplate, appliedTemplateIds, layoutRecords, layoutTemplate, listRecords, parseTemplate, TemplateError, type LayoutItem } from '@qe/shared';
import { templateById, TEMPLATES } from '@qe/templates';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fixtureBoard } from '../helpers/fixtureBoard.js';

const template = (id: string) => templateById(id)!;
const recordCards = (items: LayoutItem[], kind: string) => items.filter((item) => item.record?.kind === kind);

describe('templates as data', () => {
  it('ships the workshop templates and methods, all valid', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([
      'fallchronologie',
      'wie-konnte-es-dazu-kommen',
      'empfehlungen',
      'swot',
      'lernen-vom-erfolg',
      'mikroartikel',
      'world-cafe',
    ]);
  });

  it('refuses invalid template data and names the field', () => {
    const broken = { ...template('empfehlungen'), layout: { kind: 'recommendations', columns: 0, card: { w: 1, h: 1 } } };
    expect(() => parseTemplate(broken, 'kaputt.json')).toThrow(TemplateError);
    expect(() => parseTemplate(broken, 'kaputt.json')).toThrow(/kaputt.json: layout.columns/);
  });
});

describe('Fallchronologie layout', () => {
  const doc = fixtureBoard();
  const records = layoutRecords(doc);
  const items = layoutTemplate(template('fallchronologie'), records);
  const cards = recordCards(items, 'events');

  it('puts every event on the canvas once, inside the frame', () => {
    expect(cards).toHaveLength(records.events.length);
    expect(new Set(cards.map((card) => card.id)).size).toBe(cards.length);
    expect(cards.every((card) => card.parent === 'fallchronologie:frame')).toBe(true);
  });

  it('orders dated events left to right by date, without overlaps, and keeps each in its lane', () => {
    expect(new Set(cards.map((card) => `${card.x},${card.y}`)).size).toBe(cards.length);
    const byId = new Map(records.events.map((event) => [event.id, event]));
    const dated = cards.filter((card) => byId.get(card.record!.id)!.date.sortKey !== null);
    for (let i = 1; i < dated.length; i++) {
      const [before, after] = [byId.get(dated[i - 1]!.record!.id)!, byId.get(dated[i]!.record!.id)!];
      if (before.date.sortKey! < after.date.sortKey!) expect(dated[i]!.x).toBeGreaterThanOrEqual(dated[i - 1]!.x);
    }
    // a lane's cards stay inside its band (the lane label spans it)
    const bands = new Map(records.lanes.map((lane) => [lane.id, items.find((item) => item.id === `fallchronologie:frame:lane:${lane.id}`)!]));
    for (const card of dated) {
      const band = bands.get(byId.get(card.record!.id)!.laneId)!;
      expect(card.y).toBeGreaterThanOrEqual(band.y - 8);
      expect(card.y + card.h).toBeLessThanOrEqual(band.y + band.h + 8);
    }
  });

  it('puts undated events into the tray below the lanes', () => {
    const doc2 = fixtureBoard();
    const lane = listRecords(doc2, 'lanes').records[0]!;
    const extra = { date: { text: 'unbekannt', precision: 'unknown' as const, approximate: false, sortKey: null }, laneId: lane.id, fact: 'Zeitpunkt unklar' };
    const recs = layoutRecords(doc2);
    recs.events.push({ ...extra, id: 'evt-undated', knownAtTheTime: '', assessment: '', source: '', isKeySituation: false, personIds: [] });
    const laid = layoutTemplate(template('fallchronologie'), recs);
    const tray = laid.find((item) => item.text === 'Ohne Datum')!;
    const undated = laid.find((item) => item.record?.id === 'evt-undated')!;
    const dated = new Set(recs.events.filter((event) => event.date.sortKey !== null).map((event) => event.id));
    const lowestLaneCard = Math.max(...laid.filter((i) => i.record && dated.has(i.record.id)).map((i) => i.y));
    expect(undated.y).toBeGreaterThan(lowestLaneCard);
    expect(undated.y).toBe(tray.y);
    // the example's own event with the date "unbekannt" shares the tray
    const unknown = recs.events.find((event) => event.date.text === 'unbekannt')!;
    expect(laid.find((item) => item.record?.id === unknown.id)!.y).toBe(tray.y);
  });

  it('gives every client the same layout', () => {
    const a = fixtureBoard();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(layoutTemplate(template('fallchronologie'), layoutRecords(b))).toEqual(layoutTemplate(template('fallchronologie'), layoutRecords(a)));
  });
});

describe('Wie konnte es dazu kommen? layout', () => {
  it('creates a key situation for each flagged event without one, once', () => {
    const doc = fixtureBoard();
    const before = listRecords(doc, 'keySituations').records.length;
    const flagged = listRecords(doc, 'events').records.filter((event) => event.isKeySituation);
    const covered = new Set(listRecords(doc, 'keySituations').records.flatMap((ks) => ks.eventIds));
    applyTemplate(doc, template('wie-konnte-es-dazu-kommen'));
    const added = listRecords(doc, 'keySituations').records.length - before;
    expect(added).toBe(flagged.filter((event) => !covered.has(event.id)).length);
    applyTemplate(doc, template('wie-konnte-es-dazu-kommen'));
    expect(listRecords(doc, 'keySituations').records.length - before).toBe(added);
    expect(appliedTemplateIds(doc)).toEqual(['wie-konnte-es-dazu-kommen']);
  });

  it('sorts factor cards into their level column, next to their key situation', () => {
    const doc = fixtureBoard();
    const records = layoutRecords(doc);
    const items = layoutTemplate(template('wie-konnte-es-dazu-kommen'), records);
    const columns = new Map(items.filter((i) => i.id.includes(':level:')).map((i) => [i.text, i.x]));
    const factors = new Map(records.factors.map((factor) => [factor.id, factor]));
    const factorCards = items.filter((item) => item.id.includes(':factor:'));
    expect(factorCards).toHaveLength(records.factors.length);
    for (const card of factorCards) expect(card.x).toBe(columns.get(factors.get(card.record!.id)!.level));
    expect(items.filter((i) => i.record?.view === 'success')).toHaveLength(records.keySituations.length);
  });

  it('clusters factors under their themes', () => {
    const doc = fixtureBoard();
    const records = layoutRecords(doc);
    const items = layoutTemplate(template('wie-konnte-es-dazu-kommen'), records);
    const clustered = items.filter((item) => item.id.includes(':theme:') && item.record);
    expect(clustered).toHaveLength(records.factors.reduce((n, factor) => n + factor.themeIds.length, 0));
  });
});

describe('Empfehlungen layout', () => {
  it('shows each recommendation once, open ones before discarded, high priority first', () => {
    const doc = fixtureBoard();
    const records = layoutRecords(doc);
    records.recommendations[0] = { ...records.recommendations[0]!, status: 'verworfen', discardReason: 'doppelt' };
    const cards = recordCards(layoutTemplate(template('empfehlungen'), records), 'recommendations');
    expect(cards).toHaveLength(records.recommendations.length);
    expect(cards.at(-1)!.record!.id).toBe(records.recommendations[0]!.id);
  });
});
