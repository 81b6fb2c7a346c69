import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { FetchQueue } from '../../../../server/imagery/fetch-queue.js';

/** Lets pending promise callbacks run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function harness(opts: { failUntil?: number; maxAttempts?: number; concurrency?: number } = {}) {
  const clock = new ManualClock(0);
  const attempts = new Map<string, number>();
  const started: { id: string; attempt: number; at: number }[] = [];
  const failures: { id: string; attempt: number; final: boolean }[] = [];
  let running = 0, peak = 0;
  const gates: (() => void)[] = [];
  const queue = new FetchQueue({
    clock,
    concurrency: opts.concurrency ?? 4,
    maxAttempts: opts.maxAttempts ?? 5,
    backoff: { initialMs: 1000, maxMs: 5000, factor: 2 },
    begin: async (id) => {
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      return n;
    },
    attempt: async (id, attempt) => {
      started.push({ id, attempt, at: clock.now() });
      running++;
      peak = Math.max(peak, running);
      try {
        if (opts.concurrency !== undefined) await new Promise<void>((r) => gates.push(r));
        if (attempt <= (opts.failUntil ?? 0)) throw new Error(`attempt ${attempt} failed`);
      } finally {
        running--;
      }
    },
    failed: async (id, attempt, _err, final) => {
      failures.push({ id, attempt, final });
    },
  });
  return { clock, queue, started, failures, attempts, gates, peak: () => peak };
}

describe('fetch queue', () => {
  it('retries a failing fetch with exponential backoff on the clock: 1 s, 2 s, 4 s, then capped at 5 s', async () => {
    const h = harness({ failUntil: 5, maxAttempts: 6 });
    h.queue.enqueue('a');
    await settle();
    for (const step of [999, 1, 1999, 1, 3999, 1, 4999, 1, 4999, 1]) {
      h.clock.advance(step);
      await settle();
    }
    expect(h.started.map((s) => s.at)).toEqual([0, 1000, 3000, 7000, 12000, 17000]);
    expect(h.failures.map((f) => f.final)).toEqual([false, false, false, false, false]);
    await h.queue.idle();
  });

  it('just before the backoff delay nothing runs; just after, the retry does', async () => {
    const h = harness({ failUntil: 1 });
    h.queue.enqueue('a');
    await settle();
    h.clock.advance(999);
    await settle();
    expect(h.started).toHaveLength(1);
    h.clock.advance(1);
    await settle();
    expect(h.started).toHaveLength(2);
  });

  it('gives up after the last attempt and says it was final', async () => {
    const h = harness({ failUntil: 99, maxAttempts: 3 });
    h.queue.enqueue('a');
    for (let i = 0; i < 10; i++) {
      await settle();
      h.clock.advance(5000);
    }
    await h.queue.idle();
    expect(h.failures).toEqual([
      { id: 'a', attempt: 1, final: false },
      { id: 'a', attempt: 2, final: false },
      { id: 'a', attempt: 3, final: true },
    ]);
    expect(h.queue.stats).toEqual({ queued: 0, running: 0, retrying: 0 });
  });

  it('runs at most `concurrency` attempts at once and queues the rest in order', async () => {
    const h = harness({ concurrency: 2 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) h.queue.enqueue(id);
    await settle();
    expect(h.started.map((s) => s.id)).toEqual(['a', 'b']);
    while (h.gates.length > 0) {
      h.gates.shift()!();
      await settle();
    }
    await h.queue.idle();
    expect(h.started.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(h.peak()).toBe(2);
  });

  it('a job queued twice runs once; queued while waiting for its retry, it runs at once', async () => {
    const h = harness({ failUntil: 1 });
    h.queue.enqueue('a');
    h.queue.enqueue('a');
    await settle();
    expect(h.started).toHaveLength(1);
    expect(h.queue.stats.retrying).toBe(1);
    h.queue.enqueue('a');
    await settle();
    expect(h.started.map((s) => s.at)).toEqual([0, 0]);
    await h.queue.idle();
  });

  it('stopping cancels retries and aborts running attempts without recording them as failures', async () => {
    const clock = new ManualClock(0);
    let aborted = false;
    const failures: number[] = [];
    const queue = new FetchQueue({
      clock, concurrency: 1, maxAttempts: 5,
      begin: async () => 1,
      attempt: (_id, _n, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => {
        aborted = true;
        reject(new Error('aborted'));
      })),
      failed: async (_id, n) => void failures.push(n),
    });
    queue.enqueue('a');
    await settle();
    await queue.stop();
    expect(aborted).toBe(true);
    expect(failures).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
