import { formatFuzzyDate } from './fuzzyDate.js';
import type { CaseEvent } from './schemas.js';

/**
 * Short titles from longer texts (a key situation named after its event). A title ends at the end
 * of the first sentence, or after a word limit with "…" — never inside a pseudonym or an
 * abbreviation: the period of "Frau S.", "Kind J.", "z. B.", "Nr. 3" or "14.03." ends no sentence.
 */
const ABBREVIATIONS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'bzw',
  'ca',
  'dr',
  'evtl',
  'fr',
  'ggf',
  'hr',
  'inkl',
  'nr',
  'sog',
  'str',
  'usw',
  'vgl',
  'abs',
  'bl',
  'prof',
  'geb',
  'lt',
  'tel',
]);

function sentenceEnd(words: string[], index: number): boolean {
  const word = words[index]!;
  if (/[!?]["“”»«)]*$/.test(word)) return true;
  if (!/\.["“”»«)]*$/.test(word)) return false;
  const stem = word.replace(/\.["“”»«)]*$/, '').replace(/^["„“»«(]+/, '');
  // "S.", "J.", "z.B.", "u.a.", ordinals and dates ("3.", "14.03.") and known abbreviations go on
  if (stem.length <= 1 || /\./.test(stem) || /^\d+$/.test(stem) || ABBREVIATIONS.has(stem.toLowerCase())) return false;
  // a sentence goes on with a capital letter (or ends the text)
  const next = words[index + 1];
  return next === undefined || /^["„“»«(]*[A-ZÄÖÜ0-9]/.test(next);
}

export function shortTitle(text: string, maxWords = 12): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  for (let index = 0; index < Math.min(words.length, maxWords); index++) {
    if (sentenceEnd(words, index)) return words.slice(0, index + 1).join(' ');
  }
  if (words.length <= maxWords) return words.join(' ');
  return `${words
    .slice(0, maxWords)
    .join(' ')
    .replace(/[,;:–-]+$/, '')}…`;
}

/** The title of a key situation created from a flagged event: "11.02.2021: Die Kita …". */
export const keySituationTitle = (event: CaseEvent): string => `${formatFuzzyDate(event.date)}: ${shortTitle(event.fact.split('\n')[0]!)}`;
