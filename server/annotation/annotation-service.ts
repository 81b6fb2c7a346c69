/**
 * Annotation as the API uses it: claims, heartbeats, submissions, reviews and admin changes over
 * the store, a sweep that returns expired leases to their queues, and `queues:changed` broadcasts
 * to the fleet room whenever depths move (coalesced, and only when they differ from the last sent).
 */
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import type { AppContext } from '../app-context.js';
import { FLEET_ROOM } from '../protocol.js';
import type {
  ClaimDTO,
  Labelling,
  QueueDTO,
  QueueUpdate,
  QueuesChangedDTO,
  ReviewResultDTO,
  Shape,
  SubmitResultDTO,
  TaskDTO,
  Tier,
} from '../protocol-annotation.js';
import { toTaskDTO } from './annotation-rows.js';
import { setTier } from './annotator-profiles.js';
import { getQueue, getQueueSettings, listQueues, queueDepths, updateQueue } from './queue-store.js';
import { createReinspectPlan, type ReinspectOptions } from './reinspect.js';
import { readTaskImage, toTaskImageDTO } from './task-image.js';
import { claimTask, DEFAULT_LEASE_MS, expireLeases, heartbeat } from './task-lease.js';
import { markHoneypot, patchTask, reviewTask } from './task-review.js';
import { skipTask, submitTask } from './task-work.js';
import { writeTransaction } from './write-transaction.js';

/** What the service needs from the app context. */
export type AnnotationContext = Pick<AppContext, 'store' | 'repos' | 'clock' | 'now' | 'io'>;

export interface AnnotationServiceOptions {
  /** Lease length, renewed by each heartbeat; default 10 minutes. */
  leaseMs?: number;
  /** How often expired leases are returned and depths checked, on the context's clock; default 5 s. */
  sweepEveryMs?: number;
  /** Delay that gathers many changes into one broadcast; default 250 ms. */
  broadcastDelayMs?: number;
  /** Where failures of the background sweep go. */
  onError?: (err: Error) => void;
}

export class AnnotationService {
  readonly leaseMs: number;
  private readonly clock: Clock;
  private sweepTimer: TimerHandle | null = null;
  private broadcastTimer: TimerHandle | null = null;
  private lastSent = '';
  private stopped = true;

  constructor(
    private readonly ctx: AnnotationContext,
    private readonly opts: AnnotationServiceOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.clock = ctx.clock;
  }

  /** Starts the lease sweep. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.sweepTimer = this.clock.setInterval(() => void this.sweep().catch((err: Error) => this.opts.onError?.(err)), this.opts.sweepEveryMs ?? 5000);
  }

  /** Stops the sweep and any pending broadcast. */
  stop(): void {
    this.stopped = true;
    for (const t of [this.sweepTimer, this.broadcastTimer]) if (t) this.clock.clear(t);
    this.sweepTimer = this.broadcastTimer = null;
  }

  /** Returns expired leases to their queues; how many. Also notices tasks added by intake. */
  async sweep(): Promise<number> {
    const n = await expireLeases(this.ctx.store, this.ctx.now());
    this.queuesChanged();
    return n;
  }

  async listQueues(): Promise<QueueDTO[]> {
    return listQueues(this.ctx.store.db);
  }

  async getQueue(id: string): Promise<QueueDTO> {
    return getQueue(this.ctx.store.db, id);
  }

  async updateQueue(id: string, patch: QueueUpdate): Promise<QueueDTO> {
    return writeTransaction(this.ctx.store, (db) => updateQueue(db, id, patch, this.ctx.now()));
  }

