/**
 * A PostgreSQL database of a test file's own on the service at 127.0.0.1:5432 (or
 * TEST_DATABASE_URL), created before the file's tests and dropped after them, so parallel runs and
 * other users of the server never mix. Call it at the top level, before the file's other hooks.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of a fresh database named `<prefix>_<uuid>`; hooks create and drop it. */
export function scratchPostgres(prefix: string): { url: string; name: string } {
  const name = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  beforeAll(() => admin(`CREATE DATABASE ${name}`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return { url, name };
}
