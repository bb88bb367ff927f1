import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { cleanText, safeLinkTarget, type Block, type Inline, type ReportModel } from '@qe/shared';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const NUMBERED = 'qe-numbered';

function runs(inlines: Inline[]) {
  return inlines.map((inline) => {
    const text = cleanText(inline.text);
    const run = new TextRun({ text, bold: inline.bold, italics: inline.italic });
    // one rule for all formats (shared safeOutput): only https:/mailto: targets become hyperlinks
    const link = safeLinkTarget(inline.link);
    return link ? new ExternalHyperlink({ link, children: [new TextRun({ text, style: 'Hyperlink' })] }) : run;
  });
}

/** Narrow number, date and actor columns, the rest shares the width of an A4 page (in twips). */
function columnWidths(count: number): number[] {
  const fixed = [500, 1100, 1300].slice(0, count);
  const rest = Math.floor((9600 - fixed.reduce((a, b) => a + b, 0)) / Math.max(1, count - fixed.length));
  return Array.from({ length: count }, (_, index) => fixed[index] ?? rest);
}

/** Multi-line cell text as paragraphs, so Word shows the line breaks. */
const cellParagraphs = (text: string, bold = false) =>
  (cleanText(text) || ' ').split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] }));

/**
 * The report as a Word document: real heading styles (so the table of contents field works),
 * numbered lists, tables whose header row repeats on every page, and page numbers.
 */
export async function renderDocx(report: ReportModel, { draftMark }: { draftMark?: string } = {}): Promise<Buffer> {
  let listInstance = 0;
  const body = report.blocks.flatMap((block: Block) => {
    switch (block.type) {
      case 'heading':
        return [new Paragraph({ heading: HEADINGS[block.level], children: [new TextRun(cleanText(block.text))] })];
      case 'paragraph':
        return [new Paragraph({ children: runs(block.inlines) })];
      case 'list': {
        const instance = ++listInstance;
        return block.items.map((item) =>
          block.ordered
            ? new Paragraph({ numbering: { reference: NUMBERED, level: 0, instance }, children: runs(item.inlines) })
            : new Paragraph({ bullet: { level: 0 }, children: runs(item.inlines) }),
        );
      }
      case 'table':
        return [
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: columnWidths(block.header.length),
            rows: [
              new TableRow({ tableHeader: true, children: block.header.map((text) => new TableCell({ children: cellParagraphs(text, true) })) }),
              ...block.rows.map(
                (row) => new TableRow({ cantSplit: false, children: row.cells.map((text) => new TableCell({ children: cellParagraphs(text) })) }),
              ),
            ],
          }),
          new Paragraph({ text: '' }),
        ];
    }
  });

  const { cover } = report;
  const document = new Document({
    creator: 'QE-Werkstatt',
    title: cover.title,
    description: `${cover.office} – ${cover.procedure}`,
    features: { updateFields: true },
    numbering: {
      config: [{ reference: NUMBERED, levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }],
    },
    sections: [
      {
        headers: draftMark
          ? {
              default: new Header({
                children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: draftMark, bold: true, color: 'A32D2D' })] })],
              }),
            }
          : undefined,
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(cover.title)] }),
          new Paragraph({ children: [new TextRun({ text: cover.office, bold: true })] }),
          new Paragraph({ text: cover.procedure }),
          new Paragraph({ text: `Stand: ${cover.date} · Version ${cover.version}` }),
          new Paragraph({ children: [new TextRun({ text: cover.status, bold: true })] }),
          new TableOfContents('Inhalt', { hyperlink: true, headingStyleRange: '1-3' }),
          ...body,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
