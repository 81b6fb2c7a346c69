import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../../server/store/database.js';
import { describeImagesRepo } from '../unit/server/imagery/images-repo-suite.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// A database of our own, so parallel runs never mix.
const dbName = `fleet_imagery_${randomUUID().replaceAll('-', '')}`;
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

describeImagesRepo('images repository on PostgreSQL', () => openStore({ url }));
