/** Remembers keys for a while: `isNew` is true for a key not seen within the last `windowMs`. */
export class RecentKeys {
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  isNew(key: string, now = Date.now()): boolean {
    const last = this.seenAt.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.seenAt.set(key, now);
    if (this.seenAt.size > 10_000) this.forgetOlderThan(now - this.windowMs);
    return true;
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [key, at] of this.seenAt) if (at < cutoff) this.seenAt.delete(key);
  }
}
