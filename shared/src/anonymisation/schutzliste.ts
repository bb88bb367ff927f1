/**
 * The Schutzliste (terms that must never leave in a report): which terms are usable, and one regex
 * for the whole list. The same check runs when the list is saved (a clear 400 there) and when a
 * pre-flight compiles it, so a stored list can never make pre-flight or an export fail.
 */

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';

const UMLAUTS: Record<string, string> = { ä: '(?:ä|ae|a)', ö: '(?:ö|oe|o)', ü: '(?:ü|ue|u)', ß: '(?:ß|ss)' };
const DIGRAPHS: Record<string, string> = { ae: '(?:ae|ä)', oe: '(?:oe|ö)', ue: '(?:ue|ü)', ss: '(?:ss|ß)' };
/** letters without a decomposition that people still write without the mark: Turkish dotless i, Polish ł, … */
const PLAIN: Record<string, string> = { ı: 'i', ł: 'l', đ: 'd', ø: 'o', æ: 'ae', œ: 'oe' };
const INFLECTION = '(?:s|es|n|en|e|er|ern|ens|sche[nmrs]?)?';

/** Why a term cannot be on the list: the client words it in German, the API in English. */
export type TermProblem = 'too_few_letters' | 'control_characters' | 'too_long';

export const TERM_MAX_LENGTH = 200;

/**
 * What is wrong with a term, or undefined. A term needs two letters or digits (a term of dashes
 * or dots would flag every text or none), and no control characters or broken Unicode (which
 * cannot come from typing and would not match what the report shows).
 */
export function termProblem(term: string): TermProblem | undefined {
  const trimmed = term.trim();
  if (trimmed.length > TERM_MAX_LENGTH) return 'too_long';
  if (/[\p{Cc}\p{Cf}\p{Cs}]/u.test(trimmed.replace(/\s/g, ' '))) return 'control_characters';
  if ((trimmed.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) return 'too_few_letters';
  return undefined;
}

/** The problems of a list, by position; empty when every term is usable. */
export function schutzlisteProblems(terms: readonly string[]): { index: number; term: string; problem: TermProblem }[] {
  return terms.flatMap((term, index) => {
    const problem = termProblem(term);
    return problem ? [{ index, term, problem }] : [];
  });
}

/** One letter as a regex piece: itself, or also without its accent ("Kovačević" ~ "Kovacevic"). */
function letterSource(char: string): string {
  if (UMLAUTS[char]) return UMLAUTS[char];
  if (/\s/.test(char)) return '\\s+';
  const escaped = char.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&');
  const base = PLAIN[char] ?? char.normalize('NFD').replace(/\p{M}/gu, '');
  return base && base !== char ? `(?:${escaped}|${base})` : escaped;
}

/**
 * A term as regex pieces, one per letter (or umlaut spelling, or run of whitespace), tolerating case
 * and umlaut spellings (Müller/Mueller). Only syntax characters are escaped: in a `u` regex an
 * escaped `-` is a syntax error (a term like "Schulze-Brandt" used to make pre-flight fail).
 */
function termTokens(term: string): string[] {
  const chars = [...term.trim().toLowerCase()];
  const tokens: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const digraph = DIGRAPHS[chars[i]! + (chars[i + 1] ?? '')];
    if (digraph) {
      tokens.push(digraph);
      i++;
      continue;
    }
    tokens.push(letterSource(chars[i]!));
  }
  return tokens;
}

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

/** Regex source matching every term below a trie node; a longer term is tried before a shorter one. */
function trieSource(node: TrieNode): string {
  const branches = [...node.next].map(([token, child]) => token + trieSource(child));
  if (branches.length === 0) return '';
  const group = branches.length === 1 && !node.end ? branches[0]! : `(?:${branches.join('|')})`;
  return node.end ? `${group}?` : group;
}

/**
 * One regex for the whole Schutzliste, with German inflection endings (genitive -s, plural and
 * adjective endings). The terms share their common beginnings (a trie), so a text position is
 * ruled out after a letter or two instead of once per term. Unusable terms (see `termProblem`)
 * are left out; the API refuses them when the list is saved. Undefined when no term is usable.
 */
export function termsMatcher(terms: readonly string[]): RegExp | undefined {
  const root: TrieNode = { end: false, next: new Map() };
  for (const term of terms) {
    if (termProblem(term)) continue;
    let node = root;
    for (const token of termTokens(term)) {
      let child = node.next.get(token);
      if (!child) node.next.set(token, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  if (root.next.size === 0) return undefined;
  return new RegExp(`${NOT_WORD_BEFORE}${trieSource(root)}${INFLECTION}${NOT_WORD_AFTER}`, 'giu');
}
