/**
 * The annotation store suite, run against every engine: intake, claim order, leases under
 * concurrency and expiry, review, consensus, honeypots, findings and statistics.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotatorStats, queueStats } from '../../../../server/annotation/annotation-stats.js';
import { setTier } from '../../../../server/annotation/annotator-profiles.js';
import { listFindings } from '../../../../server/annotation/findings.js';
import { listQueues } from '../../../../server/annotation/queue-store.js';
import { createTaskForImage } from '../../../../server/annotation/task-intake.js';
import { claimTask, expireLeases, heartbeat } from '../../../../server/annotation/task-lease.js';
import { PRIORITY } from '../../../../server/annotation/task-priority.js';
import { markHoneypot, reviewTask } from '../../../../server/annotation/task-review.js';
import { skipTask, submitTask } from '../../../../server/annotation/task-work.js';
import { LocalFrame } from '../../../../missions/geo/local-frame.js';
import type { Shape } from '../../../../server/protocol-annotation.js';
import type { Store } from '../../../../server/store/database.js';
import { createRepositories } from '../../../../server/store/repositories.js';
import { insertImage, makeQueue, T0 } from './fixtures.js';

const LEASE = 60_000;
const root = join(import.meta.dirname, '../../../..');

/** How the suite reaches one engine's database. */
export interface SuiteEngine {
  /** Opens the same database on every call (a new connection or pool). */
  open(): Promise<Store>;
  /** True when each concurrent annotator should get a store of its own (SQLite connections); false to share one pool. */
  storePerAnnotator: boolean;
  /** Arguments that point the claiming child process at this database. */
  childArgs: string[];
}

const fireAt = (x: number, y: number, size = 40, attributes: Record<string, string | number> = {}): Shape =>
  ({ kind: 'box', x, y, width: size, height: size, label: 'fire', attributes });

