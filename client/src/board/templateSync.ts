import {
  appliedTemplateIds,
  appliedTemplatesMap,
  cafeTableItemId,
  layoutRecords,
  layoutTemplate,
  RECORD_KINDS,
  recordsMap,
  SESSION_STATE,
  WORLD_CAFE_TEMPLATE,
  type LayoutItem,
  layoutWriter,
} from '@qe/shared';
import { templateById } from '@qe/templates';
import { createShapeId, type Editor, type TLShapeId, type TLShapePartial } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

const shapeId = (layoutId: string) => createShapeId(`qe:${layoutId}`);

function partialFor(editor: Editor, item: LayoutItem, templateId: string): TLShapePartial {
  const parentId = item.parent ? shapeId(item.parent) : editor.getPages()[0]!.id;
  const base = { id: shapeId(item.id), parentId, x: item.x, y: item.y, meta: { template: templateId } };
  if (item.kind === 'frame') {
    return { ...base, type: 'frame', props: { w: item.w, h: item.h, name: item.text ?? '' } };
  }
  return {
    ...base,
    type: 'qe-card',
    props: {
      w: item.w,
      h: item.h,
      kind: item.kind === 'label' ? 'label' : item.record!.kind,
      recordId: item.record?.id ?? '',
      view: item.record?.view ?? '',
      label: item.text ?? '',
    },
  };
}

/** A card or frame someone moved by hand keeps its place; the layout still updates its size and text. */
const isPinned = (editor: Editor, id: TLShapeId) => (editor.getShape(id)?.meta as { pinned?: boolean } | undefined)?.pinned === true;

function withoutPlace(partial: TLShapePartial): TLShapePartial {
  const { x: _x, y: _y, parentId: _parent, meta: _meta, ...rest } = partial;
  return rest as TLShapePartial;
}

function differs(editor: Editor, partial: TLShapePartial): boolean {
  const shape = editor.getShape(partial.id);
  if (!shape) return true;
  const placed = !isPinned(editor, partial.id);
  if (placed && (shape.x !== partial.x || shape.y !== partial.y || shape.parentId !== partial.parentId)) return true;
  const props = shape.props as Record<string, unknown>;
  return Object.entries(partial.props ?? {}).some(([key, value]) => props[key] !== value);
}

/**
 * Makes a template's frame show the records as its layout says: creates missing shapes, moves
 * and resizes changed ones, removes those whose record is gone. Shape ids derive from record
 * ids, so every client computes and writes the same shapes.
 */
export function syncTemplateShapes(editor: Editor, templateId: string, items: LayoutItem[], isHeld: (shape: TLShapePartial) => boolean = () => false): void {
  const wanted = new Set(items.map((item) => shapeId(item.id)));
  laying = true;
  try {
    editor.run(
      () => {
        for (const item of items) {
          const partial = partialFor(editor, item, templateId);
          if (isHeld(partial)) continue;
          if (!editor.getShape(partial.id)) editor.createShape(partial);
          else if (differs(editor, partial)) editor.updateShape(isPinned(editor, partial.id) ? withoutPlace(partial) : partial);
        }
        const stale = editor
          .getPages()
          .flatMap((page) => [...editor.getPageShapeIds(page.id)])
          .filter(
            (id: TLShapeId) =>
              (editor.getShape(id)?.meta as { template?: string } | undefined)?.template === templateId && !wanted.has(id) && !isHeld(editor.getShape(id)!),
          );
        if (stale.length > 0) editor.deleteShapes(stale);
      },
      { history: 'ignore', ignoreShapeLock: true },
    );
  } finally {
    laying = false;
  }
}

/** true while the layout itself moves shapes, so that only people's moves pin a card */
let laying = false;

/**
 * Pins a template's card or frame when a person moves it (drag, arrow keys, align …), so the
 * layout leaves its place alone from then on. Returns a stop function.
 */
export function pinMovedCards(editor: Editor): () => void {
  return editor.sideEffects.registerAfterChangeHandler('shape', (before, after, source) => {
    if (laying || source !== 'user') return;
    const meta = after.meta as { template?: string; pinned?: boolean };
    if (!meta.template || meta.pinned) return;
    if (before.x === after.x && before.y === after.y && before.parentId === after.parentId) return;
    editor.updateShape({ id: after.id, type: after.type, meta: { ...after.meta, pinned: true } });
  });
}

/** Lets the layout place every card of a template's frame again, and lays the frame out. */
export function unpinTemplateCards(editor: Editor, doc: Y.Doc, templateId: string): number {
  const pinned = editor
    .getCurrentPageShapes()
    .filter((shape) => (shape.meta as { template?: string; pinned?: boolean }).template === templateId && (shape.meta as { pinned?: boolean }).pinned);
  if (pinned.length > 0) editor.updateShapes(pinned.map((shape) => ({ id: shape.id, type: shape.type, meta: { ...shape.meta, pinned: false } })));
  const template = templateById(templateId);
  if (template) syncTemplateShapes(editor, templateId, layoutTemplate(template, layoutRecords(doc)));
  return pinned.length;
}

/** The frame shape of a World Café table, to take its people there. */
export function cafeTableFrameId(tableId: string): TLShapeId {
  return shapeId(cafeTableItemId(`${WORLD_CAFE_TEMPLATE}:frame`, tableId));
}

/** The frame shape of an applied template, to bring it into view. */
export function templateFrameId(templateId: string): TLShapeId {
  return shapeId(`${templateId}:frame`);
}

/**
 * Keeps every applied template's frame laid out while records change, as long as this client is
 * the board's layout writer (see shared session/layoutWriter: one writer, not one per client);
 * shapes `isHeld` by a lock are left to the moderators' clients. Returns a stop function.
 */
export function keepTemplatesLaidOut(editor: Editor, doc: Y.Doc, awareness: Awareness, isHeld?: (shape: TLShapePartial) => boolean): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const isWriter = () => layoutWriter(awareness.getStates()) === awareness.clientID;
  let wasWriter = isWriter();
  const run = () => {
    if (!isWriter()) return;
    const records = layoutRecords(doc);
    for (const id of appliedTemplateIds(doc)) {
      const template = templateById(id);
      if (template) syncTemplateShapes(editor, id, layoutTemplate(template, records), isHeld);
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 100);
  };
  // the session state holds the World Café's tables, which the café's frame lays out
  const sources = [...RECORD_KINDS.map((kind) => recordsMap(doc, kind)), appliedTemplatesMap(doc), doc.getMap(SESSION_STATE)];
  for (const source of sources) source.observeDeep(schedule);
  // the writer left: whoever takes over brings the frames up to date
  const onPresence = () => {
    const writer = isWriter();
    if (writer && !wasWriter) schedule();
    wasWriter = writer;
  };
  awareness.on('change', onPresence);
  schedule();
  return () => {
    clearTimeout(timer);
    awareness.off('change', onPresence);
    for (const source of sources) source.unobserveDeep(schedule);
  };
}
