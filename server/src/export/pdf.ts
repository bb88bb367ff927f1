import { createRequire } from 'node:module';
import path from 'node:path';
// the file itself: the package has no exports map, and Node's ESM loader does not import directories
import hyphen from 'hyphen/de/index.js';
import PDFDocument from 'pdfkit';
import { coverNote } from './coverNote.js';
import { cleanText, inlineText, safeLinkTarget, type Block, type Inline, type ReportModel } from '@qe/shared';

// DejaVu: embedded, with every German character; shipped as an npm package, no system font needed
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf', boldItalic: 'DejaVuSans-BoldOblique.ttf' };
const HEADING_SIZES = { 1: 16, 2: 13, 3: 11 } as const;
const BODY_SIZE = 10;
const TABLE_SIZE = 7.5;
const CELL_PADDING = 3;
const ACCENT = '#1f3a5f';
const MARGINS = { top: 64, bottom: 64, left: 62, right: 62 };
/** TOC lines per page (12 pt each on a page body of ~700 pt, less the title) */
const TOC_LINES_PER_PAGE = 44;

const fontFor = (inline: Inline) => (inline.bold && inline.italic ? 'boldItalic' : inline.bold ? 'bold' : inline.italic ? 'italic' : 'regular');

/**
 * German hyphenation (soft hyphens at the break points of the 1996 rules), so narrow table columns
 * break "Familien-gericht" at a syllable, not mid-syllable. pdfkit breaks lines at soft hyphens and
 * draws the hyphen only where it breaks.
 */
const hyphenated = new Map<string, string>();
const hyphenateWord = (word: string) => {
  let result = hyphenated.get(word);
  if (result === undefined) {
    result = hyphen.hyphenateSync(word);
    // a report's vocabulary repeats: the cache stays small and saves most of the pattern work
    if (hyphenated.size < 50_000) hyphenated.set(word, result);
  }
  return result;
};
/** No line break inside "§ 8a", "Abs. 4", "Nr. 12", "Bl. 118", "S. 3": a no-break space holds them together. */
const keepTogether = (text: string) => text.replace(/(§§?|\b(?:Abs|Nr|Bl|S|Art|Ziff)\.)[ \t]+(?=\d)/g, '$1\u00a0');
const hyphenate = (text: string) => keepTogether(cleanText(text)).replace(/[\p{L}\p{M}]{7,}/gu, hyphenateWord);

type Struct = PDFKit.PDFStructureElement;

/**
 * The report as a tagged PDF (PDF/UA-minded, BITV 2.0): document language de-DE, the title shown in
 * the window, a structure tree with headings, paragraphs, lists (L/LI/Lbl/LBody) and tables
 * (Table/TR/TH with column scope/TD); page furniture (running header, page numbers, draft mark,
 * table rules, repeated header rows) is marked as artifact. A cover page (office, procedure,
 * period, version, status, date), a table of contents with page numbers and links, bookmarks,
 * headings kept with the text that follows them.
 */
