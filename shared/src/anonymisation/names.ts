import { gazetteer, type Gazetteer } from './gazetteer/index.js';
import { DOTTED_TITLES, FOREIGN_LETTER, FOREIGN_SURNAME_ENDING, NEVER_NAMES, NOT_FOREIGN_SURNAMES, ROLES, TITLES } from './vocabulary.js';

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

const PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'da', 'di', 'del', 'della', 'dos', 'du', 'ter', 'zu', 'al', 'el', 'bin', 'ibn', 'la', 'le']);
/** titles for a group of people: "Familie Yılmaz", not "Familie Kontakt" */
const GROUP_TITLES = new Set(['Familie', 'Fam', 'Ehepaar', 'Eheleute', 'Geschwister']);
/** particles that may open a surname after a title ("Herrn van Dijk"); not "der": "Herr der Lage" */
const FIRST_PARTICLES = new Set(['von', 'van', 'de', 'da', 'di', 'dos', 'ter', 'al', 'el']);
/** endings of German nouns that are never surnames: stop a name before "von der Schulsozialarbeit" */
const NOUN_ENDING = /(?:ung|heit|keit|schaft|arbeit|amt|stelle|dienst|schule|gericht|zentrum|verein|hilfe|haus|heim|ion|tät|ei)$/u;
const MAX_NAME_WORDS = 4;

const isCapitalised = (word: string) => /^\p{Lu}[\p{Ll}\p{M}]/u.test(word);

function tokens(text: string): Token[] {
  const found: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{M}]+(?:[-’'][\p{L}\p{M}]+)*/gu))
    found.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return found;
}

/** Which words count as what, against one gazetteer. */
function classifier(names: Gazetteer) {
  const parts = (word: string) => word.split(/[-’']/).filter((part) => !/^(?:al|el|Al|El|O)$/.test(part));
  const inList = (list: ReadonlySet<string>, word: string) => list.has(word) || (word.includes('-') && parts(word).every((part) => list.has(part)));
  const never = (word: string) => NEVER_NAMES.has(word) || ROLES.has(word) || TITLES.has(word);
  const looksForeign = (word: string) => FOREIGN_LETTER.test(word) || (FOREIGN_SURNAME_ENDING.test(word) && !NOT_FOREIGN_SURNAMES.has(word));
  const known = (word: string) => inList(names.first, word) || inList(names.last, word);
  return {
    never,
    known,
    /** a name on its own, wherever it stands */
    alone: (word: string) => {
      if (!isCapitalised(word) || never(word) || names.ambiguous.has(word)) return false;
      if (looksForeign(word)) return true;
      return (inList(names.first, word) && word.length >= 3) || (inList(names.last, word) && word.length >= 4);
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
  const list = tokens(text);
  const spans: [number, number][] = [];
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

  let i = 0;
  while (i < list.length) {
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
      while (i < list.length && list[i]!.start < end) i++;
      continue;
    }
    i++;
  }
  return spans;
}
