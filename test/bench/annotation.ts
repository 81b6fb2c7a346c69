/**
 * Annotation benchmark: claims and submissions per second on SQLite and on PostgreSQL, each beside
 * a baseline measured in the same run on the same engine (a bare one-row update, committed on its
 * own), so the figures read as "a claim costs about N plain writes" whatever the machine.
 * PostgreSQL is skipped with a note when it cannot be reached (`TEST_DATABASE_URL`, default
 * postgres://postgres@127.0.0.1:5432/test).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTaskForImage } from '../../server/annotation/task-intake.js';
import { claimTask } from '../../server/annotation/task-lease.js';
import { submitTask } from '../../server/annotation/task-work.js';
import { openStore, type Store } from '../../server/store/database.js';
import { insertImage, makeQueue } from '../integration/annotation/support/fixtures.js';

export interface AnnotationBenchOptions {
  /** Tasks in the queue, each claimed then submitted once; default 2000 (SQLite) and 600 (PostgreSQL). */
  tasks?: number;
  /** Annotators working at once; default 8. */
  workers?: number;
}

interface EngineFigures {
  baselinePerS: number;
  claimsPerS: number;
  submitsPerS: number;
  claimP99Ms: number;
}

const perSecond = (n: number, ms: number) => (n * 1000) / ms;

function p99(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))];
}

/** Runs `work(i)` for i in [0, n) on `workers` concurrent loops; ms taken. */
async function parallel(n: number, workers: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = next++; i < n; i = next++) await work(i);
  }));
  return performance.now() - t0;
}

async function measure(store: Store, tasks: number, workers: number): Promise<EngineFigures> {
  const queueId = await makeQueue(store.db);
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < tasks; i++) await createTaskForImage(trx, await insertImage(trx, { patrol: queueId, capturedAt: 1_767_225_600_000 + i }));
  });

  // Baseline: one-row updates, each its own committed statement, with the same concurrency.
  const baselineMs = await parallel(tasks, workers, async (i) => {
    await store.db.updateTable('annotation_queues').set({ updated_at: i }).where('id', '=', queueId).execute();
  });

  const now = Date.now();
  const claimed: { id: string; user: string }[] = [];
  const latencies: number[] = [];
  const claimMs = await parallel(tasks, workers, async (i) => {
    const user = `bench-${i}`;
    const t0 = performance.now();
    const task = await claimTask(store, { queueId, userId: user, now, leaseMs: 600_000 });
    latencies.push(performance.now() - t0);
    if (!task) throw new Error(`claim ${i} found no task: the queue ran dry early`);
    claimed.push({ id: task.id, user });
  });
  const shapes = [{ kind: 'box' as const, x: 100, y: 100, width: 40, height: 30, label: 'fire', attributes: {} }];
  const submitMs = await parallel(claimed.length, workers, async (i) => {
    await submitTask(store, { taskId: claimed[i].id, userId: claimed[i].user, now: now + 1, body: { shapes } });
  });
  return {
    baselinePerS: perSecond(tasks, baselineMs),
    claimsPerS: perSecond(tasks, claimMs),
    submitsPerS: perSecond(claimed.length, submitMs),
    claimP99Ms: p99(latencies),
  };
}

function row(engine: string, f: EngineFigures): string {
  const ratio = (x: number) => (x / f.baselinePerS).toFixed(2);
  return `${engine.padEnd(11)} ${f.baselinePerS.toFixed(0).padStart(11)} ${f.claimsPerS.toFixed(0).padStart(9)} ${ratio(f.claimsPerS).padStart(6)} ${f.submitsPerS.toFixed(0).padStart(10)} ${ratio(f.submitsPerS).padStart(6)} ${f.claimP99Ms.toFixed(1).padStart(12)}`;
}

export async function benchAnnotation(opts: AnnotationBenchOptions = {}): Promise<{ lines: string[] }> {
  const workers = opts.workers ?? 8;
  const lines = [
    `annotation: ${workers} annotators at once; ratio = rate / baseline (one-row update, committed alone, same engine and concurrency)`,
    'engine      baseline/s  claims/s  ratio  submits/s  ratio  claim p99 ms',
  ];

  const dir = await mkdtemp(join(tmpdir(), 'fleet-bench-annotation-'));
  try {
    const store = await openStore({ file: join(dir, 'bench.sqlite') });
    try {
      lines.push(row('sqlite', await measure(store, opts.tasks ?? 2000, workers)));
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `fleet_bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    lines.push(`postgres    skipped: cannot reach ${new URL(adminUrl).host} (${(err as Error).message.split('\n')[0]})`);
    return { lines };
  }
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    const store = await openStore({ url: url.toString() });
    try {
      lines.push(row('postgres', await measure(store, opts.tasks ?? 600, workers)));
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
  return { lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of (await benchAnnotation()).lines) console.log(l);
}
