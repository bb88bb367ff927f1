/**
 * Renders the report of the project's fictional example case (shared/examples/fall-beispiel, the
 * three templates applied) as PDF, DOCX and Markdown into docs/report/, with PNG pages of the PDF
 * (poppler's pdftoppm), so the README can show the report without running anything.
 *
 *   npx tsx server/scripts/exampleReport.ts [outDir] [pages…]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildReport, fillExampleCase, readProcedureMeta, renderMarkdown, VOTE_RESULTS, caseNumbering } from '@qe/shared';
import { TEMPLATES } from '@qe/templates';
import * as Y from 'yjs';
import { readExampleCase } from '../src/examples/exampleCase.js';
import { renderDocx } from '../src/export/docx.js';
import { renderPdf } from '../src/export/pdf.js';

const outDir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../docs/report'));
const pages = process.argv.slice(3).map(Number);

const doc = new Y.Doc();
fillExampleCase(doc, readExampleCase(), TEMPLATES);
// a saved dot vote, as a workshop leaves it
const situations = caseNumbering(doc).keySituations;
doc.getArray(VOTE_RESULTS).push([
  {
    title: 'Welche Schlüsselsituation vertiefen wir?',
    savedAt: '2024-02-15T10:30:00.000Z',
    results: situations.slice(0, 4).map((ks, index) => ({ target: { kind: 'keySituations', id: ks.id, label: ks.title }, count: [7, 3, 9, 4][index]! })),
  },
]);
const meta = {
  ...readProcedureMeta(doc, '15.03.2024'),
  office: 'Jugendamt Stadt Y (fiktiv)',
  procedure: 'Qualitätsentwicklungsverfahren 2024',
  period: '01/2024 bis 06/2024',
  version: '1.0',
  participants: [
    { role: 'Moderation', count: 2 },
    { role: 'ASD-Fachkräfte', count: 4 },
    { role: 'Kooperationspartner (Kita, Schule, Frauenberatung)', count: 3 },
    { role: 'Analyseteam', count: 2 },
  ],
};
const report = buildReport([{ name: 'Fall Familie S.', doc }], meta);

mkdirSync(outDir, { recursive: true });
const pdfFile = path.join(outDir, 'bericht-beispiel.pdf');
writeFileSync(pdfFile, await renderPdf(report));
writeFileSync(path.join(outDir, 'bericht-beispiel.docx'), await renderDocx(report));
writeFileSync(path.join(outDir, 'bericht-beispiel.md'), renderMarkdown(report));
for (const page of pages) {
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', pdfFile, path.join(outDir, `seite-${page}`)]);
}
console.log(`written to ${outDir}`);
