/** The audit log: who did what, when, to what, and how it ended. Append-only. */
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Schema } from './schema.js';

/** How an audited action ended. */
export type AuditOutcome = 'ok' | 'denied' | 'error';

/** One audit entry. */
export interface AuditEntry {
  /** Grows with every append. */
  id: number;
  time: number;
  userId: string | null;
  /** Dotted action name, e.g. "auth.login", "vehicle.arm", "plan.update". */
  action: string;
  target: string | null;
  detail: unknown;
  outcome: AuditOutcome;
}

/** Fields given when appending an entry. */
export interface NewAuditEntry {
  userId?: string | null;
  action: string;
  target?: string | null;
  detail?: unknown;
  outcome: AuditOutcome;
}

/** Filter and page for {@link AuditRepo.query}. */
export interface AuditQuery {
  /** Earliest time, inclusive (ms). */
  from?: number;
  /** Latest time, exclusive (ms). */
  to?: number;
  userId?: string;
  action?: string;
  /** Page size, 1 to {@link MAX_AUDIT_PAGE}; default 100. */
  limit?: number;
  offset?: number;
}

/** Largest page {@link AuditRepo.query} returns. */
export const MAX_AUDIT_PAGE = 1000;

/** Reads and appends audit entries. */
export class AuditRepo {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Appends an entry at time `now`. */
  async append(input: NewAuditEntry, now: number): Promise<AuditEntry> {
    const row = await this.db
      .insertInto('audit_log')
      .values({
        time: now,
        user_id: input.userId ?? null,
        action: input.action,
        target: input.target ?? null,
        detail: JSON.stringify(input.detail ?? null),
        outcome: input.outcome,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  /** Matching entries, newest first, one page at a time, with the total count of matches. */
  async query(q: AuditQuery = {}): Promise<{ rows: AuditEntry[]; total: number }> {
    const limit = Math.min(MAX_AUDIT_PAGE, Math.max(1, Math.floor(q.limit ?? 100)));
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    let base = this.db.selectFrom('audit_log');
    if (q.from !== undefined) base = base.where('time', '>=', q.from);
    if (q.to !== undefined) base = base.where('time', '<', q.to);
    if (q.userId !== undefined) base = base.where('user_id', '=', q.userId);
    if (q.action !== undefined) base = base.where('action', '=', q.action);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('time', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toEntry), total: Number(count.n) };
  }
}

const CSV_COLUMNS = ['id', 'time', 'user_id', 'action', 'target', 'outcome', 'detail'] as const;

/**
 * Audit entries as CSV (RFC 4180, CRLF line ends, time as ISO 8601). Text cells that a
 * spreadsheet would run as a formula (starting with = + - @ or a control character) get a
 * leading apostrophe.
 */
export function toCsv(rows: readonly AuditEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    const cells = [
      String(r.id),
      new Date(r.time).toISOString(),
      text(r.userId ?? ''),
      text(r.action),
      text(r.target ?? ''),
      text(r.outcome),
      text(r.detail === null || r.detail === undefined ? '' : JSON.stringify(r.detail)),
    ];
    lines.push(cells.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function text(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(row.id),
    time: Number(row.time),
    userId: row.user_id,
    action: row.action,
    target: row.target,
    detail: JSON.parse(row.detail) as unknown,
    outcome: row.outcome as AuditOutcome,
  };
}
