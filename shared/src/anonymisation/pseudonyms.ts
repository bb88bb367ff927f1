import * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';
import { listRecords, recordsMap } from '../records/caseModel.js';
import { replaceText } from '../records/liveText.js';
import { RECORD_KINDS, type RecordKind } from '../records/schemas.js';
import { nameSpans } from './names.js';
import { ROLES } from './vocabulary.js';

/**
 * The pseudonymisation assistant's rules: which names a board's records and canvas text hold (with every place),
 * which pseudonym to suggest for each, and the replacement of all of them at once. Chronologies are
 * often pasted from case files with real names; this turns "Herr Dennis Wagner" into "Vater A"
 * everywhere, consistently, in one transaction (one undo step).
 */

/** One place a name occurs: a record field (for lists, the item) or a canvas shape, and the words around it. */
export interface NameOccurrence {
  kind: RecordKind | 'canvas';
  id: string;
  field: string;
  excerpt: string;
}

export interface NameCandidate {
  /** the name as written, without a title ("Dennis Wagner") */
  name: string;
  occurrences: NameOccurrence[];
  /** an editable suggestion: the role found before the name and a letter ("Mutter A", "Kind B", "Person C") */
  suggestion: string;
}

export interface PseudonymChoice {
  name: string;
  pseudonym: string;
}

/** fields that are no free text: ids, enumerations, the alias (a pseudonym already) */
const SKIP_FIELDS = /* @__PURE__ */ new Set(['id', 'alias', 'status', 'priority', 'level', 'laneId', 'selection', 'isKeySituation', 'date']);
const TITLE = /^(?:(?:Herrn?|Frau|Fr\.|Hr\.|Familie|Fam\.|Ehepaar|Eheleute|Dr\.|Prof\.|med\.)\s+)+/u;
/** a role word, as the pseudonym shows it */
const ROLE_NAMES: Record<string, string> = {
  Kindesmutter: 'Mutter',
  Kindesvater: 'Vater',
  Sohn: 'Kind',
  Tochter: 'Kind',
  Kinder: 'Kind',
  Mama: 'Mutter',
  Papa: 'Vater',
  Oma: 'Großmutter',
  Opa: 'Großvater',
  Lebensgefährtin: 'Lebensgefährtin',
};

interface TextPlace {
  kind: RecordKind | 'canvas';
  id: string;
  field: string;
  /** the text, and how to write a changed one back */
  text: string;
  write: (next: string) => void;
}

/** Every free text of the board's records, with a way to change it. */
function textPlaces(doc: Y.Doc): TextPlace[] {
  const places: TextPlace[] = [];
  for (const kind of RECORD_KINDS) {
    // a kind the board has never used has no map yet: reading must not create one
    if (!doc.share.has(`records.${kind}`)) continue;
    for (const [id, record] of recordsMap(doc, kind)) {
      for (const [field, value] of record) {
        if (SKIP_FIELDS.has(field) || field.endsWith('Ids')) continue;
        if (typeof value === 'string') places.push({ kind, id, field, text: value, write: (next) => record.set(field, next) });
        // a live text field (typed into by several people at once): changed by the smallest edit
        else if (value instanceof Y.Text) places.push({ kind, id, field, text: value.toString(), write: (next) => replaceText(value, next) });
        else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
          // one copy for the whole list, so two changed items both stay changed
          const items = [...(value as string[])];
          items.forEach((item, index) =>
            places.push({
              kind,
              id,
              field,
              text: item,
              write: (next) => {
                items[index] = next;
                record.set(field, [...items]);
              },
            }),
          );
        } else if (value instanceof Y.XmlFragment) {
          for (const node of xmlTexts(value)) {
            places.push({ kind, id, field, text: deltaText(node), write: (next) => rewriteXmlText(node, next) });
          }
        }
      }
    }
  }
  places.push(...canvasPlaces(doc));
  return places;
}

type CanvasEntry = { key: string; val: Record<string, unknown> };
type RichNode = { text?: unknown; content?: unknown };

/**
 * Free text on the canvas (notes, text, frame names, alt texts; not the record cards, which show
 * record fields). A shape is one entry of a key-value array: a change replaces the entry (as
 * y-utility's YKeyValue does), with all changes to that shape in one copy.
 */
function canvasPlaces(doc: Y.Doc): TextPlace[] {
  if (!doc.share.has(DOC_LAYOUT.canvasRecords)) return [];
  const array = doc.getArray<CanvasEntry>(DOC_LAYOUT.canvasRecords);
  const places: TextPlace[] = [];
  for (const entry of array.toArray()) {
    if (entry.val.typeName !== 'shape' || entry.val.type === 'qe-card') continue;
    const copy = structuredClone(entry.val) as { props?: Record<string, unknown> };
    const props = copy.props ?? {};
    const replace = () => {
      const index = array.toArray().findIndex((candidate) => candidate.key === entry.key);
      if (index < 0) return;
      array.delete(index);
      array.insert(index, [{ key: entry.key, val: structuredClone(copy) as Record<string, unknown> }]);
    };
    const place = (field: string, text: string, set: (next: string) => void) =>
      places.push({ kind: 'canvas', id: entry.key, field, text, write: (next) => (set(next), replace()) });
    for (const field of ['text', 'name', 'altText']) {
      if (typeof props[field] === 'string') place(field, props[field], (next) => (props[field] = next));
    }
    const visit = (node: RichNode) => {
      if (typeof node.text === 'string') place('richText', node.text, (next) => (node.text = next));
      if (Array.isArray(node.content)) for (const child of node.content as RichNode[]) if (child && typeof child === 'object') visit(child);
    };
    if (props.richText && typeof props.richText === 'object') visit(props.richText as RichNode);
  }
  return places;
}

