/** A source of time and timers, injected so protocol and simulator code can run on a manual clock in tests. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch (wall time for the real clock). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

/**
 * Wall-clock time and Node timers. Timers are unref'd so they never keep a process alive on their own.
 * With `speedup` > 1 time runs faster than the wall clock (from the moment of construction), so a
 * whole system on one such clock (simulator, protocol timeouts, link latency) runs accelerated.
 */
export class RealClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;
  private readonly origin = Date.now();

  constructor(private readonly speedup = 1) {
    if (!(speedup > 0 && Number.isFinite(speedup))) throw new RangeError(`clock speedup must be a positive number, got ${speedup}`);
  }

  now(): number {
    return this.speedup === 1 ? Date.now() : this.origin + (Date.now() - this.origin) * this.speedup;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms / this.speedup);
    t.unref();
    this.timers.set(id, t);
    return { id };
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const t = setInterval(fn, ms / this.speedup);
    t.unref();
    this.timers.set(id, t);
    return { id };
  }

  clear(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t) {
      clearTimeout(t);
      this.timers.delete(handle.id);
    }
  }
}

interface ManualTimer {
  id: number;
  due: number;
  every: number | null;
  fn: () => void;
}

/** Time that moves only when told to; timers fire in due order during `advance`. */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: ManualTimer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, null);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, Math.max(1, ms));
  }

  clear(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, each at its due time. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.timers) if (t.due <= end && (!next || t.due < next.due)) next = t;
      if (!next) break;
      this.time = next.due;
      if (next.every === null) this.timers = this.timers.filter((t) => t !== next);
      else next.due += next.every;
      next.fn();
    }
    this.time = end;
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.timers.length;
  }

  private add(fn: () => void, ms: number, every: number | null): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, due: this.time + Math.max(0, ms), every, fn });
    return { id };
  }
}
