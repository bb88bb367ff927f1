import { gazetteer, type Gazetteer } from './gazetteer/index.js';
import { DOTTED_TITLES, FOREIGN_LETTER, FOREIGN_SURNAME_ENDING, NEVER_NAMES, NOT_FOREIGN_SURNAME, ROLES, TITLES } from './vocabulary.js';

/**
 * Names of people in German case texts, by rules a moderator can follow:
 * - a title or a role takes the capitalised words after it: "Herr Dennis Wagner", "Frau Koch",
 *   "Frau Dr. Elif Kaya", "die Tante Gül" (an initial after it is a pseudonym: "Frau K." is no hit);
 * - a known first name, a known surname that is no German word, or a word that looks foreign to
 *   German ("Yılmaz", "Kovačević", "Popescu") is a name, with the capitalised words beside it:
 *   "Mats Krüger", "Olga Petrova", "Stefan von der Heide";
 * - names that are also German words ("Koch", "Lange", "Richter") count only in such company.
 */

interface Token {
  text: string;
  start: number;
  end: number;
}

const PARTICLES = /* @__PURE__ */ new Set([
  'von',
  'van',
  'de',
  'der',
  'den',
  'da',
  'di',
  'del',
  'della',
  'dos',
  'du',
  'ter',
  'zu',
  'al',
  'el',
  'bin',
  'ibn',
  'la',
  'le',
]);
/** titles for a group of people: "Familie Yılmaz", not "Familie Kontakt" */
const GROUP_TITLES = /* @__PURE__ */ new Set(['Familie', 'Fam', 'Ehepaar', 'Eheleute', 'Geschwister']);
/** particles that may open a surname after a title ("Herrn van Dijk"); not "der": "Herr der Lage" */
const FIRST_PARTICLES = /* @__PURE__ */ new Set(['von', 'van', 'de', 'da', 'di', 'dos', 'ter', 'al', 'el']);
/** endings of German nouns that are never surnames: stop a name before "von der Schulsozialarbeit" */
const NOUN_ENDING = /(?:ung|heit|keit|schaft|arbeit|amt|stelle|dienst|schule|gericht|zentrum|verein|hilfe|haus|heim|ion|tät|ei)$/u;
const MAX_NAME_WORDS = 4;

const isCapitalised = (word: string) => /^\p{Lu}[\p{Ll}\p{M}]/u.test(word);

