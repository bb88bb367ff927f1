import { cleanText, safeLinkTarget } from './safeOutput.js';
import type { Block, Inline, ReportModel } from './types.js';

/**
 * Board text as Markdown text, never as markup: HTML's `<`, `>` and `&` become entities (no raw
 * <script>, <img onerror>, <iframe>), inline Markdown characters are backslash-escaped, and a line
 * that would open a block (heading, list, quote, fence, table, setext underline) is escaped at its
 * start, so a line break inside a field never starts a new block.
 */
function escapeInline(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]|~]/g, '\\$&')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // no autolinks from text: GFM links "www." and "scheme://" by itself
      .replace(/\b(www)\./gi, '$1\\.')
      .replace(/([a-z])(:\/\/)/gi, '$1\\$2')
  );
}

function escapeLine(line: string): string {
  return (
    escapeInline(line.trimStart())
      // what opens a block at the start of a line: "# ", "- ", "+ ", "=" and "-" underlines, "1. ", "1) "
      .replace(/^([#+=-])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

/** Text of one field: each line escaped; line breaks as Markdown hard breaks inside the same block. */
export function escapeMarkdown(text: string): string {
  return cleanText(text).split('\n').map(escapeLine).join('\\\n');
}

/**
 * Emphasis in CommonMark only closes when its delimiters touch the text: `*Frage? *Text` shows the
 * asterisks. Leading and trailing spaces go outside the delimiters.
 */
function wrap(text: string, marker: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  const [, before, core, after] = match;
  return core ? `${before}${marker}${core}${marker}${after}` : text;
}

function inlineMarkdown(inlines: Inline[]): string {
  return inlines
    .map((inline) => {
      let text = escapeMarkdown(inline.text);
      if (inline.italic) text = wrap(text, '*');
      if (inline.bold) text = wrap(text, '**');
      const href = safeLinkTarget(inline.link);
      if (href && text.trim()) text = `[${text}](<${href}>)`;
      return text;
    })
    .join('')
    .replace(/\\\n$/, '');
}

// GFM tables hold one line per row (no block starts inside a cell): line breaks in a cell become <br>, the only markup we write ourselves
const cell = (text: string) =>
  cleanText(text)
    .split('\n')
    .map((line) => escapeInline(line.trim()))
    .join('<br>');

function blockMarkdown(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `${'#'.repeat(block.level + 1)} ${escapeInline(cleanText(block.text).replace(/\s+/g, ' ').trim())}`;
    case 'paragraph':
      return inlineMarkdown(block.inlines);
    case 'list':
      return block.items
        .map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${inlineMarkdown(item.inlines).replace(/\\\n/g, '\\\n   ')}`)
        .join('\n');
    case 'table':
      return [
        `| ${block.header.map(cell).join(' | ')} |`,
        `| ${block.header.map(() => '---').join(' | ')} |`,
        ...block.rows.map((row) => `| ${row.cells.map(cell).join(' | ')} |`),
      ].join('\n');
  }
}

/** The report as Markdown (GitHub-flavoured tables). */
export function renderMarkdown(report: ReportModel, { draftMark }: { draftMark?: string } = {}): string {
  const { cover } = report;
  const lines = [
    ...(draftMark ? [`> **${escapeMarkdown(draftMark)}**`, ''] : []),
    `# ${escapeInline(cover.title)}`,
    '',
    escapeMarkdown(
      [cover.office, cover.procedure, cover.period ? `Zeitraum ${cover.period}` : '', `Stand ${cover.date}`, `Version ${cover.version}`, cover.status]
        .filter(Boolean)
        .join(' · '),
    ),
    '',
    ...report.blocks.flatMap((block) => [blockMarkdown(block), '']),
  ];
  return lines.join('\n').trimEnd() + '\n';
}
