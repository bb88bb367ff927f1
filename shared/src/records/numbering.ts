import type * as Y from 'yjs';
import { listRecords } from './caseModel.js';
import { compareFuzzyDates } from './fuzzyDate.js';
import {
  HOUSE_AREAS,
  type CaseEvent,
  type Finding,
  type Indicator,
  type KeySituation,
  type Recommendation,
  type ReviewedDocument,
  type StructuralFinding,
} from './schemas.js';

/**
 * The one order and numbering of a board's records: chronology numbers ("Chronologie Nr. 3"),
 * key situations, findings and recommendations. The canvas layout, the cards, the inspector, the
 * table and the report all take their numbers from here, so "Schlüsselsituation 1" is the same
 * situation on every screen and in every file.
 *
 * Every order ends on the record id compared by code unit: Y.Map iteration order differs between
 * clients, and locale collation can differ between engines, so neither may decide a number.
 */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Records without a number of their own (factors, topics) in one order on every client: by id. */
export const orderById = <T extends { id: string }>(records: readonly T[]): T[] => [...records].sort(byId);
const collator = /* @__PURE__ */ new Intl.Collator('de', { sensitivity: 'variant' });

/** Chronological: by date (undated last), then id; "ca." and day precision do not reorder. */
export const compareEvents = (a: CaseEvent, b: CaseEvent): number => compareFuzzyDates(a.date, b.date) || byId(a, b);

export const orderEvents = (events: readonly CaseEvent[]): CaseEvent[] => [...events].sort(compareEvents);

/** Key situations in the order of their earliest linked event (unlinked last), then title, then id. */
export function orderKeySituations(situations: readonly KeySituation[], orderedEvents: readonly CaseEvent[]): KeySituation[] {
  const position = new Map(orderedEvents.map((event, index) => [event.id, index]));
  const first = (ks: KeySituation) => Math.min(Infinity, ...ks.eventIds.map((id) => position.get(id) ?? Infinity));
  return [...situations].sort((a, b) => {
    const [fa, fb] = [first(a), first(b)];
    return (fa === fb ? 0 : fa < fb ? -1 : 1) || collator.compare(a.title, b.title) || byId(a, b);
  });
}

const PRIORITY_RANK = { hoch: 0, mittel: 1, niedrig: 2 } as const;

/** Recommendations by priority (discarded ones last, so leaving them out of a report renumbers nothing), then title, then id. */
export function orderRecommendations(recommendations: readonly Recommendation[]): Recommendation[] {
  return [...recommendations].sort(
    (a, b) =>
      Number(a.status === 'verworfen') - Number(b.status === 'verworfen') ||
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      collator.compare(a.title, b.title) ||
      byId(a, b),
  );
}

/** Findings in the order they were written (ids begin with their creation time). */
export const orderFindings = (findings: readonly Finding[]): Finding[] => [...findings].sort(byId);

export interface NumberingRecords {
  events: readonly CaseEvent[];
  keySituations: readonly KeySituation[];
  findings: readonly Finding[];
  recommendations: readonly Recommendation[];
}

export interface CaseNumbering {
  events: CaseEvent[];
  keySituations: KeySituation[];
  findings: Finding[];
  recommendations: Recommendation[];
  /** record id → number, 1-based */
  eventNumber: Map<string, number>;
  situationNumber: Map<string, number>;
  findingNumber: Map<string, number>;
  recommendationNumber: Map<string, number>;
}

const numbers = (records: { id: string }[]) => new Map(records.map((record, index) => [record.id, index + 1]));

export function numberRecords(records: NumberingRecords): CaseNumbering {
  const events = orderEvents(records.events);
  const keySituations = orderKeySituations(records.keySituations, events);
  const findings = orderFindings(records.findings);
  const recommendations = orderRecommendations(records.recommendations);
  return {
    events,
    keySituations,
    findings,
    recommendations,
    eventNumber: numbers(events),
    situationNumber: numbers(keySituations),
    findingNumber: numbers(findings),
    recommendationNumber: numbers(recommendations),
  };
}

/** The numbering of a board's current records. */
export function caseNumbering(doc: Y.Doc): CaseNumbering {
  return numberRecords({
    events: listRecords(doc, 'events').records,
    keySituations: listRecords(doc, 'keySituations').records,
    findings: listRecords(doc, 'findings').records,
    recommendations: listRecords(doc, 'recommendations').records,
  });
}

/** How evidence in another board of a procedure is cited, in the report and in the evidence picker alike. */
export function boardEvidenceCitation(kind: 'findings' | 'structuralFindings', number: number, boardLabel: string): string {
  return kind === 'structuralFindings' ? `Strukturbefund ${number}` : `${boardLabel}, Befund ${number}`;
}

/**
 * A procedure's case findings numbered across its case boards, in the procedure's order of boards:
 * the report's "Befund 1, 2, …" run on from one case to the next ("Fall B, Befund 3"). Keyed
 * `${boardKey}|${findingId}`; the report and the evidence picker both number by this.
 */
export function procedureFindingNumbers(caseBoards: readonly { key: string; findings: readonly { id: string }[] }[]): Map<string, number> {
  const numbered = new Map<string, number>();
  // the order of orderFindings: as they were written
  for (const board of caseBoards) for (const finding of [...board.findings].sort(byId)) numbered.set(`${board.key}|${finding.id}`, numbered.size + 1);
  return numbered;
}

const areaRank = (area: Indicator['area']) => HOUSE_AREAS.indexOf(area);

/** Indicators by area of the house (in its order), then name, then id. */
export const orderIndicators = (indicators: readonly Indicator[]): Indicator[] =>
  [...indicators].sort((a, b) => areaRank(a.area) - areaRank(b.area) || collator.compare(a.name, b.name) || byId(a, b));

/** Reviewed documents by area of the house, then title, then id. */
export const orderReviewedDocuments = (documents: readonly ReviewedDocument[]): ReviewedDocument[] =>
  [...documents].sort((a, b) => areaRank(a.area) - areaRank(b.area) || collator.compare(a.title, b.title) || byId(a, b));

export interface StructureNumbering {
  indicators: Indicator[];
  documents: ReviewedDocument[];
  /** in the order they were written, like case findings */
  findings: StructuralFinding[];
  indicatorNumber: Map<string, number>;
  documentNumber: Map<string, number>;
  findingNumber: Map<string, number>;
}

/** The numbering of a structure board's records ("Indikator 3", "Dokument 2", "Strukturbefund 1"). */
export function structureNumbering(doc: Y.Doc): StructureNumbering {
  const indicators = orderIndicators(listRecords(doc, 'indicators').records);
  const documents = orderReviewedDocuments(listRecords(doc, 'reviewedDocuments').records);
  const findings = [...listRecords(doc, 'structuralFindings').records].sort(byId);
  return {
    indicators,
    documents,
    findings,
    indicatorNumber: numbers(indicators),
    documentNumber: numbers(documents),
    findingNumber: numbers(findings),
  };
}
