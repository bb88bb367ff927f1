/**
 * The workshop timer, shared through the board's doc. Times are server milliseconds, so clients
 * whose clocks are off agree on the remaining time; each client corrects by its measured offset.
 */
export interface TimerState {
  durationMs: number;
  /** server time when the timer was (re)started; null while paused or reset */
  startedAt: number | null;
  /** what was left when it was started or paused */
  remainingMs: number;
}

export const TIMER_MAP = 'session.timer';

export function resetTimer(durationMs: number): TimerState {
  return { durationMs, startedAt: null, remainingMs: durationMs };
}

export function remainingMs(state: TimerState, serverNow: number): number {
  if (state.startedAt === null) return state.remainingMs;
  return Math.max(0, state.remainingMs - (serverNow - state.startedAt));
}

export function startTimer(state: TimerState, serverNow: number): TimerState {
  if (state.startedAt !== null) return state;
  return { ...state, startedAt: serverNow };
}

export function pauseTimer(state: TimerState, serverNow: number): TimerState {
  return { ...state, startedAt: null, remainingMs: remainingMs(state, serverNow) };
}

export function isRunning(state: TimerState, serverNow: number): boolean {
  return state.startedAt !== null && remainingMs(state, serverNow) > 0;
}

export interface ClockSample {
  /** local time the request was sent */
  sentAt: number;
  /** local time the answer arrived */
  receivedAt: number;
  /** server time in the answer */
  serverTime: number;
}

/**
 * Offset to add to the local clock to get server time, from the sample with the shortest round
 * trip (its midpoint is the best guess for when the server read its clock).
 */
export function clockOffset(samples: ClockSample[]): number {
  if (samples.length === 0) return 0;
  const best = samples.reduce((a, b) => (b.receivedAt - b.sentAt < a.receivedAt - a.sentAt ? b : a));
  return best.serverTime - (best.sentAt + best.receivedAt) / 2;
}

export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
