/**
 * @qe/shared as the browser bundle sees it (client/vite.config.ts maps "@qe/shared" here): all of it
 * but the pre-flight detection, whose name lists would otherwise load with every page. The
 * pseudonymisation assistant imports that part on demand from "@qe/shared/pseudonyms".
 */
export * from './roles.js';
export * from './claims.js';
export * from './closeCodes.js';
export * from './docLayout.js';
export * from './backoff.js';
export * from './describeIssues.js';
export * from './records/index.js';
export * from './templates/index.js';
export * from './report/index.js';
export * from './anonymisation/browser.js';
export * from './session/timer.js';
export * from './session/vote.js';
export * from './session/agenda.js';
export * from './session/comments.js';
export * from './session/locks.js';
export * from './session/privatePhase.js';
export * from './session/worldCafe.js';
export * from './audit.js';
export * from './rules/boardRules.js';
export * from './session/layoutWriter.js';
export * from './api/index.js';
export * from './examples/exampleCase.js';
