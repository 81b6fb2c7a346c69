import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskForImage } from '../../../server/annotation/task-intake.js';
import type {
  AnnotatorStatsDTO,
  ClaimDTO,
  FindingCollection,
  FindingFeature,
  QueueDTO,
  QueueStatsDTO,
  QueuesChangedDTO,
  ReviewResultDTO,
  SubmitResultDTO,
  TaskDTO,
} from '../../../server/protocol-annotation.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/protocol.js';
import { can, ROLES, type Permission } from '../../../server/protocol-auth.js';
import { waitFor } from '../../support/wait.js';
import { startAnnotationApp, type AnnotationApp } from './support/annotation-app.js';
import { insertImage } from './support/fixtures.js';

type Err = { error: string; message: string };

/** Every annotation route and the permission it requires (the rows the server's authorisation table needs). */
const ROUTES: [method: string, url: string, permission: Permission][] = [
  ['GET', '/api/queues', 'queues:read'],
  ['GET', '/api/queues/:id', 'queues:read'],
  ['PUT', '/api/queues/:id', 'queues:manage'],
  ['POST', '/api/queues/:id/claim', 'tasks:label'],
  ['GET', '/api/tasks', 'queues:read'],
  ['GET', '/api/tasks/:id', 'queues:read'],
  ['PATCH', '/api/tasks/:id', 'queues:manage'],
  ['POST', '/api/tasks/:id/heartbeat', 'tasks:label'],
  ['POST', '/api/tasks/:id/submit', 'tasks:label'],
  ['POST', '/api/tasks/:id/skip', 'tasks:label'],
  ['POST', '/api/tasks/:id/review', 'tasks:review'],
  ['POST', '/api/tasks/:id/honeypot', 'queues:manage'],
  ['PUT', '/api/annotators/:id', 'queues:manage'],
  ['GET', '/api/findings', 'findings:read'],
  ['GET', '/api/findings/:id', 'findings:read'],
  ['POST', '/api/findings/:id/reinspect', 'plans:write'],
  ['GET', '/api/stats/annotators', 'queues:manage'],
  ['GET', '/api/stats/queues', 'queues:read'],
];
const fire = { kind: 'box', x: 500, y: 360, width: 40, height: 30, label: 'fire', attributes: { severity: 'high', confidence: 0.8 } };

