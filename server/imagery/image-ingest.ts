/**
 * Live image ingest: every CAMERA_IMAGE_CAPTURED (and CAMERA_FEEDBACK) of every vehicle becomes a
 * row first, then its file is fetched with retries, kept under its content address with a
 * thumbnail and footprint, and handed to annotation as a task. Rows still waiting when the server
 * stops are picked up again on the next start.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../hardware/clock.js';
import type { BackoffOptions } from '../../hardware/link/backoff.js';
import type { VehicleConnection } from '../../hardware/vehicle/vehicle-connection.js';
import type { Camera } from '../../missions/camera.js';
import { createTaskForImage, type IntakeImage } from '../annotation/task-intake.js';
import { writeTransaction } from '../annotation/write-transaction.js';
import type { AppContext } from '../app-context.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import type { FleetVehicle } from '../fleet/fleet-vehicle.js';
import type { Patrol } from '../protocol-imagery.js';
import type { Schema } from '../store/schema.js';
import type { CaptureEvent } from './capture-messages.js';
import { FetchImageError, fetchImage, MAX_IMAGE_BYTES } from './fetch-image.js';
import { FETCH_BACKOFF, FetchQueue } from './fetch-queue.js';
import { DEFAULT_CAMERA, footprintOf } from './footprint.js';
import { ImageFiles, type KeptFile } from './image-files.js';
import { ImagesRepo, type ImageRow, type NewImage, type StoredFile } from './images-repo.js';
import { patrolFromName } from './patrol.js';
import { ThumbnailPool } from './thumbnail-pool.js';
import { VehicleCamera } from './vehicle-camera.js';

/** What a vehicle is flying for: set by whoever starts a plan on it (or by an operator). */
export interface VehiclePlan {
  planId: string | null;
  patrol: Patrol | null;
}

/** Makes the annotation task of a stored photo; must be idempotent (called again after a crash). */
export type CreateTask = (db: Kysely<Schema>, image: IntakeImage) => Promise<unknown>;

export interface ImageIngestOptions {
  ctx: Pick<AppContext, 'store' | 'clock' | 'now' | 'dataDir'>;
  fleet: Pick<FleetRegistry, 'vehicles' | 'subscribe'>;
  /** Fetches at once (default 4). */
  concurrency?: number;
  /** Attempts per photo before it is marked failed (default 8: about two minutes of retrying). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** One fetch may take this long (default 60 s). */
  fetchTimeoutMs?: number;
  maxBytes?: number;
  /** Thumbnails made at once (default one per spare core; 0: no limit), or a pool to share. */
  thumbnails?: number | ThumbnailPool;
  /** See {@link VehicleCameraOptions.feedbackGraceMs}. */
  feedbackGraceMs?: number;
  requestRetryMs?: number;
  fetch?: typeof fetch;
  createTask?: CreateTask;
  /** Problems worth a log line (a store error, a vehicle's gap that could not be recovered). */
  log?: (message: string) => void;
}

interface Tracked {
  vehicle: FleetVehicle;
  bound: VehicleConnection;
  unsubscribe: () => void;
  camera: VehicleCamera;
}

export class ImageIngest {
  readonly repo: ImagesRepo;
  readonly files: ImageFiles;
  private readonly pool: ThumbnailPool;
  private readonly ownsPool: boolean;
  private readonly queue: FetchQueue;
  private readonly clock: Clock;
  private readonly tracked = new Map<string, Tracked>();
  private readonly plans = new Map<string, VehiclePlan>();
  private readonly writes = new Set<Promise<void>>();
  private unsubscribeFleet: (() => void) | null = null;
  private readonly createTask: CreateTask;

  constructor(private readonly o: ImageIngestOptions) {
    const { ctx } = o;
    this.clock = ctx.clock;
    this.repo = new ImagesRepo(ctx.store.db);
    this.ownsPool = !(o.thumbnails instanceof ThumbnailPool);
    this.pool = o.thumbnails instanceof ThumbnailPool ? o.thumbnails : new ThumbnailPool(o.thumbnails);
    this.files = new ImageFiles(ctx.dataDir, this.pool);
    this.createTask = o.createTask ?? ((db, image) => createTaskForImage(db, image));
    this.queue = new FetchQueue({
      clock: ctx.clock,
      concurrency: o.concurrency ?? 4,
      maxAttempts: o.maxAttempts ?? 8,
      backoff: o.backoff ?? FETCH_BACKOFF,
      begin: (id) => this.repo.startAttempt(id, ctx.now()),
      attempt: (id, _n, signal) => this.fetchAndStore(id, signal),
      failed: (id, _n, err, final) => this.repo.attemptFailed(id, err.message, final, ctx.now()),
      onError: (id, err) => this.log(`image ${id}: ${err.message}`),
    });
  }

