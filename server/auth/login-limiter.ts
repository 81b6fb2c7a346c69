/**
 * Failed-login limits, in memory on the injected wall clock: too many failures for one
 * (username, address) pair, or from one address over all usernames, within the window, and
 * further attempts are refused without checking the password until the oldest failure ages out.
 */

export interface LoginLimits {
  /** Failures allowed for one username from one address within the window. */
  perUserAndIp: number;
  /** Failures allowed from one address, any username, within the window. */
  perIp: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUserAndIp: 5, perIp: 50, windowMs: 15 * 60_000 };

/** Keys kept before a sweep of aged-out entries, so a flood of addresses cannot grow memory without bound. */
const SWEEP_AT = 10_000;

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export class LoginLimiter {
  /** Failure times per key, oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  /** Whether a login for `username` from `ip` may be tried now. */
  check(username: string, ip: string): LimitVerdict {
    const now = this.now();
    const waits = [
      this.wait(pairKey(username, ip), this.limits.perUserAndIp, now),
      this.wait(ipKey(ip), this.limits.perIp, now),
    ];
    const retryAfterMs = Math.max(...waits);
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
  }

  /** Counts a failed attempt against the pair and the address. */
  fail(username: string, ip: string): void {
    const now = this.now();
    if (this.failures.size >= SWEEP_AT) this.sweep(now);
    for (const key of [pairKey(username, ip), ipKey(ip)]) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
  }

  /** A correct password clears the pair's failures (the address keeps its count). */
  succeed(username: string, ip: string): void {
    this.failures.delete(pairKey(username, ip));
  }

  /** ms until an attempt under `key` is allowed again; 0 when it is allowed now. */
  private wait(key: string, limit: number, now: number): number {
    const times = this.recent(key, now);
    if (times.length < limit) return 0;
    // Allowed again once enough of the oldest failures have left the window.
    return times[times.length - limit] + this.limits.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}

const pairKey = (username: string, ip: string): string => `u:${username.trim().toLowerCase()}\u0000${ip}`;
const ipKey = (ip: string): string => `ip:${ip}`;
