import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { DEFAULT_BACKOFF, Reconnector, backoffDelay } from '../../../../hardware/link/backoff.js';

describe('backoffDelay', () => {
  it('starts at 250 ms and doubles up to a 5 s cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('reaches the cap on the first attempt whose doubling would pass it', () => {
    const opts = { ...DEFAULT_BACKOFF, maxMs: 4000 };
    expect(backoffDelay(3, opts)).toBe(2000);
    expect(backoffDelay(4, opts)).toBe(4000);
    expect(backoffDelay(5, opts)).toBe(4000);
  });
});

describe('Reconnector', () => {
  function setup() {
    const clock = new ManualClock();
    const attempts: number[] = [];
    const r = new Reconnector(clock, () => attempts.push(clock.now()));
    return { clock, attempts, r };
  }

  it('retries no earlier than the backoff delay', () => {
    const { clock, attempts, r } = setup();
    expect(r.failed()).toBe(250);
    clock.advance(249);
    expect(attempts).toEqual([]);
    clock.advance(1);
    expect(attempts).toEqual([250]);
  });

  it('follows the doubling schedule while attempts keep failing', () => {
    const { clock, attempts, r } = setup();
    for (let i = 0; i < 7; i++) {
      r.failed();
      clock.advance(10_000);
    }
    // Each attempt fires `delay` after the failure that scheduled it, failures being 10 s apart.
    expect(attempts.map((t, i) => t - i * 10_000)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('starts again from 250 ms after a successful connect', () => {
    const { clock, attempts, r } = setup();
    r.failed();
    clock.advance(250);
    r.failed();
    clock.advance(500);
    r.connected();
    expect(r.failed()).toBe(250);
    clock.advance(250);
    expect(attempts).toEqual([250, 750, 1000]);
  });

  it('keeps one retry pending however often failure is reported', () => {
    const { clock, attempts, r } = setup();
    r.failed();
    expect(r.failed()).toBeNull();
    clock.advance(10_000);
    expect(attempts).toEqual([250]);
  });

  it('cancels the pending retry on stop and schedules none after it', () => {
    const { clock, attempts, r } = setup();
    r.failed();
    r.stop();
    expect(r.failed()).toBeNull();
    clock.advance(10_000);
    expect(attempts).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
