import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';
import { createRecord, migrateCaseModel } from '../records/caseModel.js';
import { canvasTexts, hitInImage, imagePlaces } from './canvasTexts.js';

const shape = (id: string, type: string, props: Record<string, unknown>, parentId = 'page:page') => ({
  key: id,
  val: { id, typeName: 'shape', type, parentId, props },
});

describe('what an image of canvas shapes shows', () => {
  const doc = new Y.Doc();
  migrateCaseModel(doc);
  const shown = createRecord(doc, 'recommendations', { title: 'Rückruf durch Herrn Dennis Wagner' });
  const other = createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip' });
  doc
    .getArray(DOC_LAYOUT.canvasRecords)
    .push([
      shape('shape:frame', 'frame', { name: 'Empfehlungen' }),
      shape('shape:a', 'qe-card', { kind: 'recommendations', recordId: shown.id, label: '' }, 'shape:frame'),
      shape('shape:b', 'qe-card', { kind: 'recommendations', recordId: other.id, label: '' }),
      shape('shape:note', 'note', { text: 'Tel. 0211 8994512' }, 'shape:frame'),
    ]);

  it('takes in the children of an exported frame, with their records and texts', () => {
    const places = imagePlaces(doc, ['shape:frame']);
    expect([...places.shapes].sort()).toEqual(['shape:a', 'shape:frame', 'shape:note']);
    expect([...places.records]).toEqual([`recommendations:${shown.id}`]);
    expect(places.texts.join(' ')).toContain('Dennis Wagner');
    expect(places.texts.join(' ')).not.toContain('Vier-Augen');
  });

  it('places a hit by its record, its shape, or (a label only) by its text', () => {
    const places = imagePlaces(doc, ['shape:a']);
    expect(hitInImage({ text: 'x', location: { kind: 'recommendations', id: shown.id } }, places)).toBe(true);
    expect(hitInImage({ text: 'x', location: { kind: 'recommendations', id: other.id } }, places)).toBe(false);
    const note = canvasTexts(doc).find((entry) => entry.location.shapeId === 'shape:note')!;
    expect(hitInImage({ text: '0211 8994512', location: note.location }, places)).toBe(false);
    expect(hitInImage({ text: '0211 8994512', location: note.location }, imagePlaces(doc, ['shape:frame']))).toBe(true);
    expect(hitInImage({ text: 'Dennis Wagner', location: { label: 'Überschrift „4.1 Rückruf …“' } }, places)).toBe(true);
    expect(hitInImage({ text: 'Dennis Wagner', location: { label: 'Überschrift' } }, imagePlaces(doc, ['shape:b']))).toBe(false);
  });
});
