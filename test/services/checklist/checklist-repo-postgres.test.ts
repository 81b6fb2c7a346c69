import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../../../server/store/database.js';
import { describeChecklistRepo } from '../../integration/checklist/repo-suite.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// A database of our own per run, dropped at the end.
const dbName = `fleet_checklist_${randomUUID().replaceAll('-', '')}`;
const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(() => admin(`CREATE DATABASE ${dbName}`));
afterAll(() => admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));

describeChecklistRepo('checklist repository on PostgreSQL', () => openStore({ url }));
