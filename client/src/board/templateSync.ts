import {
  appliedTemplateIds,
  appliedTemplatesMap,
  layoutRecords,
  layoutTemplate,
  RECORD_KINDS,
  recordsMap,
  type LayoutItem,
} from '@qe/shared';
import { templateById } from '@qe/templates';
import { createShapeId, type Editor, type TLShapeId, type TLShapePartial } from 'tldraw';
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

function differs(editor: Editor, partial: TLShapePartial): boolean {
  const shape = editor.getShape(partial.id);
  if (!shape) return true;
  if (shape.x !== partial.x || shape.y !== partial.y || shape.parentId !== partial.parentId) return true;
  const props = shape.props as Record<string, unknown>;
  return Object.entries(partial.props ?? {}).some(([key, value]) => props[key] !== value);
}

/**
 * Makes a template's frame show the records as its layout says: creates missing shapes, moves
 * and resizes changed ones, removes those whose record is gone. Shape ids derive from record
 * ids, so every client computes and writes the same shapes.
 */
export function syncTemplateShapes(editor: Editor, templateId: string, items: LayoutItem[]): void {
  const wanted = new Set(items.map((item) => shapeId(item.id)));
  editor.run(
    () => {
      for (const item of items) {
        const partial = partialFor(editor, item, templateId);
        if (!editor.getShape(partial.id)) editor.createShape(partial);
        else if (differs(editor, partial)) editor.updateShape(partial);
      }
      const stale = editor
        .getPages()
        .flatMap((page) => [...editor.getPageShapeIds(page.id)])
        .filter((id: TLShapeId) => (editor.getShape(id)?.meta as { template?: string } | undefined)?.template === templateId && !wanted.has(id));
      if (stale.length > 0) editor.deleteShapes(stale);
    },
    { history: 'ignore', ignoreShapeLock: true },
  );
}

/** The frame shape of an applied template, to bring it into view. */
export function templateFrameId(templateId: string): TLShapeId {
  return shapeId(`${templateId}:frame`);
}

/** Keeps every applied template's frame laid out while records change. Returns a stop function. */
export function keepTemplatesLaidOut(editor: Editor, doc: Y.Doc): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    const records = layoutRecords(doc);
    for (const id of appliedTemplateIds(doc)) {
      const template = templateById(id);
      if (template) syncTemplateShapes(editor, id, layoutTemplate(template, records));
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 100);
  };
  const sources = [...RECORD_KINDS.map((kind) => recordsMap(doc, kind)), appliedTemplatesMap(doc)];
  for (const source of sources) source.observeDeep(schedule);
  run();
  return () => {
    clearTimeout(timer);
    for (const source of sources) source.unobserveDeep(schedule);
  };
}
