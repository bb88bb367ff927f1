export * from './schema.js';
export * from './layout.js';
export * from './apply.js';