  /** The annotator's next task with its photo, labels and suggestions; null when the queue has none for them. */
  async claim(queueId: string, userId: string): Promise<ClaimDTO | null> {
    const task = await claimTask(this.ctx.store, { queueId, userId, now: this.ctx.now(), leaseMs: this.leaseMs });
    if (!task) return null;
    this.queuesChanged();
    const db = this.ctx.store.db;
    const [queue, image] = await Promise.all([getQueueSettings(db, task.queue_id), readTaskImage(db, task.image_id)]);
    return {
      task: toTaskDTO(task, { admin: false }),
      image: toTaskImageDTO(task.image_id, image, Number(task.captured_at)),
      queue: { id: queue.id, name: queue.name, labels: queue.labels, attributes: queue.attributes },
      suggestions: JSON.parse(task.suggestions) as Shape[],
      leaseExpiresAt: Number(task.lease_expires_at),
    };
  }

  async heartbeat(taskId: string, userId: string): Promise<{ leaseExpiresAt: number }> {
    const leaseExpiresAt = await heartbeat(this.ctx.store, { taskId, userId, now: this.ctx.now(), leaseMs: this.leaseMs });
    return { leaseExpiresAt };
  }

  async submit(taskId: string, userId: string, body: Labelling): Promise<SubmitResultDTO> {
    const r = await submitTask(this.ctx.store, { taskId, userId, now: this.ctx.now(), body });
    this.queuesChanged();
    return { task: toTaskDTO(r.task, { admin: false }), outcome: r.outcome, findingIds: r.findingIds };
  }

  async skip(taskId: string, userId: string, reason: string): Promise<TaskDTO> {
    const task = await skipTask(this.ctx.store, { taskId, userId, now: this.ctx.now(), reason });
    this.queuesChanged();
    return toTaskDTO(task, { admin: false });
  }

  async review(taskId: string, reviewerId: string, r: { decision: 'accept' | 'reject'; comment?: string; annotationId?: string }): Promise<ReviewResultDTO> {
    const result = await reviewTask(this.ctx.store, { taskId, reviewerId, now: this.ctx.now(), ...r });
    this.queuesChanged();
    return { task: toTaskDTO(result.task, { admin: false }), findingIds: result.findingIds };
  }

  async markHoneypot(taskId: string, answer: Labelling): Promise<TaskDTO> {
    const task = await markHoneypot(this.ctx.store, { taskId, now: this.ctx.now(), answer });
    this.queuesChanged();
    return toTaskDTO(task, { admin: true });
  }

  async patchTask(taskId: string, patch: { priority?: number; difficulty?: Tier }): Promise<TaskDTO> {
    const task = await patchTask(this.ctx.store, { taskId, now: this.ctx.now(), ...patch });
    return toTaskDTO(task, { admin: true });
  }

  async setTier(userId: string, tier: Tier): Promise<void> {
    await writeTransaction(this.ctx.store, (db) => setTier(db, userId, tier, this.ctx.now()));
  }

  async reinspect(findingId: string, userId: string, options: ReinspectOptions): Promise<{ planId: string }> {
    return createReinspectPlan(this.ctx.store.db, this.ctx.repos.plans, { findingId, userId, now: this.ctx.now(), options });
  }

  /**
   * Schedules one depth broadcast for everything changed within the broadcast delay; intake may
   * call it after adding tasks (the sweep notices them otherwise).
   */
  queuesChanged(): void {
    if (this.stopped || this.broadcastTimer) return;
    this.broadcastTimer = this.clock.setTimeout(() => {
      this.broadcastTimer = null;
      void this.broadcast().catch((err: Error) => this.opts.onError?.(err));
    }, this.opts.broadcastDelayMs ?? 250);
  }

  private async broadcast(): Promise<void> {
    const io = this.ctx.io();
    if (!io || this.stopped) return;
    const depths = await queueDepths(this.ctx.store.db);
    const queues = [...depths].map(([id, d]) => ({ id, depth: d.depth, honeypots: d.honeypots }));
    const key = JSON.stringify(queues);
    if (key === this.lastSent) return;
    this.lastSent = key;
    const event: QueuesChangedDTO = { t: this.ctx.now(), queues };
    io.to(FLEET_ROOM).emit('queues:changed', event);
  }
}
