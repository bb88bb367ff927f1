/** Colours with at least 4.5:1 contrast against white, so names on cursors stay readable. */
const PALETTE = ['#1f5fa8', '#a32d2d', '#2e7d32', '#7b3fa0', '#9a5b00', '#00695c', '#ad1457', '#4e5b6e'];

export function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
