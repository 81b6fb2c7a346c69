/**
 * Statistics: per annotator what a workshop pays by (tasks done, acceptance rate, honeypot
 * accuracy, median time per task), per queue how much work waits and how fast it moves.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { AnnotatorStatsDTO, QueueStatsDTO } from '../protocol-annotation.js';
import type { Schema } from '../store/schema.js';
import { queueDepths } from './queue-store.js';

const HOUR_MS = 3_600_000;

/** How many rows have `col` equal to `value`. */
const countWhere = (col: 'status' | 'kind', value: string) => (eb: ExpressionBuilder<Schema, 'task_annotations'>) =>
  eb.fn.sum<number | string | null>(eb.case().when(col, '=', value).then(1).else(0).end());

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Every annotator with work (or a tier) on record, by username; `since` limits the work counted (ms). */
export async function annotatorStats(db: Kysely<Schema>, opts: { since?: number } = {}): Promise<AnnotatorStatsDTO[]> {
  let base = db.selectFrom('task_annotations');
  if (opts.since !== undefined) base = base.where('submitted_at', '>=', opts.since);
  const [counts, durations, profiles] = await Promise.all([
    base
      .select((eb) => [
        'annotator_id',
        eb.fn.countAll<number | string>().as('all'),
        countWhere('kind', 'skip')(eb).as('skipped'),
        countWhere('status', 'accepted')(eb).as('accepted'),
        countWhere('status', 'rejected')(eb).as('rejected'),
        countWhere('status', 'honeypot')(eb).as('honeypots'),
        eb.fn.avg<number | string | null>('honeypot_score').as('accuracy'),
      ])
      .groupBy('annotator_id')
      .execute(),
    base.select(['annotator_id', 'started_at', 'submitted_at']).where('kind', '<>', 'skip').execute(),
    db.selectFrom('annotator_profiles').select(['user_id', 'tier']).execute(),
  ]);
  const times = new Map<string, number[]>();
  for (const d of durations) {
    const list = times.get(d.annotator_id) ?? [];
    list.push(Number(d.submitted_at) - Number(d.started_at));
    times.set(d.annotator_id, list);
  }
  const tiers = new Map(profiles.map((p) => [p.user_id, p.tier]));
  const ids = [...new Set([...counts.map((c) => c.annotator_id), ...tiers.keys()])];
  const users = ids.length === 0 ? [] : await db.selectFrom('users').select(['id', 'username']).where('id', 'in', ids).execute();
  const names = new Map(users.map((u) => [u.id, u.username]));
  const byId = new Map(counts.map((c) => [c.annotator_id, c]));
  return ids
    .map((id): AnnotatorStatsDTO => {
      const c = byId.get(id);
      const n = (v: number | string | null | undefined) => Number(v ?? 0);
      const accepted = n(c?.accepted), rejected = n(c?.rejected), honeypots = n(c?.honeypots);
      return {
        userId: id,
        username: names.get(id) ?? null,
        tier: tiers.get(id) === 'intermediate' ? 'intermediate' : 'junior',
        tasksDone: n(c?.all) - n(c?.skipped),
        skipped: n(c?.skipped),
        accepted,
        rejected,
        acceptanceRate: accepted + rejected > 0 ? accepted / (accepted + rejected) : null,
        honeypots,
        honeypotAccuracy: honeypots > 0 && c?.accuracy !== null && c?.accuracy !== undefined ? Number(c.accuracy) : null,
        medianTaskMs: median(times.get(id) ?? []),
      };
    })
    .sort((a, b) => (a.username ?? a.userId).localeCompare(b.username ?? b.userId));
}

/** Depth, oldest waiting task and last hour's throughput of every queue at `now`. */
export async function queueStats(db: Kysely<Schema>, now: number): Promise<QueueStatsDTO[]> {
  const hourAgo = now - HOUR_MS;
  const [depths, oldest, submitted, accepted] = await Promise.all([
    queueDepths(db),
    db
      .selectFrom('annotation_tasks')
      .select((eb) => ['queue_id', eb.fn.min<number | string>('created_at').as('oldest')])
      .where('state', '=', 'queued')
      .where('honeypot', '=', 0)
      .groupBy('queue_id')
      .execute(),
    db
      .selectFrom('task_annotations')
      .select((eb) => ['queue_id', eb.fn.countAll<number | string>().as('n')])
      .where('kind', '<>', 'skip')
      .where('submitted_at', '>=', hourAgo)
      .groupBy('queue_id')
      .execute(),
    db
      .selectFrom('annotation_tasks')
      .select((eb) => ['queue_id', eb.fn.countAll<number | string>().as('n')])
      .where('state', '=', 'accepted')
      .where('updated_at', '>=', hourAgo)
      .groupBy('queue_id')
      .execute(),
  ]);
  const lookup = <R extends { queue_id: string }>(rows: R[]) => new Map(rows.map((r) => [r.queue_id, r]));
  const o = lookup(oldest), s = lookup(submitted), a = lookup(accepted);
  return [...depths].map(([queueId, d]) => {
    const first = o.get(queueId)?.oldest;
    return {
      queueId,
      depth: d.depth,
      honeypots: d.honeypots,
      oldestQueuedMs: first === undefined || first === null ? null : Math.max(0, now - Number(first)),
      submittedLastHour: Number(s.get(queueId)?.n ?? 0),
      acceptedLastHour: Number(a.get(queueId)?.n ?? 0),
    };
  });
}