  /** Follows every vehicle's camera messages and resumes the fetches left pending by the last run. */
  async start(signal?: AbortSignal): Promise<void> {
    for (const v of this.o.fleet.vehicles()) this.follow(v);
    this.unsubscribeFleet = this.o.fleet.subscribe((e) => {
      if (e.kind === 'added' || e.kind === 'restored') this.follow(e.vehicle);
      else if (e.kind === 'removed') this.unfollow(e.id);
    });
    for (const row of await this.repo.pendingFetches()) this.queue.enqueue(row.id);
    if (signal?.aborted) await this.stop();
    else signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /** Stops listening, cancels retries and aborts running fetches (their rows resume on the next start). */
  async stop(): Promise<void> {
    this.unsubscribeFleet?.();
    this.unsubscribeFleet = null;
    for (const id of [...this.tracked.keys()]) this.unfollow(id);
    await Promise.allSettled([...this.writes]);
    await this.queue.stop();
    if (this.ownsPool) await this.pool.close();
  }

  /** Tells which plan and patrol a vehicle is flying; photos it takes from now on carry them. */
  setVehiclePlan(vehicleId: string, plan: VehiclePlan | null): void {
    if (plan) this.plans.set(vehicleId, plan);
    else this.plans.delete(vehicleId);
  }

  /** Fetches a failed photo again from a fresh start; undefined when it is stored, unknown or has no URL. */
  async retry(id: string): Promise<ImageRow | undefined> {
    const row = await this.repo.resetForRetry(id, this.o.ctx.now());
    if (row) this.queue.enqueue(row.id);
    return row;
  }

  /** Resolves once every announcement heard so far is recorded and no fetch is queued, running or waiting to retry. */
  async idle(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
    await this.queue.idle();
  }

  /** Fetch queue and gap-recovery counters. */
  stats(): { queued: number; running: number; retrying: number; requesting: number; unrecovered: number } {
    let requesting = 0, unrecovered = 0;
    for (const t of this.tracked.values()) {
      requesting += t.camera.requesting;
      unrecovered += t.camera.unrecovered;
    }
    return { ...this.queue.stats, requesting, unrecovered };
  }

  /** The camera model for a vehicle's photos: what it described, else the default. */
  cameraOf(vehicleId: string | null): Camera {
    return (vehicleId && this.tracked.get(vehicleId)?.camera.camera) || DEFAULT_CAMERA;
  }

  /**
   * Keeps the bytes and marks the row stored, in one transaction with its annotation task, so a
   * stored photo always has its task. Returns false when the row was already stored.
   */
  async storeInto(row: ImageRow, file: KeptFile, extra: Partial<StoredFile> = {}): Promise<boolean> {
    const fields: StoredFile = { ...file, ...extra };
    const patrol = (extra.patrol !== undefined ? extra.patrol : row.patrol) as Patrol | null;
    const capturedAt = Number(extra.captured_at ?? row.captured_at ?? row.created_at);
    return writeTransaction(this.o.ctx.store, async (db) => {
      if (!(await this.repo.markStored(row.id, fields, this.o.ctx.now(), db))) return false;
      await this.createTask(db, { id: row.id, patrol, capturedAt });
      return true;
    });
  }

  /** Inserts a stored photo known only from its file (an upload), with its annotation task, in one transaction. */
  async storeNew(values: Omit<NewImage, keyof KeptFile | 'status'>, file: KeptFile): Promise<ImageRow> {
    return writeTransaction(this.o.ctx.store, async (db) => {
      const row = await new ImagesRepo(db).insert({ ...values, ...file, status: 'stored' }, this.o.ctx.now());
      await this.createTask(db, { id: row.id, patrol: row.patrol, capturedAt: Number(row.captured_at ?? row.created_at) });
      return row;
    });
  }

  private follow(vehicle: FleetVehicle): void {
    const existing = this.tracked.get(vehicle.id);
    if (existing && existing.bound === vehicle.connection) return;
    existing?.unsubscribe();
    const camera = existing?.camera ?? new VehicleCamera({
      clock: this.clock,
      // Always the vehicle's current path, even after it comes back on a new one.
      send: (data) => vehicle.connection.send(data),
      sysid: vehicle.connection.sysid,
      record: (e) => this.track(this.record(vehicle, e)),
      feedbackGraceMs: this.o.feedbackGraceMs,
      requestRetryMs: this.o.requestRetryMs,
    });
    const bound = vehicle.connection;
    const unsubscribe = bound.subscribeMessages((msg) => camera.handle(msg));
    this.tracked.set(vehicle.id, { vehicle, bound, unsubscribe, camera });
  }

  private unfollow(id: string): void {
    const t = this.tracked.get(id);
    if (!t) return;
    t.unsubscribe();
    t.camera.stop();
    this.tracked.delete(id);
  }

  private track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  /** Writes the row of one announcement, then queues its fetch. */
  private async record(vehicle: FleetVehicle, e: CaptureEvent): Promise<void> {
    const plan = this.plans.get(vehicle.id);
    const camera = this.cameraOf(vehicle.id);
    const footprint = e.lat !== null && e.lon !== null && e.relAlt !== null
      ? footprintOf(camera, { lat: e.lat, lon: e.lon, relAlt: e.relAlt, yaw: e.yaw, pitch: e.pitch, roll: e.roll })
      : null;
    try {
      const { row, created, urlAdded } = await this.repo.announce({
        vehicle_id: vehicle.id,
        vehicle_name: vehicle.name,
        plan_id: plan?.planId ?? null,
        patrol: plan?.patrol ?? patrolFromName(vehicle.name),
        source: 'live',
        status: 'announced',
        url: e.url,
        image_index: e.index,
        capture_ms: e.captureMs,
        captured_at: e.utcMs ?? this.o.ctx.now(),
        lat: e.lat, lon: e.lon, alt_msl: e.altMsl, rel_alt: e.relAlt,
        yaw: e.yaw, pitch: e.pitch, roll: e.roll,
        camera: JSON.stringify(camera),
        footprint: footprint && JSON.stringify(footprint),
      }, this.o.ctx.now());
      // A repeated announcement (a re-send, a duplicated frame) must not cut a retry's backoff short.
      if ((created || urlAdded) && row.url !== null) this.queue.enqueue(row.id);
    } catch (err) {
      this.log(`cannot record photo ${e.index} of ${vehicle.name}: ${(err as Error).message}`);
    }
  }

  /** One attempt: download, keep, mark stored. Throws to have the queue retry. */
  private async fetchAndStore(id: string, stop: AbortSignal): Promise<void> {
    const row = await this.repo.get(id);
    if (!row || row.status === 'stored') return;
    if (!row.url) throw new FetchImageError('no URL to fetch from');
    const timeout = new AbortController();
    const timer = this.clock.setTimeout(() => timeout.abort(), this.o.fetchTimeoutMs ?? 60_000);
    let bytes: Buffer;
    try {
      bytes = await fetchImage(row.url, { maxBytes: this.o.maxBytes ?? MAX_IMAGE_BYTES, signal: AbortSignal.any([stop, timeout.signal]), fetch: this.o.fetch });
    } catch (err) {
      if (timeout.signal.aborted && !stop.aborted) throw new FetchImageError(`no complete answer from ${hostOf(row.url)} within ${this.o.fetchTimeoutMs ?? 60_000} ms`);
      throw err;
    } finally {
      this.clock.clear(timer);
    }
    const file = await this.files.keep(bytes);
    // The camera may have described itself since the photo was announced; wait for that answer.
    if (row.vehicle_id) await this.tracked.get(row.vehicle_id)?.camera.described();
    const camera = this.cameraOf(row.vehicle_id);
    const footprint = row.lat !== null && row.lon !== null && row.rel_alt !== null
      ? footprintOf(camera, { lat: Number(row.lat), lon: Number(row.lon), relAlt: Number(row.rel_alt), yaw: num(row.yaw), pitch: num(row.pitch), roll: num(row.roll) })
      : null;
    await this.storeInto(row, file, { camera: JSON.stringify(camera), footprint: footprint && JSON.stringify(footprint) });
  }

  private log(message: string): void {
    this.o.log?.(message);
  }
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 100);
  }
}