const WORD = /[\p{L}\p{M}]+(?:[-’'][\p{L}\p{M}]+)*/gu;
/** a word that begins with a capital (not the second half of "Schulze-Brandt") */
const CAPITALISED_WORD = /(?<![\p{L}\p{M}’'-])\p{Lu}[\p{L}\p{M}]*(?:[-’'][\p{L}\p{M}]+)*/gu;
const WORD_BEFORE = /([\p{L}\p{M}]+(?:[-’'][\p{L}\p{M}]+)*)(\s+)$/u;

/**
 * The words around a capitalised word: the one before it, itself and up to ten after it. Only the
 * few capitalised words that may start a name get this, so a long text is not cut into words whole.
 */
function wordsAround(text: string, word: Token): { list: Token[]; at: number } {
  const list: Token[] = [];
  const before = WORD_BEFORE.exec(text.slice(Math.max(0, word.start - 60), word.start));
  if (before) list.push({ text: before[1]!, start: word.start - before[0].length, end: word.start - before[2]!.length });
  list.push(word);
  WORD.lastIndex = word.end;
  for (let match = WORD.exec(text); match && list.length < 13; match = WORD.exec(text)) {
    list.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return { list, at: before ? 1 : 0 };
}

/** Which words count as what, against one gazetteer. */
function classifier(names: Gazetteer) {
  const parts = (word: string) => word.split(/[-’']/).filter((part) => !/^(?:al|el|Al|El|O)$/.test(part));
  const inList = (list: ReadonlySet<string>, word: string) => list.has(word) || (word.includes('-') && parts(word).every((part) => list.has(part)));
  const never = (word: string) => NEVER_NAMES.has(word) || ROLES.has(word) || TITLES.has(word);
  const looksForeign = (word: string) =>
    FOREIGN_LETTER.test(word) || (word.length >= 5 && FOREIGN_SURNAME_ENDING.test(word.slice(-8)) && !NOT_FOREIGN_SURNAME.test(word.slice(-9)));
  const known = (word: string) => inList(names.first, word) || inList(names.last, word);
  // words repeat: a case file says "Mutter" and "Kita" a thousand times; the answer is kept (bounded)
  const aloneMemo = new Map<string, boolean>();
  const alone = (word: string) => {
    if (!isCapitalised(word) || never(word) || names.ambiguous.has(word)) return false;
    if (looksForeign(word)) return true;
    return (inList(names.first, word) && word.length >= 3) || (inList(names.last, word) && word.length >= 4);
  };
  return {
    never,
    known,
    /** a name on its own, wherever it stands */
    alone: (word: string) => {
      let answer = aloneMemo.get(word);
      if (answer === undefined) {
        if (aloneMemo.size > 50_000) aloneMemo.clear();
        aloneMemo.set(word, (answer = alone(word)));
      }
      return answer;
    },
    /** a further word of a name that has begun */
    continues: (word: string) =>
      isCapitalised(word) && !never(word) && (known(word) || looksForeign(word) || (!names.ambiguous.has(word) && !NOUN_ENDING.test(word))),
  };
}

let cached: ReturnType<typeof classifier> | undefined;

/** Where the names in a text start and end. */
export function nameSpans(text: string): [number, number][] {
  cached ??= classifier(gazetteer());
  const words = cached;
  const spans: [number, number][] = [];
  let list: Token[] = [];
  const dotAfter = (token: Token) => text[token.end] === '.';
  /** the next word follows directly, after a space (and the dot of an abbreviation) */
  const followedBy = (token: Token, next: Token) =>
    /^\.?\s+$/u.test(text.slice(token.end, next.start)) && (text[token.end] !== '.' || DOTTED_TITLES.has(token.text));
  const isInitial = (token: Token) => /^\p{Lu}$/u.test(token.text) && dotAfter(token);

  /** The name words from index `from` on: capitalised words, particles before one, a closing initial. */
  const nameFrom = (from: number, first: (word: string) => boolean, allowParticleFirst = false): number => {
    let last = -1;
    let count = 0;
    for (let i = from; i < list.length && count < MAX_NAME_WORDS; i++) {
      const token = list[i]!;
      if (i > from && !/^\s+$/.test(text.slice(list[i - 1]!.end, token.start))) break;
      // "Stefan von der Heide", and after a title also "Herrn van Dijk"
      if (PARTICLES.has(token.text) && (count > 0 || (allowParticleFirst && FIRST_PARTICLES.has(token.text)))) continue;
      if (count > 0 && isInitial(token)) return i;
      if (!(count === 0 ? first(token.text) : words.continues(token.text))) break;
      last = i;
      count++;
      if (dotAfter(token)) break;
    }
    return last;
  };

  CAPITALISED_WORD.lastIndex = 0;
  for (let match = CAPITALISED_WORD.exec(text); match; match = CAPITALISED_WORD.exec(text)) {
    const word = match[0];
    // most capitalised words are ordinary nouns: only a title, a role or a name can start a name
    if (!TITLES.has(word) && !ROLES.has(word) && !words.alone(word)) continue;
    const around = wordsAround(text, { text: word, start: match.index, end: match.index + word.length });
    list = around.list;
    const i = around.at;
    const token = list[i]!;
    let start = -1;
    let end = -1;
    if (TITLES.has(token.text) && (!DOTTED_TITLES.has(token.text) || dotAfter(token) || token.text === 'Dr')) {
      // skip further titles and roles: "Frau Dr. med. Kaya", "Herrn Oberstudienrat Klaus Dietrich"
      let j = i + 1;
      while (
        j < list.length &&
        followedBy(list[j - 1]!, list[j]!) &&
        (TITLES.has(list[j]!.text) || DOTTED_TITLES.has(list[j]!.text) || ROLES.has(list[j]!.text))
      )
        j++;
      const next = list[j];
      if (next && followedBy(list[j - 1]!, next) && !isInitial(next)) {
        // "Familie Kontakt" is no name: after a word for a group the name must be known or look like one
        const group = GROUP_TITLES.has(token.text);
        const first = (word: string) =>
          isCapitalised(word) && !words.never(word) && !/^\p{Lu}$/u.test(word) && (!group || words.known(word) || words.alone(word));
        const last = nameFrom(j, first, true);
        if (last >= 0) [start, end] = [token.start, list[last]!.end];
      }
    } else if (
      ROLES.has(token.text) &&
      list[i + 1] &&
      (followedBy(token, list[i + 1]!) || /^:\s+$/.test(text.slice(token.end, list[i + 1]!.start))) &&
      !isInitial(list[i + 1]!)
    ) {
      // "die Tante Gül", "Vater: Rashid Hamidi": a known name, or two words that can be one ("Vater: Unbekannt" is none)
      let last = nameFrom(i + 1, (word) => isCapitalised(word) && !words.never(word) && (words.known(word) || words.alone(word)));
      if (last < 0) {
        last = nameFrom(i + 1, words.continues);
        if (last < i + 2 || isInitial(list[last]!)) last = -1;
      }
      if (last >= 0) [start, end] = [list[i + 1]!.start, list[last]!.end];
    }
    if (start < 0 && words.alone(token.text)) {
      let first = i;
      // a capitalised word right before belongs to it ("Oksana Melnyk" read from the surname)
      const before = list[i - 1];
      if (before && words.continues(before.text) && /^\s+$/.test(text.slice(before.end, token.start))) first = i - 1;
      const last = nameFrom(i, () => true);
      [start, end] = [list[first]!.start, list[Math.max(last, i)]!.end];
    }
    if (start >= 0) {
      spans.push([start, end]);
      CAPITALISED_WORD.lastIndex = end;
    }
  }
  return spans;
}
