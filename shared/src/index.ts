export * from './browser.js';
// the pre-flight detection (names, dates, the report scan, the pseudonymisation assistant): server and tests
export * from './anonymisation/index.js';
