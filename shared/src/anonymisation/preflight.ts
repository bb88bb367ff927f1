import type { Block, Inline, ReportModel, TextSource } from '../report/types.js';
import { inlineText } from '../report/types.js';
import { birthDateSpans } from './dates.js';
import { nameSpans } from './names.js';
import { PATTERNS, type HitKind } from './patterns.js';
import { termsMatcher } from './schutzliste.js';

export interface PreflightHit {
  /** stable across runs while the text stays: used to dismiss a false positive */
  id: string;
  kind: HitKind;
  /** exactly the characters that matched */
  text: string;
  /** the words around the match */
  excerpt: string;
  location: TextSource | { label: string };
}

export interface PreflightOptions {
  /** identifying terms that must never leave (Schutzliste) */
  protectedTerms: string[];
  /** aliases from the person register: allowed in the report */
  aliases: string[];
  /** ids of hits a moderator dismissed as false positives */
  dismissed?: ReadonlySet<string>;
  /** further texts to scan, e.g. free text on the canvas */
  extraTexts?: { text: string; location: { label: string } }[];
}

interface Span {
  kind: HitKind;
  start: number;
  end: number;
}

/** Where each match of a global regex starts and ends (no `matchAll`, which copies the regex). */
function spansOf(regex: RegExp, text: string): [number, number][] {
  const found: [number, number][] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    found.push([match.index, match.index + match[0].length]);
    if (match[0] === '') regex.lastIndex++;
  }
  return found;
}

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Compiles what a scan needs once (the Schutzliste matcher and the alias patterns) and returns a
 * function that finds personal data in one text; aliases (and what lies inside them) are never hits.
 */
export function createScanner(options: Pick<PreflightOptions, 'protectedTerms' | 'aliases'>): (text: string) => Span[] {
  const terms = termsMatcher(options.protectedTerms);
  const aliases = [...new Set(options.aliases.filter((alias) => alias.trim()))].map((alias) => new RegExp(escapeRegex(alias), 'gu'));
  return (text) => {
    const spans: Span[] = [];
    const add = (kind: HitKind, regex: RegExp) => {
      for (const [start, end] of spansOf(regex, text)) spans.push({ kind, start, end });
    };
    if (terms) add('schutzliste', terms);
    // every pattern but e-mail needs a digit: most texts of a chronology skip them all at once
    const hasDigit = /\d/.test(text);
    const hasAt = text.includes('@');
    for (const { kind, regex, needs } of PATTERNS) if (needs === '@' ? hasAt : hasDigit) add(kind, regex);
    const names = nameSpans(text);
    for (const [start, end] of names) spans.push({ kind: 'name', start, end });
    for (const [start, end] of birthDateSpans(text, names)) spans.push({ kind: 'geburtsdatum', start, end });
    const aliasSpans = aliases.flatMap((alias) => spansOf(alias, text));
    const insideAlias = (span: Span) => aliasSpans.some(([start, end]) => span.start >= start && span.end <= end);
    // of overlapping spans keep Schutzliste terms first, then the longest match
    const ranked = [...spans].sort((a, b) => Number(b.kind === 'schutzliste') - Number(a.kind === 'schutzliste') || b.end - b.start - (a.end - a.start));
    const kept: Span[] = [];
    for (const span of ranked) {
      // an alias is allowed in the report, a Schutzliste term never: not even when an alias equals it
      if (span.kind !== 'schutzliste' && insideAlias(span)) continue;
      if (kept.some((k) => span.start < k.end && k.start < span.end)) continue;
      kept.push(span);
    }
    return kept.sort((a, b) => a.start - b.start);
  };
}

/** Finds personal data in one text (compiles the patterns for this call: use `createScanner` for many texts). */
export function scanText(text: string, options: Pick<PreflightOptions, 'protectedTerms' | 'aliases'>): Span[] {
  return createScanner(options)(text);
}

