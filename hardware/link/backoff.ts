/** Reconnect timing shared by the links that reopen themselves (TCP client, serial). */
import type { Clock, TimerHandle } from '../clock.js';

export interface BackoffOptions {
  /** Delay before the first retry. */
  initialMs: number;
  /** Longest delay between retries. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
}

/** 250 ms, doubling, capped at 5 s: quick to recover from a blip, gentle on a device that is gone. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000, factor: 2 };

/** Delay before retry number `attempt` (0 for the first retry after a failure). */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(opts.maxMs, opts.initialMs * opts.factor ** Math.max(0, attempt));
}

/**
 * Schedules reconnect attempts on a clock. The owner calls `failed()` whenever an attempt fails or an
 * established connection ends, and `connected()` on success, which resets the schedule.
 */
export class Reconnector {
  private attempt = 0;
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    /** Starts one attempt; its outcome is reported back through `failed()` or `connected()`. */
    private readonly tryOpen: () => void,
    private readonly opts: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  /** Schedules the next attempt (at most one pending); returns its delay, or null once stopped. */
  failed(): number | null {
    if (this.stopped) return null;
    if (this.timer) return null;
    const delay = backoffDelay(this.attempt++, this.opts);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.tryOpen();
    }, delay);
    return delay;
  }

  /** A connection succeeded: the next failure retries after the initial delay again. */
  connected(): void {
    this.attempt = 0;
  }

  /** Whether a retry is waiting on the clock. */
  get pending(): boolean {
    return this.timer !== null;
  }

  /** Cancels any pending attempt and refuses to schedule more until `resume()`. */
  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clear(this.timer);
    this.timer = null;
  }

  /** Allows scheduling again after `stop()`, from the initial delay. */
  resume(): void {
    this.stopped = false;
    this.attempt = 0;
  }
}
