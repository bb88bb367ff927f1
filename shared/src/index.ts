export * from './roles.js';
export * from './claims.js';
export * from './closeCodes.js';
export * from './docLayout.js';
export * from './backoff.js';
export * from './records/index.js';
export * from './templates/index.js';
export * from './report/index.js';
