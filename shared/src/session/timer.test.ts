import { describe, expect, it } from 'vitest';
import { clockOffset, formatRemaining, isRunning, pauseTimer, remainingMs, resetTimer, startTimer } from './timer.js';

describe('workshop timer', () => {
  it('counts down from the start, pauses and resumes', () => {
    let timer = startTimer(resetTimer(5 * 60_000), 1_000_000);
    expect(remainingMs(timer, 1_060_000)).toBe(4 * 60_000);
    timer = pauseTimer(timer, 1_060_000);
    expect(remainingMs(timer, 9_999_999)).toBe(4 * 60_000);
    timer = startTimer(timer, 2_000_000);
    expect(remainingMs(timer, 2_240_000)).toBe(0);
    expect(isRunning(timer, 2_240_000)).toBe(false);
    expect(formatRemaining(remainingMs(timer, 2_030_500))).toBe('03:30');
  });

  it('shows the same remaining time on clients whose clocks are off by minutes', () => {
    const serverNow = 5_000_000;
    const timer = startTimer(resetTimer(10 * 60_000), serverNow - 90_000);
    // client A's clock is 3 minutes ahead, client B's 2 minutes behind; both measure their offset
    const clients = [180_000, -120_000].map((skew) => {
      const localNow = serverNow + skew;
      const offset = clockOffset([
        { sentAt: localNow - 40, receivedAt: localNow, serverTime: serverNow - 20 },
        { sentAt: localNow - 300, receivedAt: localNow - 100, serverTime: serverNow - 200 },
      ]);
      return remainingMs(timer, localNow + offset);
    });
    expect(Math.abs(clients[0]! - clients[1]!)).toBeLessThan(50);
    expect(Math.abs(clients[0]! - 8.5 * 60_000)).toBeLessThan(50);
  });

  it('picks the sample with the shortest round trip', () => {
    expect(
      clockOffset([
        { sentAt: 0, receivedAt: 1000, serverTime: 10_900 },
        { sentAt: 2000, receivedAt: 2010, serverTime: 12_005 },
      ]),
    ).toBe(10_000);
  });
});
