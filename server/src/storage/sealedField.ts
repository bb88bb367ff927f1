import type { BlobCodec } from './types.js';

/** Short text fields (board names, link labels, reasons, names in the audit log), sealed like blobs. */
export const sealField = (codec: BlobCodec, text: string): Buffer => codec.seal(Buffer.from(text, 'utf8'));

/**
 * Rows from before these fields were sealed hold the plain text (in SQLite as a string); they are
 * read as they are until the start-up pass or `npm run rekey` has sealed them.
 */
export const openField = (codec: BlobCodec, stored: Buffer | string): string =>
  typeof stored === 'string' ? stored : Buffer.from(codec.open(stored)).toString('utf8');
