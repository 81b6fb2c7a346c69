import { describe, expect, it } from 'vitest';
import { throttle, type Timers } from '../../../../web/app/throttle.js';

/** Timers driven by hand. */
function manualTimers(): Timers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}

describe('throttle', () => {
  it('runs the first request at once and coalesces a burst into one more call per interval', () => {
    const timers = manualTimers();
    let calls = 0;
    const tick = throttle(() => calls++, 100, timers);
    tick.request();
    timers.advance(0);
    expect(calls).toBe(1);
    for (let i = 0; i < 50; i++) tick.request();
    timers.advance(99);
    expect(calls).toBe(1);
    timers.advance(1);
    expect(calls).toBe(2);
  });

  it('sets no timer while nothing is requested', () => {
    const timers = manualTimers();
    const tick = throttle(() => {}, 100, timers);
    tick.request();
    timers.advance(1_000);
    expect(timers.pending()).toBe(0);
  });

  it('cancel drops the pending call', () => {
    const timers = manualTimers();
    let calls = 0;
    const tick = throttle(() => calls++, 100, timers);
    tick.request();
    tick.cancel();
    timers.advance(500);
    expect(calls).toBe(0);
  });

  it('a request made during the call is served one interval later', () => {
    const timers = manualTimers();
    const at: number[] = [];
    const tick = throttle(() => {
      at.push(timers.now());
      if (at.length < 3) tick.request();
    }, 100, timers);
    tick.request();
    timers.advance(1_000);
    expect(at).toEqual([0, 100, 200]);
  });
});
