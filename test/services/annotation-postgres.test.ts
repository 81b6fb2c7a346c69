import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../../server/store/database.js';
import { describeAnnotationStore } from '../integration/annotation/support/annotation-suite.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// A database of our own per run, so parallel runs and other users of this server never mix.
const dbName = `fleet_annotation_${randomUUID().replaceAll('-', '')}`;
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

// The 20 annotators share one pool, as one server does; rows are claimed with FOR UPDATE SKIP LOCKED.
describeAnnotationStore('annotation on PostgreSQL', { open: () => openStore({ url }), storePerAnnotator: false, childArgs: ['--url', url] });
