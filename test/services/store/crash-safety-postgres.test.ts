import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/database.js';
import { expectAcknowledged, killWriterMidLoop } from '../../integration/store/crash-run.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `fleet_crash_${randomUUID().replaceAll('-', '')}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

beforeAll(() => admin(`CREATE DATABASE ${dbName}`));
afterAll(() => admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));

describe('crash safety on PostgreSQL', () => {
  it('a writer killed with SIGKILL mid-loop loses no acknowledged write', async () => {
    const lines = await killWriterMidLoop(url, 300);
    expect(lines.length).toBeGreaterThan(300);
    const store = await openStore({ url });
    try {
      await expectAcknowledged(store, lines);
    } finally {
      await store.close();
    }
  });
});
