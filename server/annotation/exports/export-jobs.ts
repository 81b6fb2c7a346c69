/**
 * Exports made in the background for big selections: each job writes its zip to a file under the
 * jobs folder, reports progress to the session that started it (at each whole percent), and is
 * kept, with its file, until {@link KEEP_FINISHED} newer jobs have finished. Jobs run one after
 * another so exports cannot crowd out live work. Jobs live in this server's memory: a restart
 * forgets them and clears their files.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { ExportJobDTO, ExportProgressDTO, ExportQuery } from '../../protocol-annotation.js';
import type { ExportStats } from './export-run.js';
import type { SelectionSummary } from './selection.js';

/** Finished jobs (and their zips) kept for download. */
export const KEEP_FINISHED = 20;

/** Runs one export into `out`. */
export type RunExport = (
  job: { query: ExportQuery; summary: SelectionSummary; createdAt: number },
  out: Writable,
  onItem: (done: number, missing: number, bytes: number) => void,
  signal: AbortSignal,
) => Promise<ExportStats>;

export interface ExportJobsOptions {
  /** Folder of the jobs' zips; emptied when the jobs start. */
  dir: string;
  now: () => number;
  run: RunExport;
  onProgress?: (progress: ExportProgressDTO, sessionId: string | null) => void;
  log?: (message: string) => void;
}

interface Job {
  dto: ExportJobDTO;
  userId: string;
  sessionId: string | null;
  abort: AbortController;
  finished: Promise<ExportJobDTO>;
}

export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ExportJobsOptions) {}

  /** Clears zips left by an earlier run of the server. */
  async init(): Promise<void> {
    await rm(this.o.dir, { recursive: true, force: true });
    await mkdir(this.o.dir, { recursive: true });
  }

  /** Queues an export of a planned selection for the user; the job is returned at once. */
  start(query: ExportQuery, summary: SelectionSummary, owner: { userId: string; sessionId: string | null }): ExportJobDTO {
    const createdAt = this.o.now();
    const dto: ExportJobDTO = {
      id: randomUUID(), format: query.format, state: 'running', done: 0, total: summary.total, missing: 0, bytes: 0,
      error: null, createdAt, finishedAt: null, downloadUrl: null,
    };
    const abort = new AbortController();
    const finished = this.chain.then(() => this.runJob(dto, { query, summary, createdAt }, owner.sessionId, abort.signal));
    this.chain = finished.catch(() => {});
    this.jobs.set(dto.id, { dto, userId: owner.userId, sessionId: owner.sessionId, abort, finished });
    return dto;
  }

  /** The job, if it exists and belongs to the user. */
  get(id: string, userId: string): ExportJobDTO | undefined {
    const job = this.jobs.get(id);
    return job && job.userId === userId ? job.dto : undefined;
  }

  /** The finished zip of the user's job, if any. */
  fileOf(id: string, userId: string): string | undefined {
    const dto = this.get(id, userId);
    return dto?.state === 'done' ? this.pathOf(id) : undefined;
  }

  /** Resolves with the job once it has finished. */
  async wait(id: string): Promise<ExportJobDTO | undefined> {
    return this.jobs.get(id)?.finished;
  }

  /** Stops running jobs, waits for them, and deletes every zip. */
  async stop(): Promise<void> {
    for (const job of this.jobs.values()) job.abort.abort(new Error('the server is stopping'));
    await this.chain;
    this.jobs.clear();
    await rm(this.o.dir, { recursive: true, force: true });
  }

  private pathOf(id: string): string {
    return join(this.o.dir, `${id}.zip`);
  }

  private async runJob(dto: ExportJobDTO, job: Parameters<RunExport>[0], sessionId: string | null, signal: AbortSignal): Promise<ExportJobDTO> {
    let lastPercent = -1;
    const progress = (): void => this.o.onProgress?.({ jobId: dto.id, state: dto.state, done: dto.done, total: dto.total }, sessionId);
    const part = `${this.pathOf(dto.id)}.part`;
    progress();
    try {
      signal.throwIfAborted();
      await mkdir(this.o.dir, { recursive: true });
      const stats = await this.o.run(job, createWriteStream(part), (done, missing, bytes) => {
        dto.done = done + missing;
        dto.missing = missing;
        dto.bytes = bytes;
        const percent = dto.total === 0 ? 100 : Math.floor((100 * dto.done) / dto.total);
        if (percent !== lastPercent) {
          lastPercent = percent;
          progress();
        }
      }, signal);
      await rename(part, this.pathOf(dto.id));
      // The selection may have grown or shrunk since it was counted.
      Object.assign(dto, { done: stats.done + stats.missing, total: stats.done + stats.missing, missing: stats.missing, bytes: stats.bytes, state: 'done', downloadUrl: `/api/exports/${dto.id}/download` });
    } catch (err) {
      await unlink(part).catch(() => {});
      dto.state = 'failed';
      dto.error = `export stopped: ${(err as Error).message}`;
      this.o.log?.(`export ${dto.id}: ${(err as Error).message}`);
    }
    dto.finishedAt = this.o.now();
    progress();
    await this.forgetOld();
    return dto;
  }

  private async forgetOld(): Promise<void> {
    const finished = [...this.jobs.values()].filter((j) => j.dto.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(j.dto.id);
      await unlink(this.pathOf(j.dto.id)).catch(() => {});
    }
  }
}
