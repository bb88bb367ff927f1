import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { safeLinkTarget, type Block, type Inline, type ReportModel } from '@qe/shared';

// DejaVu: embedded, with every German character; shipped as an npm package, no system font needed
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf', boldItalic: 'DejaVuSans-BoldOblique.ttf' };
const SIZES = { 1: 16, 2: 13, 3: 11.5 } as const;

const fontFor = (inline: Inline) => (inline.bold && inline.italic ? 'boldItalic' : inline.bold ? 'bold' : inline.italic ? 'italic' : 'regular');

const CELL_PADDING = 3;

/**
 * A table drawn row by row: cell heights from the text, a page break before a row that does not
 * fit, and the header row repeated on every page. (pdfkit's own table takes ~40 s for 2,000 rows.)
 */
function drawTable(pdf: PDFKit.PDFDocument, header: string[], rows: string[][]): void {
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const fixed = [22, 52, 62];
  const rest = (width - fixed.reduce((a, b) => a + b, 0)) / Math.max(1, header.length - fixed.length);
  const widths = header.map((_, index) => fixed[index] ?? rest);
  const heightOf = (cells: string[]) =>
    Math.max(...cells.map((text, index) => pdf.heightOfString(text || ' ', { width: widths[index]! - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
  const drawRow = (cells: string[], bold: boolean) => {
    pdf.font(bold ? 'bold' : 'regular').fontSize(8);
    const height = heightOf(cells);
    if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) {
      pdf.addPage();
      if (!bold) drawRow(header, true);
      pdf.font(bold ? 'bold' : 'regular').fontSize(8);
    }
    const top = pdf.y;
    let x = left;
    cells.forEach((text, index) => {
      const cellWidth = widths[index]!;
      pdf.rect(x, top, cellWidth, height).lineWidth(0.5).stroke('#888888');
      pdf.fillColor('black').text(text, x + CELL_PADDING, top + CELL_PADDING, { width: cellWidth - 2 * CELL_PADDING });
      x += cellWidth;
    });
    pdf.x = left;
    pdf.y = top + height;
  };
  drawRow(header, true);
  for (const cells of rows) drawRow(cells, false);
  pdf.moveDown();
}

/** The report as PDF: embedded fonts, headings as bookmarks, page numbers, optional draft mark. */
export function renderPdf(report: ReportModel, { draftMark }: { draftMark?: string } = {}): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 60, bottom: 60, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: report.cover.title, Author: 'QE-Werkstatt' },
  });
  for (const [name, file] of Object.entries(FONTS)) pdf.registerFont(name, path.join(fontDir, file));
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));

  const write = (inlines: Inline[], options: PDFKit.Mixins.TextOptions = {}) => {
    inlines.forEach((inline, index) => {
      pdf
        .font(fontFor(inline))
        .fontSize(10)
        .text(inline.text, { ...options, continued: index < inlines.length - 1, link: safeLinkTarget(inline.link) ?? null });
    });
    pdf.moveDown(0.4);
  };

  const { cover } = report;
  pdf.font('bold').fontSize(20).text(cover.title);
  pdf.moveDown();
  pdf.font('regular').fontSize(12).text(cover.office).text(cover.procedure).text(`Stand: ${cover.date} · Version ${cover.version}`);
  pdf.font('bold').text(cover.status);
  pdf.addPage();

  // bookmarks nest by heading level
  const outline: PDFKit.PDFOutline[] = [pdf.outline];
  for (const block of report.blocks as Block[]) {
    switch (block.type) {
      case 'heading': {
        if (block.level === 1 && pdf.y > 120) pdf.moveDown();
        pdf.font('bold').fontSize(SIZES[block.level]).text(block.text);
        pdf.moveDown(0.3);
        const parent = outline[block.level - 1] ?? pdf.outline;
        outline[block.level] = parent.addItem(block.text);
        outline.length = block.level + 1;
        break;
      }
      case 'paragraph':
        write(block.inlines);
        break;
      case 'list':
        block.items.forEach((item, index) => write([{ text: block.ordered ? `${index + 1}. ` : '• ' }, ...item.inlines], { indent: 12 }));
        break;
      case 'table':
        drawTable(
          pdf,
          block.header,
          block.rows.map((row) => row.cells),
        );
        break;
    }
  }

  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font('regular')
      .fontSize(8)
      .text(`Seite ${index + 1} von ${range.count}`, 0, pdf.page.height - 36, { align: 'center', width: pdf.page.width });
    if (draftMark) pdf.font('bold').fontSize(9).fillColor('#a32d2d').text(draftMark, 0, 24, { align: 'center', width: pdf.page.width }).fillColor('black');
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
