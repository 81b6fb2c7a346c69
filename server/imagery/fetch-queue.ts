/**
 * Fetch scheduling: at most `concurrency` attempts at once, each failure retried after an
 * exponential backoff on the injected clock, until the attempts run out. The attempt count lives
 * in the store (`begin` returns it), so a restart resumes the schedule where it was.
 */
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import { backoffDelay, type BackoffOptions } from '../../hardware/link/backoff.js';

/** 1 s, doubling, capped at 1 min: rides out a camera server that is busy or rebooting. */
export const FETCH_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 60_000, factor: 2 };

export interface FetchQueueOptions {
  clock: Clock;
  concurrency: number;
  /** Attempts before giving up (the row turns failed). */
  maxAttempts: number;
  backoff?: BackoffOptions;
  /** Marks an attempt as started; returns its number (1 for the first), or null to drop the job. */
  begin(id: string): Promise<number | null>;
  /** One attempt; rejects on failure. `signal` aborts it when the queue stops. */
  attempt(id: string, attempt: number, signal: AbortSignal): Promise<void>;
  /** Records a failure; `final` when no retry follows. */
  failed(id: string, attempt: number, error: Error, final: boolean): Promise<void>;
  /** A job's bookkeeping itself failed (the store is down): reported, and the job dropped. */
  onError?(id: string, error: Error): void;
}

/** Bounded-concurrency job queue with backoff retries. */
export class FetchQueue {
  private readonly waiting: string[] = [];
  /** Every id queued, running or waiting for its retry timer: each job runs once at a time. */
  private readonly known = new Set<string>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly o: FetchQueueOptions) {}

  /** Queues a job unless it is already queued or running; one waiting for its retry is run now. */
  enqueue(id: string): void {
    if (this.stopped) return;
    const timer = this.timers.get(id);
    if (timer) {
      this.o.clock.clear(timer);
      this.timers.delete(id);
      this.waiting.push(id);
      this.pump();
      return;
    }
    if (this.known.has(id)) return;
    this.known.add(id);
    this.waiting.push(id);
    this.pump();
  }

  /** Jobs queued, running, and waiting for a retry. */
  get stats(): { queued: number; running: number; retrying: number } {
    return { queued: this.waiting.length, running: this.running.size, retrying: this.timers.size };
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.known.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels retries and aborts running attempts (their rows stay as they are, to resume on the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) this.o.clock.clear(t);
    this.timers.clear();
    this.waiting.length = 0;
    this.abort.abort();
    await Promise.allSettled([...this.running.values()]);
    this.known.clear();
    this.settle();
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.o.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const run = this.run(id).finally(() => {
        this.running.delete(id);
        this.pump();
        this.settle();
      });
      this.running.set(id, run);
    }
  }

  private async run(id: string): Promise<void> {
    let attempt: number | null = null;
    try {
      attempt = await this.o.begin(id);
      if (attempt === null) {
        this.known.delete(id);
        return;
      }
      await this.o.attempt(id, attempt, this.abort.signal);
      this.known.delete(id);
    } catch (err) {
      if (this.stopped) return;
      if (attempt === null) {
        this.known.delete(id);
        this.o.onError?.(id, err as Error);
        return;
      }
      const final = attempt >= this.o.maxAttempts;
      try {
        await this.o.failed(id, attempt, err as Error, final);
      } catch (storeErr) {
        this.o.onError?.(id, storeErr as Error);
      }
      if (final || this.stopped) {
        this.known.delete(id);
        return;
      }
      const delay = backoffDelay(attempt - 1, this.o.backoff ?? FETCH_BACKOFF);
      this.timers.set(id, this.o.clock.setTimeout(() => {
        this.timers.delete(id);
        this.waiting.push(id);
        this.pump();
      }, delay));
    }
  }

  private settle(): void {
    if (this.known.size > 0 && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
