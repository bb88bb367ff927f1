import * as Y from 'yjs';
import { describeIssues } from '../describeIssues.js';
import { DOC_LAYOUT } from '../docLayout.js';
import type { z } from 'zod';
import { ensureLiveText, isLiveTextField, replaceText } from './liveText.js';
import { DEFAULT_LANES, DEFAULT_THEMES, RECORD_SCHEMAS, type RecordInput, type RecordKind, type RecordOf } from './schemas.js';

/**
 * How case-work records live in a board's Y.Doc: one Y.Map per record kind
 * (`records.events`, …), each record a nested Y.Map of its fields, so two people editing
 * different fields of the same event both keep their change. A recommendation's rationale is a
 * Y.XmlFragment under the key `rationale` (tiptap rich text).
 */
export const MODEL_VERSION = 1;
const META = DOC_LAYOUT.recordsMeta;
export const RICH_TEXT_FIELDS: Partial<Record<RecordKind, readonly string[]>> = {
  recommendations: ['rationale'],
  microArticles: ['story', 'insights', 'practice', 'openQuestions'],
};

export class RecordValidationError extends Error {
  constructor(
    readonly kind: RecordKind,
    readonly problems: string[],
  ) {
    super(problems.join('; '));
  }
}

export function recordsMap(doc: Y.Doc, kind: RecordKind): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(`records.${kind}`);
}

function validate<K extends RecordKind>(kind: K, value: unknown): RecordOf<K> {
  const result = (RECORD_SCHEMAS[kind] as z.ZodType).safeParse(value);
  if (!result.success) {
    throw new RecordValidationError(kind, describeIssues(result.error, kind));
  }
  return result.data as RecordOf<K>;
}

/** Reads a record's plain fields: live texts as strings, rich text left out. */
function plainFields(record: Y.Map<unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of record) {
    if (value instanceof Y.Text) fields[key] = value.toString();
    else if (!(value instanceof Y.AbstractType)) fields[key] = value;
  }
  return fields;
}

let counter = 0;
/** Short random ids: unique enough across clients, readable in links. */
export function newRecordId(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36)}${(counter++ % 1296).toString(36)}${random}`;
}

/** Validates and adds a record; returns it as stored. Throws RecordValidationError. */
export function createRecord<K extends RecordKind>(doc: Y.Doc, kind: K, input: Omit<RecordInput<K>, 'id'> & { id?: string }): RecordOf<K> {
  const record = validate(kind, { ...input, id: input.id ?? newRecordId(kind.slice(0, 3)) });
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(record)) map.set(key, typeof value === 'string' && isLiveTextField(kind, key) ? new Y.Text(value) : value);
    for (const field of RICH_TEXT_FIELDS[kind] ?? []) map.set(field, new Y.XmlFragment());
    recordsMap(doc, kind).set(record.id, map);
  });
  return record;
}

/** Changes some fields; the result must still be valid. Only changed fields are written. */
export function updateRecord<K extends RecordKind>(doc: Y.Doc, kind: K, id: string, patch: Partial<Omit<RecordOf<K>, 'id'>>): RecordOf<K> {
  const map = recordsMap(doc, kind).get(id);
  if (!map) throw new RecordValidationError(kind, [`${kind}: kein Eintrag mit der Kennung ${id}`]);
  const next = validate(kind, { ...plainFields(map), ...patch, id });
  doc.transact(() => {
    for (const [key, value] of Object.entries(next)) {
      const stored = map.get(key);
      // a live text changes by the smallest edit, so someone typing elsewhere in it keeps their text
      if (stored instanceof Y.Text && typeof value === 'string') replaceText(stored, value);
      else if (JSON.stringify(stored) !== JSON.stringify(value)) map.set(key, value);
    }
  });
  return next;
}

/**
 * Writes a live text field as typed (keystroke by keystroke, by the smallest edit): the record
 * must stay valid with it (a required field is not left empty), but the text is kept as typed —
 * not trimmed, so a space typed at the end stays. Throws RecordValidationError.
 */
export function updateLiveText(doc: Y.Doc, kind: RecordKind, id: string, field: string, value: string): void {
  const map = recordsMap(doc, kind).get(id);
  if (!map) throw new RecordValidationError(kind, [`${kind}: kein Eintrag mit der Kennung ${id}`]);
  if (!isLiveTextField(kind, field)) throw new RecordValidationError(kind, [`${kind}: ${field} ist kein Textfeld`]);
  validate(kind, { ...plainFields(map), [field]: value, id });
  doc.transact(() => replaceText(ensureLiveText(doc, kind, id, field)!, value));
}

export function deleteRecord(doc: Y.Doc, kind: RecordKind, id: string): void {
  recordsMap(doc, kind).delete(id);
}

export function getRecord<K extends RecordKind>(doc: Y.Doc, kind: K, id: string): RecordOf<K> | undefined {
  const map = recordsMap(doc, kind).get(id);
  if (!map) return undefined;
  const result = (RECORD_SCHEMAS[kind] as z.ZodType).safeParse(plainFields(map));
  return result.success ? (result.data as RecordOf<K>) : undefined;
}

export interface RecordList<K extends RecordKind> {
  records: RecordOf<K>[];
  /** records that do not pass the schema (e.g. written by a newer version); shown, never dropped */
  invalid: { id: string; problems: string[] }[];
}

export function listRecords<K extends RecordKind>(doc: Y.Doc, kind: K): RecordList<K> {
  const list: RecordList<K> = { records: [], invalid: [] };
  for (const [id, map] of recordsMap(doc, kind)) {
    const result = (RECORD_SCHEMAS[kind] as z.ZodType).safeParse(plainFields(map));
    if (result.success) list.records.push(result.data as RecordOf<K>);
    else list.invalid.push({ id, problems: describeIssues(result.error) });
  }
  return list;
}

/** The rich-text fragment of a record field, e.g. a recommendation's rationale. */
export function richText(doc: Y.Doc, kind: RecordKind, id: string, field: string): Y.XmlFragment | undefined {
  const value = recordsMap(doc, kind).get(id)?.get(field);
  return value instanceof Y.XmlFragment ? value : undefined;
}

/**
 * Brings a board's record model to the current version. Version 1 seeds the default lanes and
 * quality topics, once. Runs on every client that edits; a repeated run changes nothing.
 */
export function migrateCaseModel(doc: Y.Doc): void {
  const meta = doc.getMap<number>(META);
  const version = meta.get('version') ?? 0;
  if (version >= MODEL_VERSION) return;
  doc.transact(() => {
    if (version < 1) {
      if (recordsMap(doc, 'lanes').size === 0) {
        DEFAULT_LANES.forEach((name, order) => createRecord(doc, 'lanes', { id: `lane-${order + 1}`, name, order }));
      }
      if (recordsMap(doc, 'themes').size === 0) {
        DEFAULT_THEMES.forEach((name, index) => createRecord(doc, 'themes', { id: `theme-${index + 1}`, name }));
      }
    }
    meta.set('version', MODEL_VERSION);
  });
}

/** Ids a record links to that no longer exist: shown as broken links, never a crash. */
export function brokenLinks(doc: Y.Doc, links: Partial<Record<RecordKind, readonly string[]>>): { kind: RecordKind; id: string }[] {
  return Object.entries(links).flatMap(([kind, ids]) =>
    (ids ?? []).filter((id) => !recordsMap(doc, kind as RecordKind).has(id)).map((id) => ({ kind: kind as RecordKind, id })),
  );
}
