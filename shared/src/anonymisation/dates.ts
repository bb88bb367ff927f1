import { ROLES } from './vocabulary.js';

/**
 * Birth dates. A date by itself is not personal data: a chronology is made of the dates of events
 * ("Hausbesuch am 21.03.2019"), and the report needs them. A birth date is. So a date is a hit
 * only when its context says it is a birth date:
 * - a cue before it: "geb.", "geboren (am)", "Geburtsdatum", "Geb.-Datum", "*";
 * - a cue after it: "… 1988 in Gelsenkirchen geboren", "… zur Welt", "… ihren 30. Geburtstag";
 * - in brackets right after a person: "Mutter (14.02.1993)", "Kind E. (07.07.2016)";
 * - right after a name, in a register line: "Kowalski, Maja, 23.01.2017".
 * Numeric ("7.7.1988", "07.07.88") and written-out dates ("7. Juli 1988", "5. Mai") count alike.
 */

const MONTHS =
  'Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Nov|Dez';
const DATE = /* @__PURE__ */ new RegExp(
  `(?<![\\p{L}\\p{N}.])\\d{1,2}\\.\\s?(?:\\d{1,2}\\.\\s?(?:\\d{4}|\\d{2})(?![\\p{N}])|(?:${MONTHS})\\.?(?:\\s+\\d{4}(?![\\p{N}]))?(?![\\p{L}]))`,
  'gu',
);

const CUE_BEFORE = /(?:\bgeb\.|\bgeboren|\bGeburtsdatum|\bGeb\.-Datum|\bGeburtstag|\*)(?:\s+(?:am|den))?(?:\s+(?:des|der)\s+\p{L}+)?\s*[:,]?\s*$/iu;
const CUE_AFTER = /^,?\s+(?:(?:in|im|bei)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?\s+)?(?:geboren|zur\s+Welt)|^(?:[^.;!?]|\d\.){0,30}\bGeburtstag/iu;
/** the word before "(": a role ("Mutter"), an initial ("E."), or a capitalised name */
const BEFORE_BRACKET = /(\p{Lu}\.|\p{L}+)\s*\(\s*$/u;

/** Birth dates in a text, given where its names are. */
export function birthDateSpans(text: string, names: readonly [number, number][]): [number, number][] {
  const spans: [number, number][] = [];
  DATE.lastIndex = 0;
  for (let match = DATE.exec(text); match; match = DATE.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = text.slice(Math.max(0, start - 40), start);
    const after = text.slice(end, end + 60);
    const bracketed = BEFORE_BRACKET.exec(before);
    const isBirth =
      CUE_BEFORE.test(before) ||
      CUE_AFTER.test(after) ||
      (bracketed !== null &&
        /^\s*\)/.test(after) &&
        (ROLES.has(bracketed[1]!) ||
          /^\p{Lu}\.$/u.test(bracketed[1]!) ||
          names.some(([, nameEnd]) => nameEnd === start - bracketed[0].length + bracketed[1]!.length))) ||
      names.some(([, nameEnd]) => /^\s*,\s*$/.test(text.slice(nameEnd, start)));
    if (isBirth) spans.push([start, end]);
  }
  return spans;
}
