/** The procedure report as a format-neutral structure; DOCX, PDF and Markdown render it. */

export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string;
}

/** Where a text in the report comes from: the pre-flight check points there. */
export interface TextSource {
  board: string;
  kind: string;
  id: string;
  field: string;
  /** human-readable place, e.g. "Chronologie Nr. 12 – Was ist passiert?" */
  label: string;
}

export type Block =
  /** `newPage`: the renderers start a new page for it (the appendices) */
  | { type: 'heading'; level: 1 | 2 | 3; text: string; newPage?: boolean }
  | { type: 'paragraph'; inlines: Inline[]; source?: TextSource }
  | { type: 'list'; ordered: boolean; items: { inlines: Inline[]; source?: TextSource }[] }
  | {
      type: 'table';
      caption: string;
      header: string[];
      /** relative column widths (the renderers scale them to the page) */
      widths?: number[];
      rows: { cells: string[]; sources: (TextSource | undefined)[] }[];
    };

export interface ProcedureMeta {
  /** youth welfare office, e.g. "Jugendamt Musterstadt" */
  office: string;
  procedure: string;
  period: string;
  selection: 'gezielt' | 'zufällig';
  /** participants by role only, never names (entered in the export dialog) */
  participants: { role: string; count: number }[];
  /** who joined the board, by role, from the audit log: the fallback when none were entered */
  joined?: { role: string; count: number }[];
  version: string;
  final: boolean;
  date: string;
  includeDiscarded?: boolean;
  /** the procedure's quality topics, in order: the cross-case findings follow it */
  themes?: string[];
}

export interface ReportModel {
  cover: { title: string; office: string; procedure: string; period: string; date: string; version: string; status: 'Entwurf' | 'Endfassung' };
  blocks: Block[];
}

export const plain = (text: string): Inline[] => [{ text }];
export const inlineText = (inlines: Inline[]) => inlines.map((inline) => inline.text).join('');
