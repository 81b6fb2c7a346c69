/** Sign-in sessions, stored under a hash of their bearer token. */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Schema, SessionsTable } from './schema.js';

/** A session as the rest of the server sees it. */
export interface Session {
  /** SHA-256 of the token (see {@link sessionIdForToken}); a leaked table yields no usable token. */
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  userAgent: string | null;
}

/** Fields given when creating a session. */
export interface NewSession {
  id: string;
  userId: string;
  expiresAt: number;
  userAgent?: string | null;
}

/** The session id under which a bearer token is stored: its SHA-256, hex. */
export function sessionIdForToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Reads and writes sessions. */
export class SessionsRepo {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Stores a new session created at `now`. */
  async create(input: NewSession, now: number): Promise<Session> {
    const row = {
      id: input.id,
      user_id: input.userId,
      created_at: now,
      expires_at: input.expiresAt,
      revoked_at: null,
      user_agent: input.userAgent ?? null,
    };
    await this.db.insertInto('sessions').values(row).execute();
    return toSession(row);
  }

  /** The session if it is neither revoked nor expired at `now` (valid while now < expiresAt). */
  async findValid(id: string, now: number): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row && toSession(row);
  }

  /** The user's sessions that are still valid at `now`, newest first. */
  async listValidForUser(userId: string, now: number): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toSession);
  }

  /** Revokes one session (logout); true when it was still unrevoked. */
  async revoke(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every unrevoked session of the user (password change, disable); returns how many. */
  async revokeAllForUser(userId: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Deletes sessions expired at `now` (revoked or not); returns how many. */
  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toSession(row: Selectable<SessionsTable>): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    userAgent: row.user_agent,
  };
}
