import { createHmac, hkdfSync } from 'node:crypto';

/** Stands in for a typed value in the audit log: the same value gives the same pseudonym. */
export type Pseudonym = (typed: string) => string;

/**
 * Keyed hash (HMAC-SHA-256) under a key derived from the data key: a copy of the database alone
 * does not allow testing guesses against it, unlike a plain hash.
 */
export function pseudonymFor(dataKey: Buffer): Pseudonym {
  const key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'qe-werkstatt audit pseudonym', 32));
  return (typed) => `hmac:${createHmac('sha256', key).update(typed, 'utf8').digest('hex').slice(0, 24)}`;
}
