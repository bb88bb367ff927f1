export * from './patterns.js';
export * from './preflight.js';