function xmlTexts(node: Y.XmlFragment | Y.XmlElement): Y.XmlText[] {
  return node.toArray().flatMap((child) => (child instanceof Y.XmlText ? [child] : child instanceof Y.XmlElement ? xmlTexts(child) : []));
}

const deltaText = (node: Y.XmlText) => (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');

/** Rewrites a rich-text run by its differing middle only, so marks around it stay. */
function rewriteXmlText(node: Y.XmlText, next: string): void {
  const old = deltaText(node);
  let start = 0;
  while (start < old.length && start < next.length && old[start] === next[start]) start++;
  let end = 0;
  while (end < old.length - start && end < next.length - start && old[old.length - 1 - end] === next[next.length - 1 - end]) end++;
  node.delete(start, old.length - start - end);
  node.insert(start, next.slice(start, next.length - end));
}

const core = (match: string) => match.replace(TITLE, '').trim();

function excerpt(text: string, start: number, end: number): string {
  // cut words are dropped at a cut end only, not where the text begins or ends
  const before = start > 40 ? text.slice(start - 40, start).replace(/^\S*\s/, '') : text.slice(0, start);
  const after = end + 40 < text.length ? text.slice(end, end + 40).replace(/\s\S*$/, '') : text.slice(end);
  return `${start > 40 ? '…' : ''}${before}${text.slice(start, end)}${after}${end + 40 < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
}

/** The role named right before a name, or else right after it ("die Kindesmutter, Frau Sabine Krämer", "Dennis Wagner ist der Vater"). */
function roleNear(text: string, start: number, end: number): string | undefined {
  const before = (text.slice(Math.max(0, start - 40), start).match(/\p{L}+/gu) ?? []).slice(-3).reverse();
  const after = (text.slice(end, end + 30).match(/\p{L}+/gu) ?? []).slice(0, 3);
  const role = [...before, ...after].find((word) => ROLES.has(word));
  return role && (ROLE_NAMES[role] ?? role);
}

/**
 * The names in a board's records, most frequent first, each with every place it occurs and a
 * suggested pseudonym. Names already on the person register as aliases are left out.
 */
export function findNames(doc: Y.Doc): NameCandidate[] {
  const aliases = new Set(listRecords(doc, 'persons').records.map((person) => person.alias));
  type Found = { occurrences: NameOccurrence[]; roles: Map<string, number> };
  const found = new Map<string, Found>();
  for (const place of textPlaces(doc)) {
    for (const [start, end] of nameSpans(place.text)) {
      const name = core(place.text.slice(start, end));
      if (!name || aliases.has(name)) continue;
      const entry: Found = found.get(name) ?? { occurrences: [], roles: new Map() };
      found.set(name, entry);
      entry.occurrences.push({ kind: place.kind, id: place.id, field: place.field, excerpt: excerpt(place.text, start, end) });
      const role = roleNear(place.text, start, end);
      if (role) entry.roles.set(role, (entry.roles.get(role) ?? 0) + 1);
    }
  }
  const taken = new Set(aliases);
  const next = new Map<string, number>();
  const suggest = (role: string) => {
    for (;;) {
      const index = next.get(role) ?? 0;
      next.set(role, index + 1);
      const letter = index < 26 ? String.fromCharCode(65 + index) : String(index + 1);
      const candidate = `${role} ${letter}`;
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  };
  return [...found]
    .sort(([a, x], [b, y]) => y.occurrences.length - x.occurrences.length || a.localeCompare(b, 'de'))
    .map(([name, { occurrences, roles }]) => {
      const role = [...roles].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'Person';
      return { name, occurrences, suggestion: suggest(role) };
    });
}

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every chosen name (with a title before it: "Herr Dennis Wagner" → "Vater A") in all
 * free texts of the records, in one transaction with the given origin, so the replacement is one
 * undo step. Longer names go first ("Dennis Wagner" before "Wagner"). Returns how many places changed.
 */
export function applyPseudonyms(doc: Y.Doc, choices: readonly PseudonymChoice[], origin?: unknown): number {
  const usable = choices.filter((choice) => choice.name.trim() && choice.pseudonym.trim());
  if (usable.length === 0) return 0;
  const byLength = [...usable].sort((a, b) => b.name.length - a.name.length);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:(?:Herrn?|Frau|Fr\\.|Hr\\.|Familie|Dr\\.)\\s+)*(${byLength.map((choice) => escapeRegex(choice.name.trim())).join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  const pseudonyms = new Map(usable.map((choice) => [choice.name.trim(), choice.pseudonym.trim()]));
  let replaced = 0;
  doc.transact(() => {
    for (const place of textPlaces(doc)) {
      const next = place.text.replace(pattern, (_match, name: string) => {
        replaced++;
        return pseudonyms.get(name)!;
      });
      if (next !== place.text) place.write(next);
    }
  }, origin);
  return replaced;
}
