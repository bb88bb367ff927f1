import type { BlobCodec } from './types.js';

/** Stores blobs as they are: for tests of the storage layer itself. The server always seals. */
export const plainCodec: BlobCodec = {
  seal: (plain) => Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength),
  open: (stored) => stored,
  isCurrent: () => true,
  openText: (stored) => stored.toString('utf8'),
  sealText: (text) => Buffer.from(text, 'utf8'),
};
