/** The audit log for admins: filtered pages as JSON, or everything matching as CSV. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Repositories } from '../store/repositories.js';
import { MAX_AUDIT_PAGE, toCsv, type AuditEntry, type AuditQuery } from '../store/audit-repo.js';
import { jsonSchema, parseOr400, zodValidated } from './schemas.js';

const time = z.coerce.number().int().min(0);
const AuditQuerySchema = z.object({
  /** ms since the epoch, inclusive. */
  from: time.optional(),
  /** ms since the epoch, exclusive. */
  to: time.optional(),
  /** A username or a user id. */
  user: z.string().min(1).max(256).optional(),
  action: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).optional(),
  offset: z.coerce.number().int().min(0).optional(),
}).strict();

/** A CSV export stops here; narrow the filter for more. */
const MAX_CSV_ROWS = 100_000;

export async function registerAuditRoutes(app: FastifyInstance, repos: Repositories): Promise<void> {
  const filter = async (raw: unknown): Promise<AuditQuery> => {
    const q = parseOr400(AuditQuerySchema, raw, 'query');
    const { user, ...rest } = q;
    if (user === undefined) return rest;
    const byName = await repos.users.getByUsername(user);
    return { ...rest, userId: byName?.id ?? user };
  };

  app.get('/api/audit', {
    config: { permission: 'audit:read' },
    ...zodValidated,
    schema: { summary: 'Audit entries, newest first: from, to (ms), user, action, limit, offset → { rows, total }', tags: ['audit'], querystring: jsonSchema(AuditQuerySchema) },
  }, async (req) => repos.audit.query(await filter(req.query)));

  app.get('/api/audit.csv', {
    config: { permission: 'audit:read' },
    ...zodValidated,
    schema: { summary: 'Every matching audit entry as CSV (same filters; limit and offset ignored)', tags: ['audit'], querystring: jsonSchema(AuditQuerySchema) },
  }, async (req, reply) => {
    const { limit: _limit, offset: _offset, ...q } = await filter(req.query);
    const rows: AuditEntry[] = [];
    while (rows.length < MAX_CSV_ROWS) {
      const page = await repos.audit.query({ ...q, limit: MAX_AUDIT_PAGE, offset: rows.length });
      rows.push(...page.rows);
      if (page.rows.length < MAX_AUDIT_PAGE) break;
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit.csv"')
      .send(toCsv(rows));
  });
}
