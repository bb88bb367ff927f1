import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { coverNote } from './coverNote.js';
import { cleanText, safeLinkTarget, type Block, type Inline, type ReportModel } from '@qe/shared';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const NUMBERED = 'qe-numbered';
const LANGUAGE = { value: 'de-DE' };
const ACCENT = '1F3A5F';
/** Width of the text area of an A4 page with 2.5 cm margins, in twips. */
const TEXT_WIDTH = 9026;

/**
 * Named styles a clerk can restyle in Word (Format → Formatvorlagen): the built-in headings, title
 * and list paragraph, plus "Tabellentext", "Tabellenkopf" and "Deckblatt" for the report's own
 * parts. German is the language of every style, so Word's spelling and hyphenation use German.
 */
const STYLES = {
  default: {
    document: { run: { font: 'Calibri', size: 21, language: LANGUAGE }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
    title: { run: { font: 'Calibri', size: 44, bold: true, color: ACCENT, language: LANGUAGE }, paragraph: { spacing: { after: 240 } } },
    heading1: {
      run: { font: 'Calibri', size: 32, bold: true, color: ACCENT, language: LANGUAGE },
      paragraph: { keepNext: true, keepLines: true, spacing: { before: 360, after: 120 } },
    },
    heading2: {
      run: { font: 'Calibri', size: 26, bold: true, color: ACCENT, language: LANGUAGE },
      paragraph: { keepNext: true, keepLines: true, spacing: { before: 240, after: 100 } },
    },
    heading3: {
      run: { font: 'Calibri', size: 22, bold: true, language: LANGUAGE },
      paragraph: { keepNext: true, keepLines: true, spacing: { before: 200, after: 80 } },
    },
    listParagraph: { run: { language: LANGUAGE } },
  },
  paragraphStyles: [
    { id: 'Deckblatt', name: 'Deckblatt', basedOn: 'Normal', quickFormat: true, run: { size: 28 }, paragraph: { spacing: { after: 160 } } },
    {
      id: 'Tabellentext',
      name: 'Tabellentext',
      basedOn: 'Normal',
      quickFormat: true,
      run: { size: 16 },
      paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO } },
    },
    { id: 'Tabellenkopf', name: 'Tabellenkopf', basedOn: 'Tabellentext', quickFormat: true, run: { bold: true } },
  ],
};

function runs(inlines: Inline[]) {
  return inlines.map((inline) => {
    const text = cleanText(inline.text);
    const run = new TextRun({ text, bold: inline.bold, italics: inline.italic });
    // one rule for all formats (shared safeOutput): only https:/mailto: targets become hyperlinks
    const link = safeLinkTarget(inline.link);
    return link ? new ExternalHyperlink({ link, children: [new TextRun({ text, style: 'Hyperlink' })] }) : run;
  });
}

/** Column widths from the block's relative widths (or equal), across the text width (in twips). */
function columnWidths(block: Extract<Block, { type: 'table' }>): number[] {
  const weights = block.widths ?? block.header.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => Math.floor((weight / total) * TEXT_WIDTH));
}

/** Multi-line cell text as paragraphs, so Word shows the line breaks. */
const cellParagraphs = (text: string, style: 'Tabellentext' | 'Tabellenkopf') =>
  (cleanText(text) || ' ').split('\n').map((line) => new Paragraph({ style, children: [new TextRun(line)] }));

/**
 * The report as a Word document: a cover page, a table of contents field, real heading styles (so
 * the field and Word's navigation work), numbered lists, tables whose header row repeats on every
 * page, page numbers; German as document language, author and title in the document properties.
 */
export async function renderDocx(report: ReportModel, { draftMark }: { draftMark?: string } = {}): Promise<Buffer> {
  let listInstance = 0;
  const body = report.blocks.flatMap((block: Block) => {
    switch (block.type) {
      case 'heading':
        return [new Paragraph({ heading: HEADINGS[block.level], pageBreakBefore: Boolean(block.newPage), children: [new TextRun(cleanText(block.text))] })];
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
      case 'table': {
        const widths = columnWidths(block);
        return [
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: widths,
            rows: [
              new TableRow({
                tableHeader: true,
                cantSplit: true,
                children: block.header.map(
                  (text, index) =>
                    new TableCell({
                      width: { size: widths[index]!, type: WidthType.DXA },
                      shading: { fill: 'E8EDF3' },
                      children: cellParagraphs(text, 'Tabellenkopf'),
                    }),
                ),
              }),
              ...block.rows.map(
                (row) =>
                  new TableRow({
                    children: row.cells.map(
                      (text, index) => new TableCell({ width: { size: widths[index]!, type: WidthType.DXA }, children: cellParagraphs(text, 'Tabellentext') }),
                    ),
                  }),
              ),
            ],
          }),
          new Paragraph({ text: '' }),
        ];
      }
    }
  });

  const { cover } = report;
  const coverFacts: [string, string][] = [
    ['Zeitraum', cover.period || '–'],
    ['Version', cover.version],
    ['Status', cover.status],
    ['Stand', cover.date],
  ];
  const document = new Document({
    creator: cover.office,
    lastModifiedBy: 'QE-Werkstatt',
    title: cover.title,
    subject: cover.procedure,
    description: `${cover.office} – ${cover.procedure}`,
    keywords: 'Qualitätsentwicklung, § 8 LKSG NRW',
    features: { updateFields: true },
    styles: STYLES,
    numbering: {
      config: [{ reference: NUMBERED, levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }],
    },
    sections: [
      {
        properties: { titlePage: true },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                children: [
                  new TextRun({ text: `${cover.office} · ${cover.procedure}`, size: 16, color: '555555' }),
                  ...(draftMark ? [new TextRun({ text: `   ${draftMark}`, bold: true, color: 'A32D2D', size: 18 })] : []),
                ],
              }),
            ],
          }),
          first: new Header({
            children: draftMark
              ? [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: draftMark, bold: true, color: 'A32D2D' })] })]
              : [],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES], size: 16 })],
              }),
            ],
          }),
          first: new Footer({ children: [] }),
        },
        children: [
          new Paragraph({ text: '', spacing: { before: 2400 } }),
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(cover.title)] }),
          new Paragraph({ style: 'Deckblatt', children: [new TextRun({ text: cover.office, bold: true })] }),
          new Paragraph({ style: 'Deckblatt', children: [new TextRun(cover.procedure)], spacing: { after: 600 } }),
          ...coverFacts.map(([label, value]) => new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] })),
          new Paragraph({
            spacing: { before: 600 },
            children: [
              new TextRun({
                text: coverNote(draftMark),
                italics: true,
                size: 18,
                color: '444444',
              }),
            ],
          }),
          new Paragraph({ children: [new PageBreak()] }),
          // not a heading: the contents do not list themselves
          new Paragraph({ spacing: { after: 200 }, children: [new TextRun({ text: 'Inhalt', bold: true, size: 32, color: ACCENT })] }),
          new TableOfContents('Inhalt', { hyperlink: true, headingStyleRange: '1-2' }),
          new Paragraph({ children: [new PageBreak()] }),
          ...body,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
