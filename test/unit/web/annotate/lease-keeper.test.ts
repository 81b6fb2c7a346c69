import { describe, expect, it } from 'vitest';
import { formatCountdown, LeaseKeeper, leaseMsOf, renewEveryMs, type LeaseLoss, type LeaseTimers } from '../../../../web/annotate/lease-keeper.js';

/** Timers moved by hand: `advance` runs every due tick in order. */
function manualTimers() {
  let now = 0;
  const timers: { every: number; next: number; fn: () => void; on: boolean }[] = [];
  const api: LeaseTimers & { advance(ms: number): Promise<void> } = {
    now: () => now,
    every(ms, fn) {
      const t = { every: ms, next: now + ms, fn, on: true };
      timers.push(t);
      return () => void (t.on = false);
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.on && t.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.every;
        due.fn();
        // Let renewals settle, as the event loop would between ticks.
        await Promise.resolve();
        await Promise.resolve();
      }
      now = end;
    },
  };
  return api;
}

function keeper(leaseMs: number, renew: () => Promise<void>, isFinal = (_e: unknown) => true) {
  const timers = manualTimers();
  const ticks: number[] = [];
  const lost: LeaseLoss[] = [];
  let renewals = 0;
  const k = new LeaseKeeper({
    leaseMs,
    renew: () => {
      renewals++;
      return renew();
    },
    isFinal,
    onTick: (ms) => ticks.push(ms),
    onLost: (why) => lost.push(why),
    timers,
  });
  return { k, timers, ticks, lost, renewals: () => renewals };
}

describe('lease keeper', () => {
  it('takes the lease length from the claim, and renews after a quarter of it within bounds', () => {
    expect(leaseMsOf({ leaseExpiresAt: 1_600_000, task: { updatedAt: 1_000_000 } as never })).toBe(600_000);
    expect(leaseMsOf({ leaseExpiresAt: 5, task: { updatedAt: 10 } as never })).toBe(600_000);
    expect(renewEveryMs(600_000)).toBe(120_000);
    expect(renewEveryMs(40_000)).toBe(10_000);
    expect(renewEveryMs(8_000)).toBe(5_000);
  });

  it('counts down each second and renews just after the renewal time, not before', async () => {
    const { k, timers, ticks, renewals } = keeper(40_000, async () => {});
    k.start();
    expect(ticks[0]).toBe(40_000);
    await timers.advance(9_000);
    expect(renewals()).toBe(0);
    expect(ticks.at(-1)).toBe(31_000);
    await timers.advance(1_000);
    expect(renewals()).toBe(1);
    // Renewed at 10 s: 40 s from then.
    expect(ticks.at(-1)).toBe(40_000);
    await timers.advance(1_000);
    expect(ticks.at(-1)).toBe(39_000);
  });

  it('reports the lease lost when the server refuses a renewal', async () => {
    const { k, timers, lost } = keeper(40_000, () => Promise.reject(new Error('409 lease_expired')));
    k.start();
    await timers.advance(10_000);
    expect(lost).toEqual(['refused']);
    expect(k.running).toBe(false);
  });

  it('retries a failed renewal that is not final, and expires when the lease runs out meanwhile', async () => {
    const { k, timers, lost, renewals } = keeper(20_000, () => Promise.reject(new Error('network')), () => false);
    k.start();
    await timers.advance(5_000);
    expect(renewals()).toBe(1);
    await timers.advance(4_000);
    expect(renewals()).toBe(1);
    await timers.advance(1_000);
    expect(renewals()).toBe(2);
    expect(lost).toEqual([]);
    await timers.advance(9_000);
    expect(lost).toEqual([]);
    await timers.advance(1_000);
    expect(lost).toEqual(['expired']);
  });

  it('stops renewing once stopped', async () => {
    const { k, timers, renewals } = keeper(20_000, async () => {});
    k.start();
    k.stop();
    await timers.advance(60_000);
    expect(renewals()).toBe(0);
  });

  it('formats the countdown as minutes and seconds, rounding up and never negative', () => {
    expect(formatCountdown(600_000)).toBe('10:00');
    expect(formatCountdown(61_001)).toBe('1:02');
    expect(formatCountdown(999)).toBe('0:01');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});
