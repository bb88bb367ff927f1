import * as Y from 'yjs';
import { RECORD_KINDS } from './records/schemas.js';
import { AGENDA, SESSION_STATE } from './session/agenda.js';
import { COMMENTS } from './session/comments.js';
import { LOCKS } from './session/locks.js';
import { TIMER_MAP } from './session/timer.js';
import { VOTE_DOTS_MAP, VOTE_MAP, VOTE_RESULTS } from './session/vote.js';

/**
 * Names of the shared types in a board's Y.Doc. One Y.Doc per board holds everything;
 * changing a name here orphans existing content, so names are permanent.
 */
export const DOC_LAYOUT = {
  /** tldraw records as a key-value list (Y.Array of {key, val}) — avoids Y.Map history growth */
  canvasRecords: 'canvas.records',
  /** canvas metadata, e.g. the tldraw schema the records were written with */
  canvasMeta: 'canvas.meta',
  /** templates applied to the board (template id → date) */
  canvasTemplates: 'canvas.templates',
  /** the board's shared notes document (tiptap) */
  notes: 'doc.notes',
  /** case-model version of the records */
  recordsMeta: 'records.meta',
  /** procedure data for the report cover */
  reportMeta: 'report.meta',
  /** the report's summary (Zusammenfassung), tiptap rich text written by the analysis team */
  reportSummary: 'report.summary',
  /** the short case sketch (Fallskizze) of this board's case, tiptap rich text */
  reportCaseSketch: 'report.caseSketch',
} as const;

export type RootType = 'map' | 'array' | 'xml';

/**
 * Who may change a root's content:
 * - content: everyone who may edit the board; locked entries (see session/locks) only moderators
 * - canvas: like content; a shape showing a locked record, or the frame of locked kinds, only moderators
 * - moderators: the facilitator's state (locks, agenda, phase, timer, vote and its results)
 * - ballots: each participant their own ballot (`<voteId>:<voter>`), moderators every ballot
 * - comments: authors their own text; resolving and deleting see rules/boardRules
 */
export type WriteRule = 'content' | 'canvas' | 'moderators' | 'ballots' | 'comments';

export interface RootSpec {
  type: RootType;
  rule: WriteRule;
}

/**
 * Every root the product keeps in a board's doc, with its rule (see rules/boardRules). A root not
 * listed here is treated as ordinary content.
 */
export const DOC_ROOTS: Readonly<Record<string, RootSpec>> = {
  [DOC_LAYOUT.canvasRecords]: { type: 'array', rule: 'canvas' },
  [DOC_LAYOUT.canvasMeta]: { type: 'map', rule: 'content' },
  [DOC_LAYOUT.canvasTemplates]: { type: 'map', rule: 'content' },
  [DOC_LAYOUT.notes]: { type: 'xml', rule: 'content' },
  [DOC_LAYOUT.recordsMeta]: { type: 'map', rule: 'content' },
  [DOC_LAYOUT.reportMeta]: { type: 'map', rule: 'content' },
  [DOC_LAYOUT.reportSummary]: { type: 'xml', rule: 'content' },
  [DOC_LAYOUT.reportCaseSketch]: { type: 'xml', rule: 'content' },
  ...Object.fromEntries(RECORD_KINDS.map((kind) => [`records.${kind}`, { type: 'map', rule: 'content' } satisfies RootSpec])),
  [COMMENTS]: { type: 'map', rule: 'comments' },
  [LOCKS]: { type: 'map', rule: 'moderators' },
  [AGENDA]: { type: 'array', rule: 'moderators' },
  [SESSION_STATE]: { type: 'map', rule: 'moderators' },
  [TIMER_MAP]: { type: 'map', rule: 'moderators' },
  [VOTE_MAP]: { type: 'map', rule: 'moderators' },
  [VOTE_RESULTS]: { type: 'array', rule: 'moderators' },
  [VOTE_DOTS_MAP]: { type: 'map', rule: 'ballots' },
};

export function rootSpec(name: string): RootSpec | undefined {
  return Object.hasOwn(DOC_ROOTS, name) ? DOC_ROOTS[name] : undefined;
}

/** A shared type at the top of a doc, as Yjs types it. */
export type SharedRoot = ReturnType<Y.Doc['get']>;

/** A root as its declared type (a root the server never read itself is untyped until then). */
export function rootType(doc: Y.Doc, name: string): SharedRoot {
  const existing = doc.share.get(name);
  if (existing && existing.constructor !== Y.AbstractType) return existing;
  const type = rootSpec(name)?.type ?? 'map';
  return type === 'array' ? doc.getArray(name) : type === 'xml' ? doc.getXmlFragment(name) : doc.getMap(name);
}
