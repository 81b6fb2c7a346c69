/**
 * How many thumbnails are made at once. libvips already works off the event loop, on libuv's
 * small thread pool, which file reads and writes share; a bound keeps a burst of photos from
 * holding every one of those threads (and the memory of every decode) at the same time.
 */
import { availableParallelism } from 'node:os';
import { makeThumbnail, type Thumbnail } from './thumbnail.js';

/** Makes one thumbnail; {@link makeThumbnail} unless a test gives another. */
export type MakeThumbnail = (bytes: Uint8Array, width: number) => Promise<Thumbnail>;

interface Job {
  bytes: Uint8Array;
  width: number;
  resolve: (t: Thumbnail) => void;
  reject: (e: Error) => void;
}

/** Makes thumbnails, at most `size` at once (0: no bound of its own), the rest queued in order. */
export class ThumbnailPool {
  private readonly queue: Job[] = [];
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(readonly size = defaultPoolSize(), private readonly make: MakeThumbnail = makeThumbnail) {}

  /** A thumbnail `width` px wide; rejects with a BadImageError for a file it cannot decode. */
  thumbnail(bytes: Uint8Array, width: number): Promise<Thumbnail> {
    if (this.closed) return Promise.reject(new Error('thumbnail pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, width, resolve, reject });
      this.pump();
    });
  }

  /** Refuses new requests, rejects queued ones and waits for those already running. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('thumbnail pool closed'));
    await Promise.all([...this.running]);
  }

  private pump(): void {
    while (this.queue.length > 0 && (this.size === 0 || this.running.size < this.size)) {
      const job = this.queue.shift()!;
      const run = this.make(job.bytes, job.width).then(job.resolve, job.reject).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }
}

/** One at a time per spare core, at least one, at most four (libuv's default thread count). */
function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
