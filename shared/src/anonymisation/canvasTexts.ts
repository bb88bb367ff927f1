import type * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';
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
      // image and video shapes carry an alt text, bookmarks and embeds a link target
      typeof props.altText === 'string' ? props.altText : '',
      typeof props.url === 'string' ? linkTargetText(props.url) : '',
    ]
      .filter(Boolean)
      .join(' ')
      .trim();
    if (text) texts.push({ text, location: { label: `Zeichenfläche (${String(record.type)})` } });
  }
  return texts;
}
