/**
 * Reconnect delay with "full jitter": a random delay up to an exponentially growing cap, so that
 * the clients of a restarted server do not all come back in the same millisecond.
 */
export function jitteredBackoff(attempt: number, random: () => number = Math.random, baseMs = 200, maxMs = 5000): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(baseMs / 2 + random() * (cap - baseMs / 2));
}
