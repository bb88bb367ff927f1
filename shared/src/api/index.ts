/** Request bodies, query strings and answers of the HTTP API (server/src/http/routes), shared by server and client. */
export * from './errors.js';
export * from './query.js';
export * from './session.js';
export * from './boards.js';
export * from './invites.js';
export * from './participants.js';
export * from './report.js';
export * from './imports.js';
export * from './audit.js';
export * from './ballots.js';
export * from './privateCards.js';
export * from './procedures.js';
