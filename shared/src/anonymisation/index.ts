export * from './patterns.js';
export * from './preflight.js';
export * from './canvasTexts.js';
