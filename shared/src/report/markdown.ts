import type { Block, Inline, ReportModel } from './types.js';

const escape = (text: string) => text.replace(/([\\`*_[\]#|])/g, '\\$1');

function inlineMarkdown(inlines: Inline[]): string {
  return inlines
    .map((inline) => {
      let text = escape(inline.text);
      if (inline.bold) text = `**${text}**`;
      if (inline.italic) text = `*${text}*`;
      if (inline.link) text = `[${text}](${inline.link})`;
      return text;
    })
    .join('');
}

const cell = (text: string) => escape(text).replace(/\r?\n/g, '<br>');

function blockMarkdown(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `${'#'.repeat(block.level + 1)} ${block.text}`;
    case 'paragraph':
      return inlineMarkdown(block.inlines);
    case 'list':
      return block.items.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${inlineMarkdown(item.inlines)}`).join('\n');
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
    ...(draftMark ? [`> **${draftMark}**`, ''] : []),
    `# ${cover.title}`,
    '',
    `${cover.office} · ${cover.procedure} · Stand ${cover.date} · Version ${cover.version} · ${cover.status}`,
    '',
    ...report.blocks.flatMap((block) => [blockMarkdown(block), '']),
  ];
  return lines.join('\n').trimEnd() + '\n';
}
