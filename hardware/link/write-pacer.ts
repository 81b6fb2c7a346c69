/** Paces writes to a line rate, to model a telemetry radio on links that would otherwise be instant (ptys). */
import type { Clock, TimerHandle } from '../clock.js';

/** Bytes per second a serial line carries at `baud` with 8N1 framing (10 bits on the wire per byte). */
export function bytesPerSecond(baud: number): number {
  return baud / 10;
}

/**
 * A write queue drained by the clock: each chunk is handed on when the line has finished sending the
 * chunks before it. Like a radio's buffer it holds at most `maxQueuedBytes` (default one second of
 * traffic); chunks beyond that are refused rather than delivered late.
 */
export class WritePacer {
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  /** When the line finishes the bytes already handed on. */
  private busyUntil = -Infinity;
  private timer: TimerHandle | null = null;
  private readonly maxQueuedBytes: number;

  constructor(
    private readonly clock: Clock,
    private readonly rate: number,
    private readonly write: (chunk: Buffer) => void,
    maxQueuedBytes?: number,
  ) {
    this.maxQueuedBytes = maxQueuedBytes ?? Math.max(1, Math.floor(rate));
  }

  /** Queues a chunk; returns false when the queue is full and the chunk was dropped. */
  push(chunk: Buffer): boolean {
    const now = this.clock.now();
    if (this.queue.length === 0 && this.busyUntil <= now) {
      this.busyUntil = now + this.duration(chunk.length);
      this.write(chunk);
      return true;
    }
    if (this.queuedBytes + chunk.length > this.maxQueuedBytes) return false;
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    this.schedule();
    return true;
  }

  /** Bytes waiting for the line. */
  get pending(): number {
    return this.queuedBytes;
  }

  /** Drops everything queued (the port closed). */
  clear(): void {
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.busyUntil = -Infinity;
    if (this.timer) this.clock.clear(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = this.clock.setTimeout(() => this.drain(), Math.max(0, this.busyUntil - this.clock.now()));
  }

  private drain(): void {
    this.timer = null;
    const now = this.clock.now();
    // Catch up on every chunk whose turn has come; adding to busyUntil (not now) keeps timer lateness
    // from slowing the average rate.
    while (this.queue.length > 0 && this.busyUntil <= now) {
      const chunk = this.queue.shift()!;
      this.queuedBytes -= chunk.length;
      this.busyUntil = Math.max(this.busyUntil, now - this.duration(chunk.length)) + this.duration(chunk.length);
      this.write(chunk);
    }
    this.schedule();
  }

  private duration(bytes: number): number {
    return (bytes * 1000) / this.rate;
  }
}
