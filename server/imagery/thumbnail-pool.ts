/**
 * Thumbnails on worker threads. Decoding a 20 MP JPEG in JavaScript takes seconds; on the main
 * thread that would stall every vehicle's telemetry and heartbeats, so decoding runs in a few
 * workers, one request at a time each, queued in order.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BadImageError } from './jpeg-info.js';
import { makeThumbnail, type Thumbnail } from './thumbnail.js';
import type { ThumbnailReply, ThumbnailRequest } from './thumbnail-worker.js';

interface Job {
  req: ThumbnailRequest;
  resolve: (t: Thumbnail) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/** Makes thumbnails on `size` worker threads (0: on the calling thread, for tests and tools). */
export class ThumbnailPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size = defaultPoolSize()) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** A thumbnail `width` px wide; rejects with {@link BadImageError} for a file it cannot decode. */
  thumbnail(bytes: Uint8Array, width: number): Promise<Thumbnail> {
    if (this.closed) return Promise.reject(new Error('thumbnail pool closed'));
    if (this.size === 0) {
      try {
        return Promise.resolve(makeThumbnail(bytes, width));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, bytes, width }, resolve, reject });
      this.pump();
    });
  }

  /** Stops the workers; queued and running requests are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('thumbnail pool closed'));
    await Promise.all(this.slots.map(async (s) => {
      s.job?.reject(new Error('thumbnail pool closed'));
      s.job = null;
      await s.worker.terminate();
    }));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      // Referenced only while busy: an idle pool never keeps the process alive.
      slot.worker.ref();
      slot.worker.postMessage(job.req);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), job: null };
    slot.worker.unref();
    slot.worker.on('message', (reply: ThumbnailReply) => {
      const job = slot.job;
      slot.job = null;
      slot.worker.unref();
      if (job && job.req.id === reply.id) {
        if (reply.ok) job.resolve({ ...reply, bytes: Buffer.from(reply.bytes) });
        else job.reject(new BadImageError(reply.error));
      }
      this.pump();
    });
    // A worker that dies (out of memory on a hostile file) fails its job and is replaced.
    slot.worker.on('error', (err) => {
      slot.job?.reject(err);
      slot.job = null;
    });
    slot.worker.on('exit', () => {
      if (this.closed) return;
      slot.job?.reject(new Error('thumbnail worker exited'));
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      this.pump();
    });
    return slot;
  }
}

/** One worker per spare core, at least one, at most four. */
function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * The worker runs the compiled module next to this one; from TypeScript sources (tsx, vitest) it
 * first registers tsx's loader inside the worker, which a worker does not inherit.
 */
function startWorker(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./thumbnail-worker.js', self));
  const tsx = import.meta.resolve('tsx/esm/api');
  const target = new URL('./thumbnail-worker.ts', self).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true });
}
