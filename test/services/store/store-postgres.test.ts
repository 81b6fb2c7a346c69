import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/database.js';
import { StoreOpenError } from '../../../server/store/errors.js';
import { describeStore } from '../../support/store-suite.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// A database of our own per run, so parallel runs and other users of this server never mix.
const dbName = `fleet_test_${randomUUID().replaceAll('-', '')}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
});
afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
});

describeStore('store on PostgreSQL', () => openStore({ url }));

describe('PostgreSQL connection errors', () => {
  it('an unreachable server gives a one-line error naming host and port', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const attempt = openStore({ url: 'postgres://postgres@127.0.0.1:1/none' });
    await expect(attempt).rejects.toBeInstanceOf(StoreOpenError);
    await expect(attempt).rejects.toThrow(/^cannot connect to PostgreSQL at 127\.0\.0\.1:1: [^\n]*ECONNREFUSED/);
  });

  it('a missing database is reported with the server\'s reason', async () => {
    const u = new URL(url);
    u.pathname = `/missing_${dbName}`;
    await expect(openStore({ url: u.toString() })).rejects.toThrow(/^cannot connect to PostgreSQL at 127\.0\.0\.1:5432: .*does not exist/);
  });
});
