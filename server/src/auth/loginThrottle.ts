/**
 * Account lockout: after `maxFailures` wrong passwords within `windowMs` an account is locked for
 * `lockMs`, whoever tries. Complements the per-address rate limit, which a distributed attack on
 * one account would get around. Kept in memory per instance.
 */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

interface AccountState {
  failures: number[];
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly accounts = new Map<string, AccountState>();

  constructor(private readonly options: LoginThrottleOptions) {}

  /** milliseconds until the account may try again; 0 when it is not locked */
  lockedFor(account: string, now = Date.now()): number {
    const state = this.accounts.get(account.toLowerCase());
    return state ? Math.max(0, state.lockedUntil - now) : 0;
  }

  /** records a failed attempt; true when this failure locked the account */
  fail(account: string, now = Date.now()): boolean {
    const key = account.toLowerCase();
    const state = this.accounts.get(key) ?? { failures: [], lockedUntil: 0 };
    state.failures = state.failures.filter((at) => now - at < this.options.windowMs);
    state.failures.push(now);
    this.accounts.set(key, state);
    if (state.failures.length < this.options.maxFailures) return false;
    state.failures = [];
    state.lockedUntil = now + this.options.lockMs;
    return true;
  }

  succeed(account: string): void {
    this.accounts.delete(account.toLowerCase());
  }
}
