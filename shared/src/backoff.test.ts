import { describe, expect, it } from 'vitest';
import { jitteredBackoff } from './backoff.js';

describe('jitteredBackoff', () => {
  it('grows with the attempt and stays under the cap', () => {
    expect(jitteredBackoff(0, () => 1)).toBe(200);
    expect(jitteredBackoff(3, () => 1)).toBe(1600);
    expect(jitteredBackoff(20, () => 1)).toBe(5000);
  });

  it('spreads clients out instead of sending them back at once', () => {
    const delays = new Set(Array.from({ length: 50 }, () => jitteredBackoff(4)));
    expect(delays.size).toBeGreaterThan(25);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(3200);
    }
  });
});