export function renderPdf(report: ReportModel, { draftMark }: { draftMark?: string } = {}): Promise<Buffer> {
  const { cover } = report;
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    tagged: true,
    lang: 'de-DE',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: cover.title, Author: cover.office, Subject: cover.procedure, Creator: 'QE-Werkstatt', Keywords: 'Qualitätsentwicklung, § 8 LKSG NRW' },
  });
  for (const [name, file] of Object.entries(FONTS)) pdf.registerFont(name, path.join(fontDir, file));
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));

  const left = MARGINS.left;
  const width = pdf.page.width - MARGINS.left - MARGINS.right;
  const bottom = () => pdf.page.height - MARGINS.bottom;
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  /** A structure element under the document whose content `draw` puts on the page. */
  const tagged = (type: string, draw: () => void, parent: Struct = root) => {
    const element = pdf.struct(type);
    parent.add(element);
    element.add(draw);
    element.end();
  };
  const artifact = (draw: () => void) => {
    pdf.markContent('Artifact', { type: 'Pagination' });
    draw();
    pdf.endMarkedContent();
  };
  const ensureSpace = (height: number) => {
    if (pdf.y + height > bottom()) pdf.addPage();
  };
  const lineHeight = (size: number) => {
    pdf.fontSize(size);
    return pdf.currentLineHeight(true);
  };

  /**
   * Text runs with bold/italic and (safe) links, starting at x, as the content of `element`: a
   * linked run becomes a Link structure element that holds its annotation (PDF/UA), the others
   * are the element's own content.
   */
  const writeInlines = (element: Struct, inlines: Inline[], x: number, textWidth: number) => {
    const runs = inlines.filter((inline) => inline.text !== '');
    if (runs.length === 0) runs.push({ text: ' ' });
    runs.forEach((inline, index) => {
      const link = safeLinkTarget(inline.link);
      const draw = () => {
        const options: PDFKit.Mixins.TextOptions = {
          width: textWidth,
          continued: index < runs.length - 1,
          link: link ?? null,
          underline: Boolean(link),
          lineGap: 2,
        };
        pdf
          .font(fontFor(inline))
          .fontSize(BODY_SIZE)
          .fillColor(link ? '#1a4f8b' : 'black');
        if (index === 0) pdf.text(hyphenate(inline.text), x, pdf.y, options);
        else pdf.text(hyphenate(inline.text), options);
        pdf.fillColor('black');
      };
      if (link) element.add(pdf.struct('Link', { alt: `Link: ${link}` }, draw));
      else element.add(draw);
    });
  };
  const taggedInlines = (type: string, inlines: Inline[], x: number, textWidth: number, parent: Struct = root) => {
    const element = pdf.struct(type);
    parent.add(element);
    writeInlines(element, inlines, x, textWidth);
    element.end();
  };

  // --- cover page -------------------------------------------------------------------------
  pdf.y = 170;
  tagged('H1', () => pdf.font('bold').fontSize(24).fillColor(ACCENT).text(cover.title, left, pdf.y, { width, lineGap: 4 }));
  pdf.moveDown(1.2);
  tagged('P', () => pdf.font('bold').fontSize(15).fillColor('black').text(cover.office, left, pdf.y, { width }));
  pdf.moveDown(0.3);
  tagged('P', () => pdf.font('regular').fontSize(13).text(cover.procedure, left, pdf.y, { width }));
  pdf.moveDown(2.5);
  const facts: [string, string][] = [
    ['Zeitraum', cover.period || '–'],
    ['Version', cover.version],
    ['Status', cover.status],
    ['Stand', cover.date],
  ];
  for (const [label, value] of facts) {
    const y = pdf.y;
    tagged('P', () => {
      pdf.font('bold').fontSize(11).text(`${label}: `, left, y, { width: 90, continued: false });
      pdf
        .font('regular')
        .fontSize(11)
        .text(value, left + 90, y, { width: width - 90 });
    });
    pdf.moveDown(0.4);
  }
  pdf.moveDown(2);
  tagged('P', () => pdf.font('italic').fontSize(9.5).fillColor('#444444').text(coverNote(draftMark), left, pdf.y, { width }));
  pdf.fillColor('black');

  // --- table of contents: pages reserved now, filled in once the body's page numbers are known
  const tocEntries = report.blocks.filter((block): block is Extract<Block, { type: 'heading' }> => block.type === 'heading' && block.level <= 2);
  const tocPages = Math.max(1, Math.ceil((tocEntries.length + 3) / TOC_LINES_PER_PAGE));
  pdf.addPage();
  const firstTocPage = pdf.bufferedPageRange().count - 1;
  tagged('H1', () => pdf.font('bold').fontSize(HEADING_SIZES[1]).fillColor(ACCENT).text('Inhalt', left, pdf.y, { width }));
  pdf.fillColor('black');
  const tocTop = pdf.y + 8;
  const toc = pdf.struct('TOC');
  root.add(toc);
  for (let page = 1; page < tocPages; page++) pdf.addPage();

  // --- body ------------------------------------------------------------------------------
  const outline: PDFKit.PDFOutline[] = [pdf.outline];
  const headingPages: { text: string; level: number; page: number; destination: string }[] = [];
  pdf.addPage();
  report.blocks.forEach((block, index) => {
    const next = report.blocks[index + 1];
    switch (block.type) {
      case 'heading': {
        const size = HEADING_SIZES[block.level];
        // a top-level section starts a new page unless the page is still mostly empty; a heading
        // never stands alone at the foot of a page
        if (block.newPage || (block.level === 1 && pdf.y > pdf.page.height * 0.45)) {
          if (pdf.y > MARGINS.top + 1) pdf.addPage();
        } else {
          const followedBy = next?.type === 'table' ? 4 * lineHeight(TABLE_SIZE) + 12 : 3 * lineHeight(BODY_SIZE);
          pdf.font('bold');
          ensureSpace(pdf.heightOfString(block.text, { width }) + size + followedBy);
          if (pdf.y > MARGINS.top + 1) pdf.moveDown(block.level === 3 ? 0.5 : 0.8);
        }
        const destination = `h${index}`;
        pdf.addNamedDestination(destination);
        tagged(`H${block.level}`, () =>
          pdf
            .font('bold')
            .fontSize(size)
            .fillColor(block.level === 3 ? 'black' : ACCENT)
            .text(block.text, left, pdf.y, { width }),
        );
        pdf.fillColor('black');
        pdf.moveDown(0.4);
        const parent = outline[block.level - 1] ?? pdf.outline;
        outline[block.level] = parent.addItem(block.text);
        outline.length = block.level + 1;
        headingPages.push({ text: block.text, level: block.level, page: pdf.bufferedPageRange().count, destination });
        break;
      }
      case 'paragraph':
        ensureSpace(2 * lineHeight(BODY_SIZE));
        taggedInlines('P', block.inlines, left, width);
        pdf.moveDown(0.5);
        break;
      case 'list': {
        const list = pdf.struct('L');
        root.add(list);
        block.items.forEach((item, itemIndex) => {
          // an item starts where its first lines fit, and its label stands on its first line
          pdf.font('regular').fontSize(BODY_SIZE);
          ensureSpace(Math.min(pdf.heightOfString(hyphenate(inlineText(item.inlines)), { width: width - 22, lineGap: 2 }), 3 * lineHeight(BODY_SIZE)));
          const top = pdf.y;
          const entry = pdf.struct('LI');
          list.add(entry);
          tagged(
            'Lbl',
            () =>
              pdf
                .font('regular')
                .fontSize(BODY_SIZE)
                .text(block.ordered ? `${itemIndex + 1}.` : '•', left + 6, top, { width: 16, lineBreak: false }),
            entry,
          );
          pdf.y = top;
          taggedInlines('LBody', item.inlines, left + 22, width - 22, entry);
          entry.end();
          pdf.y += 3;
        });
        list.end();
        pdf.x = left;
        pdf.moveDown(0.4);
        break;
      }
      case 'table':
        drawTable(block);
        break;
    }
  });

  /**
   * A table drawn row by row: cell heights from the text, a page break before a row that does not
   * fit, the header row repeated (as artifact) on every page. (pdfkit's own table takes ~40 s for
   * 2,000 rows.)
   */
  function drawTable(block: Extract<Block, { type: 'table' }>) {
    const weights = block.widths ?? block.header.map(() => 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((weight) => (weight / total) * width);
    const cells = (texts: string[]) => texts.map((text) => hyphenate(text || ''));
    const heightOf = (texts: string[], bold: boolean) => {
      pdf.font(bold ? 'bold' : 'regular').fontSize(TABLE_SIZE);
      return Math.max(...texts.map((text, i) => pdf.heightOfString(text || ' ', { width: widths[i]! - 2 * CELL_PADDING, lineGap: 1 }))) + 2 * CELL_PADDING;
    };
    const header = cells(block.header);
    const headerHeight = heightOf(header, true);
    const table = pdf.struct('Table');
    root.add(table);

    /**
     * One row. Cells are drawn first and the row's height taken from where their text ended, so
     * each text is laid out once; the rules follow as artifact. `height` (measured) is given for
     * header rows, which are filled before their text.
     */
    const drawRow = (texts: string[], kind: 'header' | 'repeat' | 'body', measured?: number, parent?: Struct) => {
      const top = pdf.y;
      const rules = (height: number) =>
        artifact(() => {
          let x = left;
          texts.forEach((_, i) => {
            if (kind !== 'body') pdf.rect(x, top, widths[i]!, height).fill('#e8edf3');
            pdf.rect(x, top, widths[i]!, height).lineWidth(0.5).stroke('#8a8a8a');
            x += widths[i]!;
          });
          pdf.fillColor('black');
        });
      if (measured !== undefined) rules(measured);
      let end = top;
      const drawCell = (text: string, i: number, x: number) => {
        pdf
          .font(kind === 'body' ? 'regular' : 'bold')
          .fontSize(TABLE_SIZE)
          .text(text, x + CELL_PADDING, top + CELL_PADDING, { width: widths[i]! - 2 * CELL_PADDING, lineGap: 1 });
        end = Math.max(end, pdf.y);
      };
      let x = left;
      if (kind === 'repeat') artifact(() => texts.forEach((text, i) => drawCell(text, i, (x += i === 0 ? 0 : widths[i - 1]!))));
      else {
        const row = pdf.struct('TR');
        parent!.add(row);
        texts.forEach((text, i) => {
          const cellX = x;
          // TH with /Scope /Column (pdfkit reads `scope`; its types do not list it yet)
          const cell = pdf.struct(kind === 'header' ? 'TH' : 'TD', (kind === 'header' ? { scope: 'Column' } : {}) as PDFKit.Mixins.StructureElementOptions);
          row.add(cell);
          cell.add(() => drawCell(text || ' ', i, cellX));
          cell.end();
          x += widths[i]!;
        });
        row.end();
      }
      const height = measured ?? end - top + CELL_PADDING;
      if (measured === undefined) rules(height);
      pdf.x = left;
      pdf.y = top + height;
    };
    /**
     * A row taller than a page (fields hold up to 5,000 characters): its cells one below the other
     * across the full width, each with its column name, so the text flows on over pages instead of
     * running off one.
     */
    /** the line between stacked rows: page furniture, not content */
    const rowRule = () =>
      artifact(() =>
        pdf
          .moveTo(left, pdf.y)
          .lineTo(left + width, pdf.y)
          .lineWidth(0.5)
          .stroke('#8a8a8a'),
      );
    const drawStackedRow = (texts: string[], parent: Struct) => {
      ensureSpace(6 * lineHeight(TABLE_SIZE));
      rowRule();
      pdf.y += CELL_PADDING;
      const row = pdf.struct('TR');
      parent.add(row);
      texts.forEach((text, i) => {
        const cell = pdf.struct('TD');
        row.add(cell);
        cell.add(() => {
          pdf
            .font('bold')
            .fontSize(TABLE_SIZE)
            .text(`${block.header[i]}: `, left + CELL_PADDING, pdf.y, { width: width - 2 * CELL_PADDING, continued: true, lineGap: 1 });
          pdf.font('regular').text(text || '–', { width: width - 2 * CELL_PADDING, lineGap: 1 });
        });
        cell.end();
        pdf.y += 2;
      });
      row.end();
      rowRule();
      pdf.x = left;
    };
    /**
     * A row's height from above without laying it out (about 4.2 pt per character at this size;
     * 5.6 assumed, plus a line per paragraph): only rows that may not fit are measured exactly.
     */
    const roughHeight = (texts: string[]) =>
      Math.max(
        ...texts.map((text, i) => {
          const paragraphs = text.split('\n');
          const lines = paragraphs.reduce((sum, line) => sum + Math.ceil((line.length * 5.6 * (TABLE_SIZE / 7.5)) / (widths[i]! - 2 * CELL_PADDING)) + 1, 0);
          return lines * lineHeight(TABLE_SIZE);
        }),
      ) +
      2 * CELL_PADDING;

    const firstRow = block.rows[0] ? heightOf(cells(block.rows[0].cells), false) : 0;
    ensureSpace(headerHeight + firstRow);
    const head = pdf.struct('THead');
    table.add(head);
    drawRow(header, 'header', headerHeight, head);
    head.end();
    const body = pdf.struct('TBody');
    table.add(body);
    const pageBody = pdf.page.height - MARGINS.top - MARGINS.bottom - headerHeight;
    for (const row of block.rows) {
      const texts = cells(row.cells);
      if (pdf.y + roughHeight(texts) > bottom()) {
        const height = heightOf(texts, false);
        if (height > pageBody) {
          drawStackedRow(texts, body);
          continue;
        }
        if (pdf.y + height > bottom()) {
          pdf.addPage();
          drawRow(header, 'repeat', headerHeight);
        }
      }
      drawRow(texts, 'body', undefined, body);
    }
    body.end();
    table.end();
    pdf.moveDown(0.8);
  }

  /** One TOC line: the heading, shortened at a word with "…" when it is wider than the line. */
  const fitted = (text: string, room: number) => {
    if (pdf.widthOfString(text) <= room) return text;
    const words = text.split(' ');
    while (words.length > 1 && pdf.widthOfString(`${words.join(' ')} …`) > room) words.pop();
    return `${words.join(' ')} …`;
  };

  // --- table of contents, now that every heading has its page ---------------------------------
  const tocLine = lineHeight(10) + 3;
  headingPages
    .filter((entry) => entry.level <= 2)
    .forEach((entry, index) => {
      const page = firstTocPage + Math.floor((index + 3) / TOC_LINES_PER_PAGE);
      pdf.switchToPage(page);
      const y = page === firstTocPage ? tocTop + index * tocLine : MARGINS.top + ((index + 3) % TOC_LINES_PER_PAGE) * tocLine;
      const indent = entry.level === 1 ? 0 : 16;
      const item = pdf.struct('TOCI');
      toc.add(item);
      const font = entry.level === 1 ? 'bold' : 'regular';
      pdf.font(font).fontSize(10);
      const title = fitted(entry.text, width - indent - 48);
      const titleEnd = left + indent + pdf.widthOfString(title) + 4;
      tagged(
        'Reference',
        () => {
          pdf
            .font(font)
            .fontSize(10)
            .text(title, left + indent, y, { goTo: entry.destination, lineBreak: false });
          pdf.font('regular').text(String(entry.page), left + width - 40, y, { width: 40, align: 'right', goTo: entry.destination, lineBreak: false });
        },
        item,
      );
      item.end();
      // dot leaders from the title to its page number, as page furniture
      pdf.font('regular').fontSize(10);
      const numberStart = left + width - pdf.widthOfString(String(entry.page)) - 4;
      const dots = Math.floor((numberStart - titleEnd) / pdf.widthOfString(' .'));
      if (dots > 0) artifact(() => pdf.fillColor('#888888').text(' .'.repeat(dots), titleEnd, y, { lineBreak: false }).fillColor('black'));
    });
  toc.end();
  root.end();

  // --- page furniture: running header, page numbers, draft mark (artifacts) -------------------
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    const savedBottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    artifact(() => {
      if (index > 0) {
        pdf
          .font('regular')
          .fontSize(8)
          .fillColor('#555555')
          .text(`${cover.office} · ${cover.procedure}`, left, 34, { width: width - 80, lineBreak: false, ellipsis: true });
        pdf.text(`Seite ${index + 1} von ${range.count}`, left, pdf.page.height - 40, { width, align: 'center', lineBreak: false });
        pdf
          .moveTo(left, 48)
          .lineTo(left + width, 48)
          .lineWidth(0.5)
          .stroke('#b0b0b0');
      }
      if (draftMark) pdf.font('bold').fontSize(9).fillColor('#a32d2d').text(draftMark, left, 22, { width, align: 'right', lineBreak: false });
      pdf.fillColor('black');
    });
    pdf.page.margins.bottom = savedBottom;
  }
  pdf.end();
  return done;
}
