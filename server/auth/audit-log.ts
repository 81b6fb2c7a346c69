/** Records audited actions (who, what, to what, how it ended) in the store's audit log. */
import type { AuditOutcome, AuditRepo } from '../store/audit-repo.js';
import type { AuthContext } from './request-auth.js';

/** One action to record. */
export interface AuditEvent {
  /** Who did it; null for an anonymous attempt (e.g. a failed login). */
  actor: AuthContext | null;
  /** Dotted name: "auth.login", "vehicle.arm", "mission.upload", "plan.update", "user.create" … */
  action: string;
  target?: string | null;
  detail?: unknown;
  outcome: AuditOutcome;
}

export class AuditLog {
  constructor(
    private readonly repo: AuditRepo,
    private readonly now: () => number,
    private readonly onError: (err: Error) => void = () => {},
  ) {}

  /** Appends one entry; awaited before a write is acknowledged. A store failure is reported, not thrown. */
  async record(e: AuditEvent): Promise<void> {
    const detail = e.actor ? { username: e.actor.username, ...(isObject(e.detail) ? e.detail : e.detail === undefined ? {} : { value: e.detail }) } : e.detail;
    try {
      await this.repo.append({ userId: e.actor?.userId ?? null, action: e.action, target: e.target ?? null, detail, outcome: e.outcome }, this.now());
    } catch (err) {
      this.onError(err as Error);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
