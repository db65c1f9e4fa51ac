/** How many requests a key may make per window. */
export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

/** Whether a request may go on, or how many seconds its key must wait. */
export type RateDecision = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * Mono says 429s with `Retry-After` will start to appear as rate limits are enforced
 * (errors-and-retries) and publishes no number, window or other header. The emulator counts each
 * key's requests in fixed windows on its tenant's time (a manual clock, or the tenant's own
 * advance, makes the wait testable): the window opens with a key's first request, and once
 * `requests` have been admitted in it, the rest wait for it to close. A refused request does not count.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { opensAt: number; admitted: number }>();

  constructor(private readonly limit: RateLimit) {}

  /** `now` is the time of the key's tenant. */
  admit(key: string, now: number): RateDecision {
    const windowMs = this.limit.windowSeconds * 1000;
    let window = this.windows.get(key);
    if (window === undefined || now >= window.opensAt + windowMs) {
      window = { opensAt: now, admitted: 0 };
      this.windows.set(key, window);
    }
    if (window.admitted < this.limit.requests) {
      window.admitted++;
      return { admitted: true };
    }
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((window.opensAt + windowMs - now) / 1000)) };
  }

  /** The key's window is forgotten (its tenant was reset or removed). */
  forget(key: string): void {
    this.windows.delete(key);
  }

  /** Every key starts afresh, as at start. */
  reset(): void {
    this.windows.clear();
  }
}
