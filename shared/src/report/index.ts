export * from './types.js';
export * from './model.js';
export * from './markdown.js';
export * from './procedureMeta.js';
export * from './safeOutput.js';
export * from './reportTexts.js';
export * from './microArticle.js';
