/**
 * Upload jobs: a zip from an SD card (or one JPEG) spooled to disk, then read one photo at a time,
 * with progress after every file. Jobs run one after another, so a big upload cannot starve the
 * live ingest of CPU, and are kept in memory (the last {@link KEEP_FINISHED} finished ones).
 */
import { randomUUID } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import type { ImageryProgressDTO, UploadFileDTO, UploadJobDTO } from '../protocol-imagery.js';
import { MAX_IMAGE_BYTES } from './fetch-image.js';
import type { ImageIngest } from './image-ingest.js';
import { ingestUploadedFile, type UploadContext } from './upload-file.js';
import { countZipFiles, readZipEntries, ZipReadError } from './zip-reader.js';

/** Finished jobs kept for `GET /api/images/jobs/:id`. */
export const KEEP_FINISHED = 200;

/** A spooled upload to process. */
export interface UploadSource {
  /** The spooled body; deleted when the job ends. */
  path: string;
  kind: 'zip' | 'jpeg';
  /** The JPEG's name, for a single-file upload. */
  fileName: string;
}

export interface UploadJobsOptions {
  ingest: ImageIngest;
  now: () => number;
  /** Called after each file (and at the start and end) with the job's owner. */
  onProgress?: (progress: ImageryProgressDTO, ownerId: string | null) => void;
  maxFileBytes?: number;
  log?: (message: string) => void;
}

interface Job {
  dto: UploadJobDTO;
  ownerId: string | null;
  finished: Promise<UploadJobDTO>;
}

export class UploadJobs {
  private readonly jobs = new Map<string, Job>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: UploadJobsOptions) {}

  /** Queues the upload; the job is returned at once and runs after the jobs before it. */
  async start(source: UploadSource, ctx: UploadContext, ownerId: string | null): Promise<UploadJobDTO> {
    const total = source.kind === 'zip' ? await countZipFiles(source.path).catch(() => null) : 1;
    const dto: UploadJobDTO = {
      id: randomUUID(), state: 'running', done: 0, total,
      stored: 0, matched: 0, duplicates: 0, failed: 0, skipped: 0,
      files: [], error: null, createdAt: this.o.now(), finishedAt: null,
    };
    const finished = this.chain.then(() => this.run(dto, source, ctx, ownerId));
    this.chain = finished.catch(() => {});
    this.jobs.set(dto.id, { dto, ownerId, finished });
    this.forgetOld();
    return dto;
  }

  /** The job's state now, if known. */
  get(id: string): UploadJobDTO | undefined {
    return this.jobs.get(id)?.dto;
  }

  /** Who started the job (null for none). */
  ownerOf(id: string): string | null | undefined {
    return this.jobs.get(id)?.ownerId;
  }

  /** Resolves with the job once it has finished. */
  async wait(id: string): Promise<UploadJobDTO | undefined> {
    return this.jobs.get(id)?.finished;
  }

  /** Waits for the running and queued jobs. */
  async idle(): Promise<void> {
    await this.chain;
  }

  private async run(dto: UploadJobDTO, source: UploadSource, ctx: UploadContext, ownerId: string | null): Promise<UploadJobDTO> {
    const progress = (): void => this.o.onProgress?.({ jobId: dto.id, done: dto.done, total: dto.total }, ownerId);
    const max = this.o.maxFileBytes ?? MAX_IMAGE_BYTES;
    progress();
    try {
      if (source.kind === 'jpeg') {
        this.add(dto, await this.one(source.fileName, await readFile(source.path), ctx));
      } else {
        for await (const entry of readZipEntries(source.path, max)) {
          const file = 'error' in entry
            ? { name: entry.name, outcome: 'failed' as const, imageId: null, geotag: null, message: entry.error }
            : await this.one(entry.name, entry.bytes, ctx);
          this.add(dto, file);
          progress();
        }
      }
      dto.state = 'done';
    } catch (err) {
      dto.state = 'failed';
      dto.error = err instanceof ZipReadError ? err.message : `upload stopped: ${(err as Error).message}`;
      if (!(err instanceof ZipReadError)) this.o.log?.(`upload ${dto.id}: ${(err as Error).message}`);
    } finally {
      await unlink(source.path).catch(() => {});
    }
    // A zip whose directory could not be read gets its total now.
    dto.total = dto.state === 'done' ? dto.done : dto.total;
    dto.finishedAt = this.o.now();
    progress();
    return dto;
  }

  /** One file; a store failure on it is reported on the file, and the job goes on. */
  private async one(name: string, bytes: Buffer, ctx: UploadContext): Promise<UploadFileDTO> {
    try {
      return await ingestUploadedFile(this.o.ingest, name, bytes, ctx);
    } catch (err) {
      this.o.log?.(`upload of ${name}: ${(err as Error).message}`);
      return { name, outcome: 'failed', imageId: null, geotag: null, message: `could not be stored: ${(err as Error).message}` };
    }
  }

  private add(dto: UploadJobDTO, file: UploadFileDTO): void {
    dto.files.push(file);
    dto.done++;
    if (file.outcome === 'stored') dto.stored++;
    else if (file.outcome === 'matched') dto.matched++;
    else if (file.outcome === 'duplicate') dto.duplicates++;
    else if (file.outcome === 'failed') dto.failed++;
    else dto.skipped++;
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.dto.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.dto.id);
  }
}
