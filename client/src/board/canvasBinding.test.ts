import { DOC_LAYOUT } from '@qe/shared';
import {
  createShapeId,
  createTLStore,
  defaultShapeUtils,
  DocumentRecordType,
  GeoShapeUtil,
  PageRecordType,
  TLDOCUMENT_ID,
  type IndexKey,
  type TLGeoShape,
  type TLRecord,
  type TLStore,
} from 'tldraw';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bindStoreToDoc } from './canvasBinding';

/** two Y.Docs that exchange every update, as two clients of one board do through the server */
function linkedDocs(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'));
  return [a, b];
}

const newStore = () => createTLStore({ shapeUtils: defaultShapeUtils });

/** the records tldraw's editor puts into an empty store when it mounts */
const editorMounts = (store: TLStore) =>
  store.put([
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: PageRecordType.createId('page'), name: 'Seite 1', index: 'a1' as IndexKey }),
  ]);

/** bound as the board page binds it (empty store, after the first sync); then the editor mounts */
async function boundStore(doc: Y.Doc, readOnly = false): Promise<TLStore> {
  const store = newStore();
  bindStoreToDoc(store, doc, { readOnly });
  if (!store.has(TLDOCUMENT_ID)) editorMounts(store);
  if (!readOnly) await expect.poll(() => storedRecords(doc).some((entry) => entry.val.typeName === 'page')).toBe(true);
  return store;
}
const pageId = (store: TLStore) => store.allRecords().find((record) => record.typeName === 'page')!.id;

function rectangle(store: TLStore, id = createShapeId('box')): TLGeoShape {
  return {
    id,
    typeName: 'shape',
    type: 'geo',
    x: 10,
    y: 20,
    rotation: 0,
    index: 'a1' as IndexKey,
    parentId: pageId(store),
    isLocked: false,
    opacity: 1,
    meta: {},
    // the default props do not depend on an editor
    props: new GeoShapeUtil(undefined as never).getDefaultProps(),
  };
}

const storedRecords = (doc: Y.Doc) => doc.getArray<{ key: string; val: TLRecord }>(DOC_LAYOUT.canvasRecords).toArray();

/** the store tells its listeners on the next frame: a change that must NOT arrive is given that time */
const nextFrames = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('bindStoreToDoc', () => {
  it('writes a new board’s first document and page into the doc, with the schema', async () => {
    const doc = new Y.Doc();
    const store = await boundStore(doc);
    expect(
      storedRecords(doc)
        .map((entry) => entry.val.typeName)
        .sort(),
    ).toEqual(['document', 'page']);
    expect(doc.getMap(DOC_LAYOUT.canvasMeta).get('schema')).toEqual(store.schema.serialize());
  });

  it('carries a shape drawn in one store to the other, and its removal', async () => {
    const [docA, docB] = linkedDocs();
    const storeA = await boundStore(docA);
    const storeB = await boundStore(docB);
    expect(pageId(storeB)).toBe(pageId(storeA));

    const shape = rectangle(storeA);
    storeA.put([shape]);
    await expect.poll(() => storeB.get(shape.id)).toMatchObject({ id: shape.id, x: 10, y: 20 });

    storeB.update(shape.id, (record) => ({ ...record, x: 300 }));
    await expect.poll(() => storeA.get(shape.id)).toMatchObject({ x: 300 });

    storeA.remove([shape.id]);
    await expect.poll(() => storeB.get(shape.id)).toBeUndefined();
  });

  it('never writes from a read-only store, but shows what others write', async () => {
    const [docA, docB] = linkedDocs();
    const editor = await boundStore(docA);
    const observer = await boundStore(docB, true);
    const before = Y.encodeStateVector(docB);

    observer.put([rectangle(observer, createShapeId('observer'))]);
    await nextFrames();
    expect(Y.encodeStateVector(docB)).toEqual(before);
    expect(editor.get(createShapeId('observer'))).toBeUndefined();

    const shape = rectangle(editor);
    editor.put([shape]);
    await expect.poll(() => observer.get(shape.id)).toBeDefined();
  });

  it('loads an existing board instead of overwriting it', async () => {
    const [docA, docB] = linkedDocs();
    const first = await boundStore(docA);
    const shape = rectangle(first);
    first.put([shape]);
    await expect.poll(() => storedRecords(docB).some((entry) => entry.key === shape.id)).toBe(true);

    const second = newStore();
    bindStoreToDoc(second, docB, { readOnly: false });
    expect(second.get(shape.id)).toBeDefined();
    if (!second.has(TLDOCUMENT_ID)) editorMounts(second);
    await nextFrames();
    expect(storedRecords(docB).filter((entry) => entry.val.typeName === 'page')).toHaveLength(1);
  });
});