function excerpt(text: string, start: number, end: number): string {
  // cut words are dropped at a cut end only, not where the text begins or ends
  const before = start > 40 ? text.slice(start - 40, start).replace(/^\S*\s/, '') : text.slice(0, start);
  const after = end + 40 < text.length ? text.slice(end, end + 40).replace(/\s\S*$/, '') : text.slice(end);
  return `${start > 40 ? '…' : ''}${before}${text.slice(start, end)}${after}${end + 40 < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
}

function hash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/**
 * A link target as text to scan: percent-encoding decoded (a `mailto:` link carries its subject
 * and body encoded) and every word capitalised, because names in addresses are written in lower
 * case ("mailto:dennis.wagner@…", "…/dennis-wagner-1988") and the name rules look for capitals.
 */
export function linkTargetText(href: string): string {
  let decoded = href;
  try {
    decoded = decodeURIComponent(href.replace(/\+/g, ' '));
  } catch {
    // a malformed escape: scan the target as it stands
  }
  return decoded.replace(/(?<![\p{L}\p{N}])\p{Ll}/gu, (letter) => letter.toUpperCase());
}

type Located = { text: string; location: TextSource | { label: string } };

/** The texts of a run of inlines: what they show, and every link target (exports write those out too). */
function inlineTexts(inlines: Inline[], location: TextSource | { label: string }): Located[] {
  const texts: Located[] = [{ text: inlineText(inlines), location }];
  for (const link of new Set(inlines.flatMap((inline) => (inline.link ? [inline.link] : [])))) {
    texts.push({
      text: linkTargetText(link),
      location:
        'field' in location
          ? { ...location, field: `${location.field}#link`, label: `${location.label} (Linkziel)` }
          : { label: `${location.label} (Linkziel)` },
    });
  }
  return texts;
}

/** Every text that goes into the report, with where it comes from. */
function reportTexts(report: ReportModel): { text: string; location: TextSource | { label: string } }[] {
  const cover = { label: 'Deckblatt' };
  const texts: { text: string; location: TextSource | { label: string } }[] = [
    { text: report.cover.office, location: cover },
    { text: report.cover.procedure, location: cover },
  ];
  const visit = (block: Block) => {
    switch (block.type) {
      case 'heading':
        texts.push({ text: block.text, location: { label: `Überschrift „${block.text.slice(0, 40)}“` } });
        break;
      case 'paragraph':
        texts.push(...inlineTexts(block.inlines, block.source ?? { label: 'Berichtstext' }));
        break;
      case 'list':
        for (const item of block.items) texts.push(...inlineTexts(item.inlines, item.source ?? { label: 'Aufzählung' }));
        break;
      case 'table':
        for (const row of block.rows) {
          row.cells.forEach((cell, index) =>
            texts.push({ text: cell, location: row.sources[index] ?? { label: `${block.caption}, Spalte ${block.header[index]}` } }),
          );
        }
        break;
    }
  };
  report.blocks.forEach(visit);
  return texts;
}

const placeOf = (location: PreflightHit['location']) => ('field' in location ? `${location.kind}:${location.id}:${location.field}` : location.label);
const hitId = (kind: HitKind, text: string, location: PreflightHit['location']) => hash(`${kind}|${text}|${placeOf(location)}`);

/** Scans the whole report; returns the unresolved hits and the ones dismissed as false positives. */
export function preflight(report: ReportModel, options: PreflightOptions): { hits: PreflightHit[]; dismissed: PreflightHit[] } {
  const hits: PreflightHit[] = [];
  const dismissed: PreflightHit[] = [];
  const scan = createScanner(options);
  const texts: { text: string; location: TextSource | { label: string } }[] = [...reportTexts(report), ...(options.extraTexts ?? [])];
  for (const { text, location } of texts) {
    for (const span of scan(text)) {
      const matched = text.slice(span.start, span.end);
      const hit: PreflightHit = {
        id: hitId(span.kind, matched, location),
        kind: span.kind,
        text: matched,
        excerpt: excerpt(text, span.start, span.end),
        location,
      };
      (options.dismissed?.has(hit.id) ? dismissed : hits).push(hit);
    }
  }
  return { hits, dismissed };
}

/**
 * The kind a Schutzliste hit shows to people who may not read the Schutzliste (analysts): 'name',
 * a kind ordinary hits have too. A kind of its own would give the list away just the same.
 */
export const NEUTRAL_KIND: HitKind = 'name';

/**
 * A hit as someone who may not read the Schutzliste sees it: a Schutzliste hit becomes a 'name'
 * hit, with the id a name hit at that place would have (the id hashes the kind, so keeping it
 * would let anyone who recomputes the hash tell the two apart).
 */
export function neutralHit(hit: PreflightHit): PreflightHit {
  if (hit.kind !== 'schutzliste') return hit;
  return { ...hit, kind: NEUTRAL_KIND, id: hitId(NEUTRAL_KIND, hit.text, hit.location) };
}
