/** Coalesces requests into at most one call per interval. Timers are injectable for tests. */

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Throttle {
  /** Asks for a call; runs it as soon as the interval since the last call allows. */
  request(): void;
  /** Drops a pending call. */
  cancel(): void;
}

/**
 * Calls `fn` at most once per `intervalMs`, and only when requested: an idle dashboard
 * sets no timers and lets the map rest.
 */
export function throttle(fn: () => void, intervalMs: number, timers: Timers = browserTimers): Throttle {
  let last = -Infinity;
  let pending: unknown = null;
  const run = (): void => {
    pending = null;
    last = timers.now();
    fn();
  };
  return {
    request() {
      if (pending !== null) return;
      pending = timers.setTimeout(run, Math.max(0, last + intervalMs - timers.now()));
    },
    cancel() {
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}