describe('annotation API', () => {
  let app: AnnotationApp;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const changes: QueuesChangedDTO[] = [];

  /** A forest photo with its task; the task id. */
  async function forestTask(capturedAt = Date.now()): Promise<string> {
    const image = await insertImage(app.store.db, { patrol: 'forest', capturedAt });
    return (await createTaskForImage(app.store.db, image))!.task.id;
  }
  /** Claims forest work until the queue is empty, submitting nothing found, so each test starts clean. */
  async function drainForest(): Promise<void> {
    for (;;) {
      const r = await app.api<ClaimDTO>('annotator', 'POST', '/api/queues/forest/claim');
      if (r.status === 204) return;
      await app.api('annotator', 'POST', `/api/tasks/${r.body.task.id}/skip`, { reason: 'clearing the queue' });
    }
  }

  beforeAll(async () => {
    app = await startAnnotationApp();
    socket = connect(app.url, { transports: ['websocket'] });
    socket.on('queues:changed', (c) => changes.push(c));
    await waitFor('socket connected', () => socket.connected);
  });
  afterAll(async () => {
    socket?.close();
    await app?.stop();
  });

  it('each route lets exactly the roles holding its permission through', async () => {
    const registered = app.routes.filter((r) => r.method !== 'HEAD').map((r) => [r.method, r.url, r.permission]);
    expect(registered.sort()).toEqual([...ROUTES].sort());
    for (const [method, url, permission] of ROUTES) {
      for (const role of ROLES) {
        const r = await app.api<Err>(role, method, url.replace(':id', 'no-such-id'), method === 'GET' ? undefined : {});
        if (can([role], permission)) expect(r.status, `${method} ${url} as ${role}`).not.toBeOneOf([401, 403]);
        else expect(r.body, `${method} ${url} as ${role}`).toEqual({ error: 'forbidden', message: `requires ${permission}` });
      }
    }
  });

  it('lists the queues with their depth by state, to anyone signed in and to no one else', async () => {
    await forestTask();
    const r = await app.api<QueueDTO[]>('viewer', 'GET', '/api/queues');
    expect(r.status).toBe(200);
    const forest = r.body.find((q) => q.id === 'forest')!;
    expect(forest.depth).toEqual({ queued: 1, in_progress: 0, submitted: 0, accepted: 0, rejected: 0 });
    expect(forest.labels.map((l) => l.key)).toContain('dead-tree');
    expect((await app.api('viewer', 'GET', '/api/queues/rescue')).status).toBe(200);
    expect((await app.api<Err>('viewer', 'GET', '/api/queues/nope')).body).toEqual({ error: 'not_found', message: "no queue with id 'nope'" });
    expect((await app.api(null, 'GET', '/api/queues')).status).toBe(401);
    await drainForest();
  });

  it('claim → submit → review → finding on the map → re-inspection plan', async () => {
    const taskId = await forestTask();
    const claim = await app.api<ClaimDTO>('annotator', 'POST', '/api/queues/forest/claim');
    expect(claim.status).toBe(200);
    expect(claim.body.task).toMatchObject({ id: taskId, state: 'in_progress', assignee: app.users.annotator.id });
    expect(claim.body.task).not.toHaveProperty('honeypot');
    expect(claim.body.image).toMatchObject({ width: 1024, height: 768, lat: 26.6, lon: 106.64 });
    expect(claim.body.image.fileUrl).toMatch(/^\/api\/images\/[0-9a-f-]+\/file$/);
    expect(claim.body.queue.labels.map((l) => l.key)).toEqual(['fire', 'smoke', 'dead-tree']);
    expect(claim.body.suggestions).toEqual([]);
    expect(claim.body.leaseExpiresAt).toBeGreaterThan(Date.now());

    const beat = await app.api<{ leaseExpiresAt: number }>('annotator', 'POST', `/api/tasks/${taskId}/heartbeat`);
    expect(beat.status).toBe(200);
    expect(beat.body.leaseExpiresAt).toBeGreaterThanOrEqual(claim.body.leaseExpiresAt);

    const submit = await app.api<SubmitResultDTO>('annotator', 'POST', `/api/tasks/${taskId}/submit`, { shapes: [fire] });
    expect(submit.status).toBe(200);
    expect(submit.body.outcome).toBe('review');

    const waiting = await app.api<{ rows: TaskDTO[]; total: number }>('reviewer', 'GET', '/api/tasks?queue=forest&state=submitted');
    expect(waiting.body.rows.map((t) => t.id)).toEqual([taskId]);
    expect((await app.api<Err>('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'reject' })).body)
      .toEqual({ error: 'invalid', message: 'comment: a rejection needs a comment' });
    expect((await app.api('annotator', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept' })).status).toBe(403);
    const review = await app.api<ReviewResultDTO>('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', comment: 'clear fire' });
    expect(review.status).toBe(200);
    expect(review.body.task.state).toBe('accepted');
    expect(review.body.findingIds).toHaveLength(1);

    const findings = await app.api<FindingCollection>('viewer', 'GET', '/api/findings?queue=forest&label=fire');
    expect(findings.body.type).toBe('FeatureCollection');
    const f = findings.body.features.find((x) => x.id === review.body.findingIds[0])!;
    expect(f.geometry?.type).toBe('Point');
    expect(f.properties).toMatchObject({ type: 'fire', severity: 'high', confidence: 0.8, taskId, positionSource: 'projected', crop: { x: 500, y: 360, width: 40, height: 30 } });
    expect((await app.api<FindingCollection>('viewer', 'GET', '/api/findings?label=smoke')).body.features).toEqual([]);
    expect((await app.api<FindingCollection>('viewer', 'GET', `/api/findings?since=${new Date(Date.now() + 3_600_000).toISOString()}`)).body.features).toEqual([]);
    expect((await app.api<Err>('viewer', 'GET', '/api/findings?since=yesterday')).body.message).toMatch(/^since:/);
    expect((await app.api<FindingFeature>('viewer', 'GET', `/api/findings/${f.id}`)).body).toEqual(f);

    expect((await app.api('annotator', 'POST', `/api/findings/${f.id}/reinspect`, {})).status).toBe(403);
    const plan = await app.api<{ planId: string }>('operator', 'POST', `/api/findings/${f.id}/reinspect`, { radiusM: 30, photos: 8 });
    expect(plan.status).toBe(201);
    const saved = await app.repos.plans.get(plan.body.planId);
    expect(saved).toMatchObject({ pattern: 'orbit', createdBy: app.users.operator.id });
    expect((saved!.plan as { photos: unknown[] }).photos).toHaveLength(8);
    // Its photos go to the finding's own (forest) queue.
    expect((saved!.plan as { settings?: { patrol?: string } }).settings?.patrol).toBe('forest');
    expect((await app.api<Err>('operator', 'POST', '/api/findings/nope/reinspect', {})).status).toBe(404);
  });

  it('answers a bad body with 400 naming the field, and a wrong id with 404', async () => {
    const taskId = await forestTask();
    await app.api<ClaimDTO>('annotator', 'POST', '/api/queues/forest/claim');
    const bad = async (body: unknown) => (await app.api<Err>('annotator', 'POST', `/api/tasks/${taskId}/submit`, body)).body;
    expect(await bad({})).toEqual({ error: 'invalid', message: 'shapes: give at least one shape, or nothingFound: true' });
    expect((await bad({ shapes: [{ ...fire, width: -3 }] })).message).toMatch(/^shapes\.0\.width: /);
    expect((await bad({ shapes: [fire, { ...fire, label: 'unicorn' }] })).message).toBe('shapes.1.label: "unicorn" is not a label of this queue (fire, smoke, dead-tree)');
    expect((await bad({ shapes: [{ ...fire, x: 1000 }] })).message).toBe('shapes.0: lies outside the 1024 × 768 image');
    expect((await bad({ nothingFound: true, extra: 1 })).message).toMatch(/extra/);
    expect((await app.api<Err>('annotator', 'POST', `/api/tasks/${taskId}/skip`, { reason: '' })).body.message).toMatch(/^reason:/);
    expect((await app.api<Err>('annotator', 'POST', '/api/tasks/nope/submit', { nothingFound: true })).status).toBe(404);
    expect((await app.api<Err>('annotator', 'POST', '/api/queues/nope/claim')).status).toBe(404);
    await app.api('annotator', 'POST', `/api/tasks/${taskId}/skip`, { reason: 'test done' });
  });

  it('someone else\'s lease is 409; an expired lease is 409 with when it ran out; an empty queue is 204', async () => {
    const taskId = await forestTask();
    await app.api<ClaimDTO>('annotator', 'POST', '/api/queues/forest/claim');
    const other = await app.api<Err>('annotator2', 'POST', `/api/tasks/${taskId}/submit`, { nothingFound: true });
    expect(other.body).toEqual({ error: 'not_your_lease', message: `task ${taskId} is not leased to you (it is in_progress)` });
    expect((await app.api('admin', 'POST', `/api/tasks/${taskId}/heartbeat`)).status).toBe(403);
    app.advance(app.service.leaseMs);
    const late = await app.api<Err>('annotator', 'POST', `/api/tasks/${taskId}/submit`, { nothingFound: true });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'lease_expired', message: expect.stringMatching(/^your lease on task .* expired at \d{4}-.*Z; claim again$/) });
    await app.service.sweep();
    const again = await app.api<ClaimDTO>('annotator', 'POST', '/api/queues/forest/claim');
    expect(again.body.task.id).toBe(taskId);
    await app.api('annotator', 'POST', `/api/tasks/${taskId}/submit`, { nothingFound: true });
    const notYours = await app.api<Err>('annotator', 'POST', `/api/tasks/${taskId}/heartbeat`);
    expect(notYours.body).toEqual({ error: 'not_your_lease', message: `task ${taskId} is not leased to you (it is submitted)` });
    expect((await app.api('annotator', 'POST', '/api/queues/forest/claim')).status).toBe(204);
  });

  it('broadcasts queue depths to the fleet room when they change', async () => {
    changes.length = 0;
    const taskId = await forestTask();
    await app.api<ClaimDTO>('annotator', 'POST', '/api/queues/forest/claim');
    const seen = await waitFor('a queues:changed with the claimed task in progress', () =>
      changes.find((c) => c.queues.find((q) => q.id === 'forest')?.depth.in_progress === 1));
    expect(seen.queues.map((q) => q.id)).toEqual(expect.arrayContaining(['forest', 'powerline', 'rescue']));
    await app.api('annotator', 'POST', `/api/tasks/${taskId}/skip`, { reason: 'done' });
    await waitFor('depths back to no task in progress', () => changes.at(-1)?.queues.find((q) => q.id === 'forest')?.depth.in_progress === 0);
    await drainForest();
  });

  it('admins edit queues, set tiers, raise tasks and make honeypots; others may not', async () => {
    expect((await app.api('annotator', 'PUT', '/api/queues/forest', { consensus: 'two' })).status).toBe(403);
    const dup = await app.api<Err>('admin', 'PUT', '/api/queues/forest', { labels: [{ key: 'fire', name: 'A' }, { key: 'fire', name: 'B' }] });
    expect(dup.body).toEqual({ error: 'invalid', message: 'labels: label key "fire" appears twice' });
    const edited = await app.api<QueueDTO>('admin', 'PUT', '/api/queues/powerline', { honeypotShare: 0.1, consensus: 'two' });
    expect(edited.body).toMatchObject({ honeypotShare: 0.1, consensus: 'two' });

    expect((await app.api('admin', 'PUT', `/api/annotators/${app.users.annotator.id}`, { tier: 'intermediate' })).status).toBe(200);
    expect((await app.api<Err>('admin', 'PUT', '/api/annotators/nobody', { tier: 'intermediate' })).status).toBe(404);
    expect((await app.api<Err>('admin', 'PUT', `/api/annotators/${app.users.annotator.id}`, { tier: 'expert' })).body.message).toMatch(/^tier:/);

    const taskId = await forestTask();
    expect((await app.api<TaskDTO>('admin', 'PATCH', `/api/tasks/${taskId}`, { priority: 100, difficulty: 'intermediate' })).body).toMatchObject({ priority: 100, difficulty: 'intermediate' });
    const honeypot = await app.api<TaskDTO>('admin', 'POST', `/api/tasks/${taskId}/honeypot`, { answer: { shapes: [fire] } });
    expect(honeypot.body).toMatchObject({ honeypot: true, state: 'queued' });
    expect((await app.api<TaskDTO>('annotator', 'GET', `/api/tasks/${taskId}`)).body).not.toHaveProperty('honeypot');
    expect((await app.api<TaskDTO>('admin', 'GET', `/api/tasks/${taskId}`)).body.honeypot).toBe(true);
    expect((await app.api('reviewer', 'POST', `/api/tasks/${taskId}/honeypot`, { answer: { nothingFound: true } })).status).toBe(403);
  });

  it('serves statistics: queue figures to anyone, annotator figures to admins', async () => {
    const queues = await app.api<QueueStatsDTO[]>('viewer', 'GET', '/api/stats/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.find((q) => q.queueId === 'forest')).toMatchObject({ depth: { accepted: 1 }, submittedLastHour: expect.any(Number) });
    expect((await app.api('annotator', 'GET', '/api/stats/annotators')).status).toBe(403);
    const people = await app.api<AnnotatorStatsDTO[]>('admin', 'GET', '/api/stats/annotators');
    expect(people.body.find((p) => p.userId === app.users.annotator.id)).toMatchObject({ username: 'annotator', tier: 'intermediate', accepted: 1, acceptanceRate: 1 });
  });
});
