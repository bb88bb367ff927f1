import * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';

/** The report's own texts, written in the board as rich text: the summary and the case sketch. */
export const REPORT_TEXTS = ['summary', 'caseSketch'] as const;
export type ReportText = (typeof REPORT_TEXTS)[number];

const ROOTS: Record<ReportText, string> = { summary: DOC_LAYOUT.reportSummary, caseSketch: DOC_LAYOUT.reportCaseSketch };

export function reportText(doc: Y.Doc, which: ReportText): Y.XmlFragment {
  return doc.getXmlFragment(ROOTS[which]);
}

/** True when a rich text holds no visible text (an empty editor keeps one empty paragraph). */
export function isEmptyRichText(fragment: Y.XmlFragment): boolean {
  const visit = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook): boolean =>
    node instanceof Y.XmlText ? node.toString().trim() === '' : node instanceof Y.XmlHook ? true : node.toArray().every((child) => visit(child as never));
  return visit(fragment);
}

/** Which of the report's own texts are still empty: the export dialog flags them, the report shows a placeholder. */
export function missingReportTexts(doc: Y.Doc): ReportText[] {
  return REPORT_TEXTS.filter((which) => isEmptyRichText(reportText(doc, which)));
}
