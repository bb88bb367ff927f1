import type * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';
import { getRecord } from '../records/caseModel.js';
import { RECORD_KINDS, type RecordKind } from '../records/schemas.js';
import { linkTargetText } from './preflight.js';

/** Collects the text of rich-text JSON (tiptap/ProseMirror nodes), link targets included. */
function richTextToPlain(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const { text, content, marks } = node as { text?: unknown; content?: unknown; marks?: unknown };
  const links = Array.isArray(marks)
    ? marks.flatMap((mark: { attrs?: { href?: unknown } } | null) => (typeof mark?.attrs?.href === 'string' ? [linkTargetText(mark.attrs.href)] : []))
    : [];
  const children = Array.isArray(content) ? content.map(richTextToPlain) : [];
  return [typeof text === 'string' ? text : '', ...links, ...children].filter(Boolean).join(' ');
}

/**
 * Free text people wrote on the canvas (notes, text, geo labels, frame names, alt texts, link
 * targets), without the record cards, which show record fields the report scan covers already.
 */
export function canvasTexts(doc: Y.Doc): { text: string; location: { label: string; shapeId: string } }[] {
  const texts: { text: string; location: { label: string; shapeId: string } }[] = [];
  for (const entry of doc.getArray<{ key: string; val: Record<string, unknown> }>(DOC_LAYOUT.canvasRecords).toArray()) {
    const record = entry.val;
    if (record.typeName !== 'shape' || record.type === 'qe-card') continue;
    const props = (record.props ?? {}) as Record<string, unknown>;
    const text = [
      props.richText ? richTextToPlain(props.richText) : '',
      typeof props.text === 'string' ? props.text : '',
      typeof props.name === 'string' ? props.name : '',
      // image and video shapes carry an alt text, bookmarks and embeds a link target
      typeof props.altText === 'string' ? props.altText : '',
      typeof props.url === 'string' ? linkTargetText(props.url) : '',
    ]
      .filter(Boolean)
      .join(' ')
      .trim();
    // the shape's id does not enter the hit's id (that hashes the label), so dismissals stay valid
    if (text) texts.push({ text, location: { label: `Zeichenfläche (${String(record.type)})`, shapeId: String(record.id) } });
  }
  return texts;
}

/** What an image of some canvas shapes shows: the records behind its cards, the shapes themselves (children of exported frames included) and their texts. */
export interface ImagePlaces {
  /** `kind:id` of each record a card in the image shows */
  records: Set<string>;
  shapes: Set<string>;
  /** every text in the image: the cards' records' fields, label cards, free text */
  texts: string[];
}

/** The text values of a record (strings and lists of strings). */
const recordTexts = (record: Record<string, unknown>): string[] =>
  Object.values(record).flatMap((value) =>
    typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [],
  );

export function imagePlaces(doc: Y.Doc, shapeIds: readonly string[]): ImagePlaces {
  const shapes = new Map<string, { parentId?: string; type?: string; props?: { kind?: unknown; recordId?: unknown; label?: unknown } }>();
  for (const entry of doc.getArray<{ key: string; val: Record<string, unknown> }>(DOC_LAYOUT.canvasRecords).toArray()) {
    if (entry.val.typeName === 'shape') shapes.set(entry.key, entry.val as never);
  }
  const chosen = new Set(shapeIds);
  const inImage = (id: string): boolean => {
    for (let current: string | undefined = id, depth = 0; current && depth < 50; depth++) {
      if (chosen.has(current)) return true;
      current = shapes.get(current)?.parentId;
    }
    return false;
  };
  const places: ImagePlaces = { records: new Set(), shapes: new Set(), texts: [] };
  for (const [id, shape] of shapes) {
    if (!inImage(id)) continue;
    places.shapes.add(id);
    const { kind, recordId, label } = shape.props ?? {};
    if (shape.type !== 'qe-card') continue;
    if (typeof label === 'string' && label) places.texts.push(label);
    if (typeof kind !== 'string' || !(RECORD_KINDS as string[]).includes(kind) || typeof recordId !== 'string' || !recordId) continue;
    places.records.add(`${kind}:${recordId}`);
    const record = getRecord(doc, kind as RecordKind, recordId) as Record<string, unknown> | undefined;
    if (record) places.texts.push(...recordTexts(record));
  }
  for (const { text, location } of canvasTexts(doc)) if (places.shapes.has(location.shapeId)) places.texts.push(text);
  return places;
}

/**
 * Whether a pre-flight hit stands in what the image shows: in a record behind one of its cards,
 * in one of its shapes, or — a hit the report places only by a label (a heading that carries a
 * record's title, say) — wherever its text appears in the image.
 */
export function hitInImage(hit: { text: string; location: { label: string } | { kind: string; id: string } }, places: ImagePlaces): boolean {
  const { location } = hit;
  if ('kind' in location && 'id' in location) return places.records.has(`${location.kind}:${location.id}`);
  const shapeId = (location as { shapeId?: unknown }).shapeId;
  if (typeof shapeId === 'string') return places.shapes.has(shapeId);
  return places.texts.some((text) => text.includes(hit.text));
}
