import * as Y from 'yjs';
import type { RecordKind } from './schemas.js';

/**
 * Text fields of records that several people may type into at once. Such a field is a Y.Text
 * inside the record's Y.Map, so concurrent typing merges character by character; everyone reads
 * it as a plain string (caseModel's plainFields), so schemas, export and import are unchanged.
 * Records created now carry Y.Texts; a field stored as a string by an earlier version becomes one
 * the first time someone starts editing it (ensureLiveText). The record stays one entry of its
 * kind's map, so the server's write rules and locks apply to every keystroke as to any change.
 */
export const LIVE_TEXT_FIELDS: Readonly<Record<RecordKind, readonly string[]>> = {
  lanes: [],
  persons: ['role', 'description'],
  events: ['fact', 'knownAtTheTime', 'assessment', 'source'],
  keySituations: ['title', 'whatHappened', 'knownAtTheTime', 'whyItMadeSense'],
  factors: ['text'],
  themes: [],
  findings: ['text'],
  recommendations: ['title', 'addressee', 'intendedOutcome', 'timeframe', 'discardReason'],
  swotItems: ['text'],
  microArticles: ['title'],
  cafeNotes: ['text'],
  indicators: ['name', 'source', 'note'],
  reviewedDocuments: ['title', 'finding'],
  structuralFindings: ['text'],
};

export function isLiveTextField(kind: RecordKind, field: string): boolean {
  return LIVE_TEXT_FIELDS[kind].includes(field);
}

function recordMap(doc: Y.Doc, kind: RecordKind, id: string): Y.Map<unknown> | undefined {
  return doc.getMap<Y.Map<unknown>>(`records.${kind}`).get(id);
}

/** The field's shared text, if it is stored as one. */
export function liveText(doc: Y.Doc, kind: RecordKind, id: string, field: string): Y.Text | undefined {
  const value = recordMap(doc, kind, id)?.get(field);
  return value instanceof Y.Text ? value : undefined;
}

/** The field's shared text, made from its string value first if needed; undefined for no such record or field. */
export function ensureLiveText(doc: Y.Doc, kind: RecordKind, id: string, field: string): Y.Text | undefined {
  if (!isLiveTextField(kind, field)) return undefined;
  const map = recordMap(doc, kind, id);
  if (!map) return undefined;
  const value = map.get(field);
  if (value instanceof Y.Text) return value;
  const text = new Y.Text(typeof value === 'string' ? value : '');
  map.set(field, text);
  return text;
}

/**
 * Changes a shared text to `next` by the smallest edit (keeps the common start and end), so a
 * concurrent edit elsewhere in the text survives.
 */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shorter = Math.min(current.length, next.length);
  while (start < shorter && current[start] === next[start]) start++;
  let end = 0;
  while (end < shorter - start && current[current.length - 1 - end] === next[next.length - 1 - end]) end++;
  const apply = () => {
    if (current.length - start - end > 0) text.delete(start, current.length - start - end);
    if (next.length - start - end > 0) text.insert(start, next.slice(start, next.length - end));
  };
  if (text.doc) text.doc.transact(apply);
  else apply();
}
