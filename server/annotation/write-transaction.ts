/**
 * One write transaction on either engine, so a claim or a submission reads and writes as a unit.
 *
 * SQLite: `BEGIN IMMEDIATE` takes the database's write lock before the first read, so two claims
 * can never read the same free task (Kysely's own `begin` is deferred and would let both read,
 * then fail one on the lock upgrade). While the lock is taken, the connection's busy timeout is 0
 * and a busy database is retried here, asynchronously: better-sqlite3 waits for a lock
 * synchronously, which would stall the event loop, and with it the transaction holding the lock
 * when that lives in the same process on another connection.
 *
 * PostgreSQL: an ordinary transaction; claims lock their row with `FOR UPDATE SKIP LOCKED`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../store/database.js';
import type { Schema } from '../store/schema.js';

/** Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. */
export async function writeTransaction<T>(store: Pick<Store, 'db' | 'engine'>, work: (db: Kysely<Schema>) => Promise<T>): Promise<T> {
  if (store.engine === 'postgres') return withDeadlockRetry(() => store.db.transaction().execute(work));
  return store.db.connection().execute(async (conn) => {
    await beginImmediate(conn, await configuredBusyTimeout(store, conn));
    let result: T;
    try {
      result = await work(conn);
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw err;
    }
    await sql`commit`.execute(conn);
    return result;
  });
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Each SQLite connection's configured busy timeout, read once. */
const busyTimeouts = new WeakMap<object, number>();

async function configuredBusyTimeout(store: Pick<Store, 'db'>, conn: Kysely<Schema>): Promise<number> {
  let ms = busyTimeouts.get(store.db);
  if (ms === undefined) {
    const row = (await sql<Record<string, number>>`pragma busy_timeout`.execute(conn)).rows[0];
    ms = Math.max(0, Math.floor(Number(row ? Object.values(row)[0] : 0)));
    busyTimeouts.set(store.db, ms);
  }
  return ms;
}

async function beginImmediate(conn: Kysely<Schema>, configured: number): Promise<void> {
  const budgetMs = Math.max(configured, 1000);
  const started = performance.now();
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (err) {
        if (!isBusy(err) || performance.now() - started > budgetMs) throw err;
        // Short, growing, jittered waits: a claim holds the lock for well under a millisecond.
        await sleep(Math.min(20, 2 ** Math.min(attempt, 5) * 0.25) * (0.5 + Math.random()));
      }
    }
  } finally {
    await sql.raw(`pragma busy_timeout = ${configured}`).execute(conn);
  }
}

/** PostgreSQL may pick a transaction as a deadlock victim; such a transaction did nothing and is safe to run again. */
async function withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
}
