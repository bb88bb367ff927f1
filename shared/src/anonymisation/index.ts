export * from './patterns.js';
export * from './names.js';
export * from './dates.js';
export * from './schutzliste.js';
export * from './preflight.js';
export * from './canvasTexts.js';
export * from './pseudonyms.js';
