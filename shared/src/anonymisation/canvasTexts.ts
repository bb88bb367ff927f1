import type * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';

/** Collects the text of rich-text JSON (tiptap/ProseMirror nodes). */
function richTextToPlain(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const { text, content } = node as { text?: unknown; content?: unknown };
  const own = typeof text === 'string' ? text : '';
  const children = Array.isArray(content) ? content.map(richTextToPlain).join(' ') : '';
  return `${own}${own && children ? ' ' : ''}${children}`;
}

/**
 * Free text people wrote on the canvas (notes, text, geo labels, frame names), without the record
 * cards, which show record fields the report scan covers already.
 */
export function canvasTexts(doc: Y.Doc): { text: string; location: { label: string } }[] {
  const texts: { text: string; location: { label: string } }[] = [];
  for (const entry of doc.getArray<{ key: string; val: Record<string, unknown> }>(DOC_LAYOUT.canvasRecords).toArray()) {
    const record = entry.val;
    if (record.typeName !== 'shape' || record.type === 'qe-card') continue;
    const props = (record.props ?? {}) as Record<string, unknown>;
    const text = [
      props.richText ? richTextToPlain(props.richText) : '',
      typeof props.text === 'string' ? props.text : '',
      typeof props.name === 'string' ? props.name : '',
    ]
      .filter(Boolean)
      .join(' ')
      .trim();
    if (text) texts.push({ text, location: { label: `Zeichenfläche (${String(record.type)})` } });
  }
  return texts;
}
