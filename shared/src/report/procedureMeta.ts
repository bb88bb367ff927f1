import type * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';
import type { ProcedureMeta } from './types.js';

/** Procedure data for the report cover and section 1, kept in the board's doc. */
const META_MAP = DOC_LAYOUT.reportMeta;

export const DEFAULT_META: ProcedureMeta = {
  office: 'Jugendamt',
  procedure: 'Qualitätsentwicklungsverfahren',
  period: '',
  selection: 'gezielt',
  participants: [],
  version: '0.1',
  final: false,
  date: '',
};

export function procedureMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(META_MAP);
}

export function readProcedureMeta(doc: Y.Doc, today: string): ProcedureMeta {
  const stored = procedureMetaMap(doc).toJSON() as Partial<ProcedureMeta>;
  return { ...DEFAULT_META, date: today, ...stored };
}

export function writeProcedureMeta(doc: Y.Doc, meta: Partial<ProcedureMeta>): void {
  const map = procedureMetaMap(doc);
  doc.transact(() => {
    for (const [key, value] of Object.entries(meta)) map.set(key, value);
  });
}
