export * from './fuzzyDate.js';
export * from './schemas.js';
export * from './caseModel.js';
export * from './liveText.js';
export * from './csvImport.js';
export * from './personsImport.js';
export * from './numbering.js';
export * from './titles.js';
