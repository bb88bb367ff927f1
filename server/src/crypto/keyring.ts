import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encryption at rest with key rotation. A sealed blob is
 *   "QEK1" | key id (4 bytes) | IV (12) | GCM tag (16) | ciphertext
 * The key id (first bytes of the key's SHA-256) says which key sealed it, so old keys can be kept
 * for reading while everything new is sealed with the current key, until `npm run rekey` has
 * re-sealed the rest. GCM authenticates: a tampered blob fails instead of yielding junk.
 */
const MAGIC = Buffer.from('QEK1');
const ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + ID_BYTES;

/** The first Schutzliste format, before key ids: IV | tag | ciphertext. */
function decryptLegacy(key: Buffer, blob: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES));
  decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest().subarray(0, ID_BYTES);

export class Keyring {
  private readonly currentId: Buffer;
  private readonly byId = new Map<string, Buffer>();

  constructor(
    private readonly current: Buffer,
    previous: Buffer[] = [],
  ) {
    this.currentId = keyIdOf(current);
    for (const key of [current, ...previous]) this.byId.set(keyIdOf(key).toString('hex'), key);
  }

  seal(plaintext: Uint8Array): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([MAGIC, this.currentId, iv, cipher.getAuthTag(), body]);
  }

  /** Opens a sealed blob. Data written before encryption at rest existed is returned as it is. */
  open(blob: Uint8Array): Uint8Array {
    const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    if (!Keyring.isSealed(data)) return blob;
    const id = data.subarray(MAGIC.length, HEADER_BYTES).toString('hex');
    const key = this.byId.get(id);
    if (!key) throw new Error(`data is sealed with an unknown key (id ${id}); add it to DATA_KEYS_PREVIOUS`);
    const ivStart = HEADER_BYTES;
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(ivStart, ivStart + IV_BYTES));
    decipher.setAuthTag(data.subarray(ivStart + IV_BYTES, ivStart + IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(data.subarray(ivStart + IV_BYTES + TAG_BYTES)), decipher.final()]);
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
  }

  /** The Schutzliste was encrypted before key ids existed (IV | tag | ciphertext); read both. */
  openText(blob: Buffer): string {
    if (Keyring.isSealed(blob)) return Buffer.from(this.open(blob)).toString('utf8');
    for (const key of this.byId.values()) {
      try {
        return decryptLegacy(key, blob);
      } catch {
        // try the next key
      }
    }
    throw new Error('encrypted data could not be opened with any configured key');
  }

  sealText(text: string): Buffer {
    return this.seal(Buffer.from(text, 'utf8'));
  }

  /** whether the blob is sealed with the current key already (rekeying skips it) */
  isCurrent(blob: Uint8Array): boolean {
    const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    return Keyring.isSealed(data) && data.subarray(MAGIC.length, HEADER_BYTES).equals(this.currentId);
  }

  static isSealed(data: Buffer): boolean {
    return data.length >= HEADER_BYTES + IV_BYTES + TAG_BYTES && data.subarray(0, MAGIC.length).equals(MAGIC);
  }
}
