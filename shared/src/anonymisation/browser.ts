/** What the browser needs of the anonymisation: kinds, patterns and the Schutzliste check, no name lists. */
export * from './patterns.js';
export * from './schutzliste.js';
export type { PreflightHit, PreflightOptions } from './preflight.js';
export type { NameCandidate, NameOccurrence, PseudonymChoice } from './pseudonyms.js';
