/**
 * Opens the store: SQLite through better-sqlite3 (the embedded default) or PostgreSQL through a
 * `pg` pool when a `postgres://` URL is given, then brings the schema up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Engine } from './engine.js';
import { StoreOpenError, reasonOf } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import type { Schema } from './schema.js';

export type { Engine } from './engine.js';

/** Where the SQLite file lives when neither a URL nor a file is given. */
export const DEFAULT_SQLITE_FILE = 'data/fleet.sqlite';

/** An open store. */
export interface Store {
  db: Kysely<Schema>;
  engine: Engine;
  /** Closes the database (the SQLite handle or the PostgreSQL pool). */
  close(): Promise<void>;
}

/** How to open the store. */
export interface OpenStoreOptions {
  /** A `postgres://` or `postgresql://` URL (normally `DATABASE_URL`); selects PostgreSQL. */
  url?: string;
  /** SQLite file used when no URL is given; its directory is created. */
  file?: string;
  /** How long SQLite waits for a lock held by another connection, in ms. */
  busyTimeoutMs?: number;
}

/** Opens (and migrates) the store; throws {@link StoreOpenError} with a one-line reason. */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const url = opts.url?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//i.test(url)) {
      throw new StoreOpenError(`unsupported database URL (expected postgres://…): ${redact(url)}`);
    }
    return openPostgres(url);
  }
  return openSqlite(opts.file ?? DEFAULT_SQLITE_FILE, opts.busyTimeoutMs ?? 5000);
}

async function openSqlite(file: string, busyTimeoutMs: number): Promise<Store> {
  const path = resolve(file);
  let sqlite: Database.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    sqlite = new Database(path);
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode loses nothing when the process dies, only on power loss.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
  } catch (err) {
    throw new StoreOpenError(`cannot open SQLite file ${path}: ${reasonOf(err)}`);
  }
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return migrate({ db, engine: 'sqlite', close: () => db.destroy() });
}

// int8 (bigint) comes back as a string by default; our millisecond times and ids fit a double.
const INT8_OID = 20;
function pgTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, (value: string) => Number(value));
  return types;
}

async function openPostgres(url: string): Promise<Store> {
  const where = hostPort(url);
  const pool = new pg.Pool({ connectionString: url, types: pgTypes(), connectionTimeoutMillis: 10_000 });
  // Idle clients can fail (server restart); without a listener that would crash the process.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreOpenError(`cannot connect to PostgreSQL at ${where}: ${reasonOf(err)}`);
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return migrate({ db, engine: 'postgres', close: () => db.destroy() });
}

async function migrate(store: Store): Promise<Store> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider(store.engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await store.close().catch(() => {});
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const which = failed ? `migration ${failed}` : 'migration';
    throw new StoreOpenError(`database ${which} failed: ${reasonOf(error)}`);
  }
  return store;
}

function hostPort(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'an unparsable URL';
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