/** Registers the suite under `name`. */
export function describeAnnotationStore(name: string, engine: SuiteEngine): void {
  describe(name, () => {
    let store: Store;
    beforeAll(async () => {
      store = await engine.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    /** A queue with `n` tasks, captured a second apart (the first oldest); their ids in capture order. */
    async function queueWith(n: number, opts: { annotatorsPerTask?: number; honeypotShare?: number } = {}): Promise<{ queueId: string; tasks: string[] }> {
      const queueId = await makeQueue(store.db, opts);
      // One transaction: a commit per row would make hundreds of tasks slow on PostgreSQL.
      const tasks = await store.db.transaction().execute(async (trx) => {
        const ids: string[] = [];
        for (let i = 0; i < n; i++) {
          const image = await insertImage(trx, { patrol: queueId, capturedAt: T0 + i * 1000 });
          ids.push((await createTaskForImage(trx, image))!.task.id);
        }
        return ids;
      });
      return { queueId, tasks };
    }
    /** Separate connections to the same database, opened one after another (each checks the migrations). */
    async function openMany(n: number): Promise<Store[]> {
      const out: Store[] = [];
      for (let i = 0; i < n; i++) out.push(await engine.open());
      return out;
    }
    const claim = (queueId: string, userId: string, now = T0) => claimTask(store, { queueId, userId, now, leaseMs: LEASE });
    const task = (id: string) => store.db.selectFrom('annotation_tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    describe('queues and intake', () => {
      it('the migration seeds a queue per patrol type with its label set', async () => {
        const queues = await listQueues(store.db);
        const byId = new Map(queues.map((q) => [q.id, q]));
        expect(byId.get('forest')?.labels.map((l) => l.key)).toEqual(['fire', 'smoke', 'dead-tree']);
        expect(byId.get('powerline')?.labels.map((l) => l.key)).toEqual(['damaged-insulator', 'bird-nest', 'foreign-object', 'vegetation-too-close', 'broken-strand']);
        expect(byId.get('rescue')?.labels.map((l) => l.key)).toEqual(['person', 'vehicle', 'shelter', 'signal']);
        expect(byId.get('forest')?.attributes.map((a) => a.key)).toEqual(['severity', 'confidence']);
        expect(byId.get('forest')?.consensus).toBe('off');
      });

      it('one task per image and queue, however often intake is called; no patrol type files no task', async () => {
        const queueId = await makeQueue(store.db);
        const image = await insertImage(store.db, { patrol: queueId });
        const first = await createTaskForImage(store.db, image);
        const again = await Promise.all([createTaskForImage(store.db, image), createTaskForImage(store.db, image)]);
        expect(first?.created).toBe(true);
        expect(again.map((r) => [r?.created, r?.task.id])).toEqual([[false, first!.task.id], [false, first!.task.id]]);
        expect((await listQueues(store.db)).find((q) => q.id === queueId)?.depth.queued).toBe(1);
        expect(await createTaskForImage(store.db, { ...image, patrol: null })).toBeNull();
        expect(await createTaskForImage(store.db, { ...image, patrol: 'no-such-patrol' })).toBeNull();
      });

      it('rescue photos get the top priority', async () => {
        const image = await insertImage(store.db, { patrol: 'rescue' });
        const r = await createTaskForImage(store.db, image);
        expect(r?.task.queue_id).toBe('rescue');
        expect(Number(r?.task.priority)).toBe(PRIORITY.rescue);
      });
    });

    describe('claiming', () => {
      it('serves the highest priority first, then the oldest photo', async () => {
        const queueId = await makeQueue(store.db);
        const make = async (capturedAt: number, priority?: number) =>
          (await createTaskForImage(store.db, await insertImage(store.db, { patrol: queueId, capturedAt }), { priority }))!.task.id;
        const newer = await make(T0 + 5000);
        const older = await make(T0 + 1000);
        const raised = await make(T0 + 9000, PRIORITY.raised);
        const order: string[] = [];
        for (let i = 0; i < 3; i++) order.push((await claim(queueId, `u${i}-${randomUUID()}`))!.id);
        expect(order).toEqual([raised, older, newer]);
      });

      it('an annotator asking again gets the task they hold; an empty queue gives nothing', async () => {
        const { queueId, tasks } = await queueWith(1);
        const first = await claim(queueId, 'alice');
        expect(first?.id).toBe(tasks[0]);
        expect((await claim(queueId, 'alice', T0 + 10))?.id).toBe(tasks[0]);
        expect(await claim(queueId, 'bob')).toBeNull();
        await expect(claim('no-such-queue', 'bob')).rejects.toMatchObject({ status: 404 });
      });

      it('junior annotators never get intermediate tasks; intermediate annotators get them first', async () => {
        const repos = createRepositories(store.db);
        const junior = await repos.users.create({ username: `j-${randomUUID().slice(0, 8)}`, passwordHash: 'h', roles: ['annotator'] }, T0);
        const senior = await repos.users.create({ username: `s-${randomUUID().slice(0, 8)}`, passwordHash: 'h', roles: ['annotator'] }, T0);
        await setTier(store.db, senior.id, 'intermediate', T0);
        const queueId = await makeQueue(store.db);
        const easy = (await createTaskForImage(store.db, await insertImage(store.db, { patrol: queueId, capturedAt: T0 }), { difficulty: 'junior' }))!.task.id;
        const hard = (await createTaskForImage(store.db, await insertImage(store.db, { patrol: queueId, capturedAt: T0 + 1 }), { difficulty: 'intermediate' }))!.task.id;
        expect((await claim(queueId, senior.id))?.id).toBe(hard);
        await submitTask(store, { taskId: hard, userId: senior.id, now: T0, body: { nothingFound: true } });
        expect((await claim(queueId, junior.id))?.id).toBe(easy);
        const hard2 = (await createTaskForImage(store.db, await insertImage(store.db, { patrol: queueId }), { difficulty: 'intermediate' }))!.task.id;
        await submitTask(store, { taskId: easy, userId: junior.id, now: T0, body: { nothingFound: true } });
        expect(await claim(queueId, junior.id)).toBeNull();
        expect((await claim(queueId, senior.id))?.id).toBe(hard2);
      });

      it('20 annotators claiming at once get 20 different tasks, or nothing once the tasks run out', async () => {
        const { queueId, tasks } = await queueWith(7);
        const stores = engine.storePerAnnotator ? await openMany(20) : [store];
        try {
          const got = await Promise.all(stores.length > 1
            ? stores.map((s, i) => claimTask(s, { queueId, userId: `a${i}`, now: T0, leaseMs: LEASE }))
            : Array.from({ length: 20 }, (_, i) => claim(queueId, `a${i}`)));
          const ids = got.filter((t) => t !== null).map((t) => t.id);
          expect(ids).toHaveLength(7);
          expect(new Set(ids)).toEqual(new Set(tasks));
          const rows = await store.db.selectFrom('annotation_tasks').selectAll().where('queue_id', '=', queueId).execute();
          expect(rows.every((r) => r.state === 'in_progress' && r.assignee !== null)).toBe(true);
          expect(new Set(rows.map((r) => r.assignee)).size).toBe(7);
        } finally {
          if (stores.length > 1) await Promise.all(stores.map((s) => s.close()));
        }
      });

      it('20 annotators working through a queue concurrently label every task exactly once', async () => {
        const { queueId, tasks } = await queueWith(60);
        const stores = engine.storePerAnnotator ? await openMany(20) : [];
        const holders = new Map<string, string>();
        const shared: string[] = [];
        try {
          await Promise.all(Array.from({ length: 20 }, async (_, i) => {
            const s = stores[i] ?? store;
            const user = `worker-${i}`;
            for (;;) {
              const t = await claimTask(s, { queueId, userId: user, now: T0, leaseMs: LEASE });
              if (!t) return;
              if (holders.has(t.id)) shared.push(t.id);
              holders.set(t.id, user);
              await submitTask(s, { taskId: t.id, userId: user, now: T0 + 1, body: { shapes: [fireAt(10 + i, 10)] } });
            }
          }));
        } finally {
          await Promise.all(stores.map((s) => s.close()));
        }
        expect(shared).toEqual([]);
        expect(new Set(holders.keys())).toEqual(new Set(tasks));
        const states = await store.db.selectFrom('annotation_tasks').select('state').where('queue_id', '=', queueId).execute();
        expect(states.every((r) => r.state === 'submitted')).toBe(true);
        const annotations = await store.db.selectFrom('task_annotations').select('task_id').where('queue_id', '=', queueId).execute();
        expect(annotations).toHaveLength(60);
      });
    });

    describe('leases', () => {
      it('a heartbeat extends the lease; another annotator cannot take the task before it ends', async () => {
        const { queueId, tasks } = await queueWith(1);
        await claim(queueId, 'alice', T0);
        expect(await heartbeat(store, { taskId: tasks[0], userId: 'alice', now: T0 + LEASE - 1, leaseMs: LEASE })).toBe(T0 + 2 * LEASE - 1);
        expect(await claim(queueId, 'bob', T0 + LEASE + 10)).toBeNull();
        await expect(heartbeat(store, { taskId: tasks[0], userId: 'bob', now: T0, leaseMs: LEASE })).rejects.toMatchObject({ status: 409, code: 'not_your_lease' });
        await expect(heartbeat(store, { taskId: 'missing', userId: 'bob', now: T0, leaseMs: LEASE })).rejects.toMatchObject({ status: 404 });
      });

      it('an expired lease returns its task: not a millisecond before the expiry, at it', async () => {
        const { queueId, tasks } = await queueWith(1);
        await claim(queueId, 'alice', T0);
        expect(await expireLeases(store, T0 + LEASE - 1)).toBe(0);
        expect(await claim(queueId, 'bob', T0 + LEASE - 1)).toBeNull();
        expect(await expireLeases(store, T0 + LEASE)).toBeGreaterThanOrEqual(1);
        expect(await task(tasks[0])).toMatchObject({ state: 'queued', assignee: null, lease_expires_at: null, expired_holder: 'alice' });
        expect((await claim(queueId, 'bob', T0 + LEASE))?.id).toBe(tasks[0]);
        await expect(submitTask(store, { taskId: tasks[0], userId: 'alice', now: T0 + LEASE, body: { nothingFound: true } }))
          .rejects.toMatchObject({ status: 409, code: 'lease_expired', message: expect.stringMatching(/expired at 2026-01-01T00:01:00\.000Z and the task went to another annotator/) });
      });

      it('a task whose lease ran out before any sweep is taken over by the next claim, and its holder told why', async () => {
        const { queueId, tasks } = await queueWith(1);
        await claim(queueId, 'alice', T0);
        await expect(heartbeat(store, { taskId: tasks[0], userId: 'alice', now: T0 + LEASE, leaseMs: LEASE })).rejects.toMatchObject({ code: 'lease_expired' });
        expect((await claim(queueId, 'bob', T0 + LEASE))?.id).toBe(tasks[0]);
        expect(await task(tasks[0])).toMatchObject({ assignee: 'bob', expired_holder: 'alice' });
      });

      it('a claiming process killed mid-claim loses no task: each is queued, or leased with an expiry', async () => {
        const { queueId, tasks } = await queueWith(400);
        const printed = await runAndKillClaimer(engine.childArgs, queueId, 15);
        expect(printed.length).toBeGreaterThanOrEqual(15);
        const after = await engine.open();
        try {
          const rows = await after.db.selectFrom('annotation_tasks').selectAll().where('queue_id', '=', queueId).execute();
          expect(rows).toHaveLength(tasks.length);
          for (const r of rows) {
            const queued = r.state === 'queued' && r.assignee === null && r.lease_expires_at === null;
            const leased = r.state === 'in_progress' && r.assignee !== null && r.lease_expires_at !== null;
            expect(queued || leased, `task ${r.id} is ${r.state} held by ${r.assignee} until ${r.lease_expires_at}`).toBe(true);
          }
          const byId = new Map(rows.map((r) => [r.id, r]));
          for (const p of printed) expect(byId.get(p.id)).toMatchObject({ state: 'in_progress', assignee: p.user, lease_expires_at: p.leaseExpiresAt });
          const latest = Math.max(...rows.map((r) => Number(r.lease_expires_at ?? 0)));
          await expireLeases(after, latest);
          const states = await after.db.selectFrom('annotation_tasks').select('state').where('queue_id', '=', queueId).execute();
          expect(states.every((r) => r.state === 'queued')).toBe(true);
        } finally {
          await after.close();
        }
      });
    });

    describe('review and findings', () => {
      it('an accepted task becomes findings placed on the ground under their pixels', async () => {
        const { queueId, tasks } = await queueWith(1);
        await claim(queueId, 'alice');
        // 64 px right of centre at 60 m with a 1024 px, 13.2 mm, 8.8 mm lens camera: 64 × 60 × 13.2 / (8.8 × 1024) m east.
        const shape = fireAt(512 + 64 - 20, 384 - 20, 40, { severity: 'high', confidence: 0.9 });
        const submitted = await submitTask(store, { taskId: tasks[0], userId: 'alice', now: T0 + 5000, body: { shapes: [shape] } });
        expect(submitted.outcome).toBe('review');
        expect(submitted.task.state).toBe('submitted');
        await expect(reviewTask(store, { taskId: tasks[0], reviewerId: 'alice', now: T0, decision: 'accept' })).rejects.toMatchObject({ code: 'own_work' });
        const accepted = await reviewTask(store, { taskId: tasks[0], reviewerId: 'rita', now: T0 + 6000, decision: 'accept' });
        expect(accepted.task.state).toBe('accepted');
        expect(accepted.findingIds).toHaveLength(1);
        const fc = await listFindings(store.db, { queue: queueId, limit: 10 });
        expect(fc.features).toHaveLength(1);
        const f = fc.features[0];
        expect(f.properties).toMatchObject({ type: 'fire', severity: 'high', confidence: 0.9, taskId: tasks[0], positionSource: 'projected', crop: { x: 556, y: 364, width: 40, height: 40 } });
        const east = (64 * 60 * 13.2) / (8.8 * 1024);
        const d = new LocalFrame({ lat: 26.6, lon: 106.64 }).toLocal({ lat: f.geometry!.coordinates[1], lon: f.geometry!.coordinates[0] });
        expect(d.x).toBeCloseTo(east, 2);
        expect(d.y).toBeCloseTo(0, 2);
        await expect(reviewTask(store, { taskId: tasks[0], reviewerId: 'rita', now: T0, decision: 'accept' })).rejects.toMatchObject({ status: 409, code: 'not_submitted' });
      });

      it('a rejected task goes back to its annotator as rework, before anyone else', async () => {
        const { queueId, tasks } = await queueWith(2);
        await claim(queueId, 'alice');
        await submitTask(store, { taskId: tasks[0], userId: 'alice', now: T0, body: { shapes: [fireAt(10, 10)] } });
        const rejected = await reviewTask(store, { taskId: tasks[0], reviewerId: 'rita', now: T0 + 1, decision: 'reject', comment: 'that is a roof' });
        expect(rejected.task).toMatchObject({ state: 'rejected', assignee: 'alice', review_comment: 'that is a roof' });
        expect((await claim(queueId, 'bob', T0 + 2))?.id).toBe(tasks[1]);
        const again = await claim(queueId, 'alice', T0 + 3);
        expect(again).toMatchObject({ id: tasks[0], state: 'in_progress', rework: 1 });
        await submitTask(store, { taskId: tasks[0], userId: 'alice', now: T0 + 4, body: { nothingFound: true } });
        expect(await task(tasks[0])).toMatchObject({ state: 'submitted', rework: 1 });
      });

      it('a skip hands the task to someone else, never back to whoever skipped it', async () => {
        const { queueId, tasks } = await queueWith(1);
        await claim(queueId, 'alice');
        await skipTask(store, { taskId: tasks[0], userId: 'alice', now: T0, reason: 'too blurred' });
        expect(await claim(queueId, 'alice', T0 + 1)).toBeNull();
        expect((await claim(queueId, 'bob', T0 + 1))?.id).toBe(tasks[0]);
      });
    });

    describe('consensus', () => {
      it('two annotators who agree accept the task at once with merged labels', async () => {
        const { queueId, tasks } = await queueWith(1, { annotatorsPerTask: 2 });
        await claim(queueId, 'alice');
        const first = await submitTask(store, { taskId: tasks[0], userId: 'alice', now: T0, body: { shapes: [fireAt(100, 100, 40, { severity: 'low' })] } });
        expect(first.outcome).toBe('awaiting_second');
        expect(await claim(queueId, 'alice', T0 + 1)).toBeNull();
        expect((await claim(queueId, 'bob', T0 + 1))?.id).toBe(tasks[0]);
        const second = await submitTask(store, { taskId: tasks[0], userId: 'bob', now: T0 + 2, body: { shapes: [fireAt(104, 100, 40, { severity: 'critical' })] } });
        expect(second.outcome).toBe('accepted');
        expect(second.findingIds).toHaveLength(1);
        const f = (await listFindings(store.db, { queue: queueId, limit: 10 })).features[0];
        expect(f.properties).toMatchObject({ severity: 'critical', crop: { x: 102, y: 100, width: 40, height: 40 } });
        const statuses = await store.db.selectFrom('task_annotations').select('status').where('task_id', '=', tasks[0]).execute();
        expect(statuses.map((s) => s.status)).toEqual(['accepted', 'accepted']);
      });

      it('a disagreement goes to review, where the reviewer names the annotation to accept', async () => {
        const { queueId, tasks } = await queueWith(1, { annotatorsPerTask: 2 });
        await claim(queueId, 'alice');
        await submitTask(store, { taskId: tasks[0], userId: 'alice', now: T0, body: { shapes: [fireAt(100, 100)] } });
        await claim(queueId, 'bob', T0 + 1);
        const second = await submitTask(store, { taskId: tasks[0], userId: 'bob', now: T0 + 2, body: { nothingFound: true } });
        expect(second.outcome).toBe('review');
        await expect(reviewTask(store, { taskId: tasks[0], reviewerId: 'rita', now: T0 + 3, decision: 'accept' }))
          .rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^annotationId:/) });
        const alices = await store.db.selectFrom('task_annotations').select('id').where('task_id', '=', tasks[0]).where('annotator_id', '=', 'alice').executeTakeFirstOrThrow();
        const r = await reviewTask(store, { taskId: tasks[0], reviewerId: 'rita', now: T0 + 3, decision: 'accept', annotationId: alices.id });
        expect(r.findingIds).toHaveLength(1);
        const rows = await store.db.selectFrom('task_annotations').select(['annotator_id', 'status']).where('task_id', '=', tasks[0]).orderBy('annotator_id').execute();
        expect(rows).toEqual([{ annotator_id: 'alice', status: 'accepted' }, { annotator_id: 'bob', status: 'rejected' }]);
      });
    });

    describe('honeypots', () => {
      it('a honeypot scores each annotator once, returns to the queue and never reaches review', async () => {
        const { queueId, tasks } = await queueWith(3, { honeypotShare: 0.5 });
        const answer = [fireAt(200, 200)];
        await markHoneypot(store, { taskId: tasks[2], now: T0, answer: { shapes: answer } });
        // The first claim of an annotator with no history is a honeypot at any share above 0.
        expect((await claim(queueId, 'alice'))?.id).toBe(tasks[2]);
        const r = await submitTask(store, { taskId: tasks[2], userId: 'alice', now: T0 + 1, body: { shapes: [fireAt(202, 200), fireAt(10, 10)] } });
        expect(r.outcome).toBe('honeypot');
        expect(await task(tasks[2])).toMatchObject({ state: 'queued', assignee: null });
        const scored = await store.db.selectFrom('task_annotations').select(['status', 'honeypot_score']).where('task_id', '=', tasks[2]).executeTakeFirstOrThrow();
        expect(scored.status).toBe('honeypot');
        expect(Number(scored.honeypot_score)).toBeCloseTo(2 / 3, 9);
        expect((await claim(queueId, 'alice', T0 + 2))?.id).toBe(tasks[0]);
        expect((await claim(queueId, 'bob', T0 + 2))?.id).toBe(tasks[2]);
        await expect(markHoneypot(store, { taskId: tasks[0], now: T0, answer: { nothingFound: true } })).rejects.toMatchObject({ status: 409 });
      });
    });

    describe('statistics', () => {
      it('per annotator: tasks done, acceptance rate, honeypot accuracy and median time; per queue: depth, age, throughput', async () => {
        const repos = createRepositories(store.db);
        const ann = await repos.users.create({ username: `stats-${randomUUID().slice(0, 8)}`, passwordHash: 'h', roles: ['annotator'] }, T0);
        const { queueId, tasks } = await queueWith(4, { honeypotShare: 0.01 });
        await markHoneypot(store, { taskId: tasks[3], now: T0, answer: { shapes: [fireAt(50, 50)] } });
        const work = async (ms: number, body: Parameters<typeof submitTask>[1]['body']) => {
          const t = (await claimTask(store, { queueId, userId: ann.id, now: T0 + 10_000, leaseMs: LEASE }))!;
          await submitTask(store, { taskId: t.id, userId: ann.id, now: T0 + 10_000 + ms, body });
          return t.id;
        };
        expect(await work(1000, { shapes: [fireAt(50, 50)] })).toBe(tasks[3]);
        const a = await work(3000, { shapes: [fireAt(10, 10)] });
        const b = await work(5000, { nothingFound: true });
        await reviewTask(store, { taskId: a, reviewerId: 'rita', now: T0 + 20_000, decision: 'accept' });
        await reviewTask(store, { taskId: b, reviewerId: 'rita', now: T0 + 20_000, decision: 'reject', comment: 'missed the smoke' });
        const t = (await claimTask(store, { queueId, userId: 'other', now: T0 + 20_000, leaseMs: LEASE }))!;
        await skipTask(store, { taskId: t.id, userId: 'other', now: T0 + 21_000, reason: 'dark' });

        const stats = (await annotatorStats(store.db)).find((s) => s.userId === ann.id);
        expect(stats).toEqual({
          userId: ann.id, username: ann.username, tier: 'junior', tasksDone: 3, skipped: 0, accepted: 1, rejected: 1,
          acceptanceRate: 0.5, honeypots: 1, honeypotAccuracy: 1, medianTaskMs: 3000,
        });
        expect((await annotatorStats(store.db)).find((s) => s.userId === 'other')).toMatchObject({ tasksDone: 0, skipped: 1, acceptanceRate: null, medianTaskMs: null });
        const q = (await queueStats(store.db, T0 + 30_000)).find((s) => s.queueId === queueId);
        expect(q).toEqual({
          queueId,
          depth: { queued: 1, in_progress: 0, submitted: 0, accepted: 1, rejected: 1 },
          honeypots: 1,
          oldestQueuedMs: 30_000 - 2000,
          submittedLastHour: 3,
          acceptedLastHour: 1,
        });
      });
    });
  });
}

interface Printed {
  id: string;
  user: string;
  leaseExpiresAt: number;
}

/** Runs the claiming child, SIGKILLs it once it has printed `atLeast` claims, and returns what it printed. */
function runAndKillClaimer(args: string[], queueId: string, atLeast: number): Promise<Printed[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/annotation/support/claim-child.ts', ...args, '--queue', queueId], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const printed: Printed[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [id, user, lease] = line.split(' ');
        printed.push({ id, user, leaseExpiresAt: Number(lease) });
      }
      if (printed.length >= atLeast) child.kill('SIGKILL');
    });
    // 'close' comes after the output is drained, so every line written before the kill is read.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(printed);
      else reject(new Error(`claimer exited with ${code} before it was killed: ${stderr.trim()}`));
    });
  });
}
