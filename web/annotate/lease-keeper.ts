/**
 * Keeps the annotator's lease on a task alive: renews it well before it runs out and tells the
 * time left once a second, for the countdown. Time comes from injected timers, so the renewal
 * schedule is tested without waiting.
 *
 * The server's clock may differ from the browser's, so the deadline is kept as "lease length
 * after the moment we asked", which errs on the early side.
 */
import type { ClaimDTO } from '../../server/protocol-annotation.js';

/** Time source and a repeating timer. */
export interface LeaseTimers {
  now(): number;
  /** Calls `fn` every `ms`; returns a function that stops it. */
  every(ms: number, fn: () => void): () => void;
}

export const BROWSER_TIMERS: LeaseTimers = {
  now: () => performance.now(),
  every(ms, fn) {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

/** Why a lease ended without a submission. */
export type LeaseLoss = 'expired' | 'refused';

export interface LeaseKeeperOptions {
  /** How long one lease lasts. */
  leaseMs: number;
  /** Renews the lease; rejects when it could not. */
  renew(): Promise<void>;
  /** True when a renewal failure means the lease is gone for good (the server said so). */
  isFinal(err: unknown): boolean;
  /** Time left, once a second and after each renewal. */
  onTick(remainingMs: number): void;
  onLost(why: LeaseLoss, err?: unknown): void;
  timers?: LeaseTimers;
}

/** The lease length a claim was granted: from the claim's own server time to its expiry. */
export function leaseMsOf(claim: Pick<ClaimDTO, 'leaseExpiresAt' | 'task'>, fallbackMs = 10 * 60_000): number {
  const ms = claim.leaseExpiresAt - claim.task.updatedAt;
  return ms > 0 ? ms : fallbackMs;
}

/** Renew after a quarter of the lease, at most every two minutes, at least every five seconds. */
export function renewEveryMs(leaseMs: number): number {
  return Math.min(120_000, Math.max(5_000, leaseMs / 4));
}

/** "m:ss" for the countdown; never negative. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export class LeaseKeeper {
  private readonly timers: LeaseTimers;
  private deadline: number;
  private nextRenewal: number;
  private renewing = false;
  private stopTimer: (() => void) | null = null;

  constructor(private readonly o: LeaseKeeperOptions) {
    this.timers = o.timers ?? BROWSER_TIMERS;
    const now = this.timers.now();
    this.deadline = now + o.leaseMs;
    this.nextRenewal = now + renewEveryMs(o.leaseMs);
  }

  /** Starts ticking; the first tick is immediate. */
  start(): void {
    if (this.stopTimer) return;
    this.stopTimer = this.timers.every(1000, () => this.tick());
    this.tick();
  }

  /** Stops renewing (the task was submitted or skipped). */
  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  get running(): boolean {
    return this.stopTimer !== null;
  }

  remainingMs(): number {
    return this.deadline - this.timers.now();
  }

  private tick(): void {
    if (!this.running) return;
    const now = this.timers.now();
    if (now >= this.deadline) return this.lose('expired');
    this.o.onTick(this.deadline - now);
    if (now >= this.nextRenewal && !this.renewing) void this.renew(now);
  }

  private async renew(askedAt: number): Promise<void> {
    this.renewing = true;
    try {
      await this.o.renew();
      if (!this.running) return;
      this.deadline = askedAt + this.o.leaseMs;
      this.nextRenewal = askedAt + renewEveryMs(this.o.leaseMs);
      this.o.onTick(this.remainingMs());
    } catch (err) {
      if (!this.running) return;
      if (this.o.isFinal(err)) return this.lose('refused', err);
      // A network hiccup: try again shortly, while the lease still runs.
      this.nextRenewal = this.timers.now() + 5_000;
    } finally {
      this.renewing = false;
    }
  }

  private lose(why: LeaseLoss, err?: unknown): void {
    this.stop();
    this.o.onLost(why, err);
  }
}
