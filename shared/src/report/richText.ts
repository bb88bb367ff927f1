import * as Y from 'yjs';
import { safeLinkTarget } from './safeOutput.js';
import type { Block, Inline, TextSource } from './types.js';

/** Converts tiptap content in a Y.XmlFragment to report blocks (headings, paragraphs, lists). */
export function richTextBlocks(fragment: Y.XmlFragment | undefined, source: TextSource): Block[] {
  if (!fragment) return [];
  const blocks: Block[] = [];
  for (const node of fragment.toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    switch (node.nodeName) {
      case 'heading':
        // headings inside a rationale sit below the report's own section headings
        blocks.push({
          type: 'heading',
          level: 3,
          text: inlines(node)
            .map((i) => i.text)
            .join(''),
        });
        break;
      case 'bulletList':
      case 'orderedList':
        blocks.push({
          type: 'list',
          ordered: node.nodeName === 'orderedList',
          items: node
            .toArray()
            .filter((item): item is Y.XmlElement => item instanceof Y.XmlElement)
            .map((item) => ({ inlines: inlines(item), source })),
        });
        break;
      default: {
        const content = inlines(node);
        if (content.some((inline) => inline.text.trim() !== '')) blocks.push({ type: 'paragraph', inlines: content, source });
      }
    }
  }
  return blocks;
}

/** The text runs of a node and its children, with bold/italic/link marks. */
function inlines(node: Y.XmlElement): Inline[] {
  const result: Inline[] = [];
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, { href?: string } | undefined> }[]) {
        if (typeof op.insert !== 'string') continue;
        const marks = op.attributes ?? {};
        // a target that is not https:/mailto: is dropped here; the renderers check again
        const link = safeLinkTarget(marks.link?.href);
        result.push({
          text: op.insert,
          ...(marks.bold ? { bold: true } : {}),
          ...(marks.italic ? { italic: true } : {}),
          ...(link ? { link } : {}),
        });
      }
    } else if (child instanceof Y.XmlElement) {
      if (result.length > 0) result.push({ text: ' ' });
      result.push(...inlines(child));
    }
  }
  return result;
}
