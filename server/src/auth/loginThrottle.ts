import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Account lockout: after `maxFailures` wrong passwords within `windowMs` an account is locked for
 * `lockMs`, whoever tries. Complements the per-address rate limit, which a distributed attack on
 * one account would get around.
 */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export interface LoginThrottle {
  /** milliseconds until the account may try again; 0 when it is not locked */
  lockedFor(account: string): Promise<number>;
  /** records a failed attempt; true when this failure locked the account */
  fail(account: string): Promise<boolean>;
  succeed(account: string): Promise<void>;
  close(): Promise<void>;
}

interface AccountState {
  failures: number[];
  lockedUntil: number;
}

/** One instance's memory: enough for a single server. */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly accounts = new Map<string, AccountState>();

  constructor(private readonly options: LoginThrottleOptions) {}

  async lockedFor(account: string, now = Date.now()): Promise<number> {
    const state = this.accounts.get(account.toLowerCase());
    return state ? Math.max(0, state.lockedUntil - now) : 0;
  }

  async fail(account: string, now = Date.now()): Promise<boolean> {
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

  async succeed(account: string): Promise<void> {
    this.accounts.delete(account.toLowerCase());
  }

  async close(): Promise<void> {}
}

/**
 * Shared by every instance through Redis, so several instances do not multiply the attempts. Keys
 * carry a hash of the account, not the e-mail address. While Redis is away, each instance counts
 * in its own memory instead of letting every attempt through.
 */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly redis: Redis;
  private readonly fallback: MemoryLoginThrottle;

  constructor(
    url: string,
    private readonly options: LoginThrottleOptions,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(n * 200, 2000) });
    this.redis.on('error', () => {});
    this.fallback = new MemoryLoginThrottle(options);
  }

  private keys(account: string) {
    const id = createHash('sha256').update(account.toLowerCase()).digest('base64url');
    return { failures: `qe:login:failures:${id}`, lock: `qe:login:lock:${id}` };
  }

  private async orFallback<T>(work: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.log('login throttle: Redis unavailable, counting in this instance', error);
      return fallback();
    }
  }

  lockedFor(account: string): Promise<number> {
    return this.orFallback(
      async () => Math.max(0, await this.redis.pttl(this.keys(account).lock)),
      () => this.fallback.lockedFor(account),
    );
  }

  fail(account: string): Promise<boolean> {
    return this.orFallback(
      async () => {
        const { failures, lock } = this.keys(account);
        const count = await this.redis.incr(failures);
        if (count === 1) await this.redis.pexpire(failures, this.options.windowMs);
        if (count < this.options.maxFailures) return false;
        await this.redis.multi().set(lock, '1', 'PX', this.options.lockMs).del(failures).exec();
        return true;
      },
      () => this.fallback.fail(account),
    );
  }

  succeed(account: string): Promise<void> {
    return this.orFallback(
      async () => {
        await this.redis.del(this.keys(account).failures);
      },
      () => this.fallback.succeed(account),
    );
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
