import { randomBytes } from 'node:crypto';

/**
 * A random id for URLs and command lines: `bytes` random bytes as base64url, drawn again until it
 * begins with a letter or digit. An id beginning with "-" reads as an option on a command line
 * (`npm run token -- --board <id>`), one beginning with "_" is easily misread; about 1 in 32
 * draws is discarded, the rest of the id keeps its full randomness.
 */
export function urlSafeId(bytes: number, random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(bytes).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}
