import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRecord, getRecord, listRecords } from './caseModel.js';
import { takeOverSwotItem } from './swot.js';
import { layoutTemplate } from '../templates/layout.js';
import { parseTemplate } from '../templates/schema.js';
import swot from '../../../templates/src/swot.json' with { type: 'json' };

describe('SWOT cards', () => {
  it('become a finding or a recommendation once each, and remember which', () => {
    const doc = new Y.Doc();
    const card = createRecord(doc, 'swotItems', { field: 'Schwächen', text: 'Übergaben am Freitag ohne Rückfrage' });
    const finding = takeOverSwotItem(doc, card.id, 'findings');
    expect(getRecord(doc, 'findings', finding)?.text).toBe('Übergaben am Freitag ohne Rückfrage');
    expect(takeOverSwotItem(doc, card.id, 'findings')).toBe(finding);
    expect(listRecords(doc, 'findings').records).toHaveLength(1);
    const recommendation = takeOverSwotItem(doc, card.id, 'recommendations');
    expect(getRecord(doc, 'recommendations', recommendation)?.title).toBe('Übergaben am Freitag ohne Rückfrage');
    expect(getRecord(doc, 'swotItems', card.id)).toMatchObject({ findingId: finding, recommendationId: recommendation });
  });

  it('lay out in four fields, each card in the field it belongs to', () => {
    const template = parseTemplate(swot);
    const items = layoutTemplate(template, {
      lanes: [],
      events: [],
      keySituations: [],
      factors: [],
      themes: [],
      recommendations: [],
      swotItems: [
        { id: 'a', field: 'Stärken', text: 'S', findingId: '', recommendationId: '' },
        { id: 'b', field: 'Risiken', text: 'R', findingId: '', recommendationId: '' },
      ],
    });
    const field = (name: string) => items.find((item) => item.id === `swot:frame:field:${name}`)!;
    const card = (id: string) => items.find((item) => item.id === `swot:frame:swot:${id}`)!;
    expect(field('Stärken').text).toMatch(/^Stärken/);
    // Stärken top left, Risiken bottom right; each card inside its field
    expect(field('Risiken').x).toBeGreaterThan(field('Stärken').x);
    expect(field('Risiken').y).toBeGreaterThan(field('Stärken').y);
    for (const [id, name] of [
      ['a', 'Stärken'],
      ['b', 'Risiken'],
    ] as const) {
      expect(card(id).x).toBeGreaterThanOrEqual(field(name).x);
      expect(card(id).x).toBeLessThan(field(name).x + field(name).w);
      expect(card(id).y).toBeGreaterThan(field(name).y);
    }
  });
});
