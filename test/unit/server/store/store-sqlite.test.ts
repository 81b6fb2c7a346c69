import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../../server/store/database.js';
import { StoreOpenError } from '../../../../server/store/errors.js';
import { createRepositories } from '../../../../server/store/repositories.js';
import { describeAuditCsv, describeStore } from '../../../support/store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'fleet-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStore('store on SQLite', () => openStore({ file: join(dir, 'suite.sqlite') }));
describeAuditCsv();

describe('SQLite file handling', () => {
  it('creates missing directories and turns on WAL and foreign keys', async () => {
    const file = join(dir, 'nested', 'deeper', 'fleet.sqlite');
    const store = await openStore({ file });
    try {
      expect(store.engine).toBe('sqlite');
      expect(existsSync(file)).toBe(true);
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(journal.rows[0].journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
      expect(fk.rows[0].foreign_keys).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('reopening a closed file keeps everything written before', async () => {
    const file = join(dir, 'reopen.sqlite');
    const first = await openStore({ file });
    const user = await createRepositories(first.db).users.create({ username: 'dana', passwordHash: 'h', roles: ['admin'] }, 1000);
    await createRepositories(first.db).audit.append({ userId: user.id, action: 'user.add', outcome: 'ok' }, 1000);
    await first.close();

    const second = await openStore({ file });
    try {
      const repos = createRepositories(second.db);
      expect(await repos.users.getByUsername('dana')).toEqual(user);
      expect((await repos.audit.query()).rows.map((r) => r.action)).toEqual(['user.add']);
    } finally {
      await second.close();
    }
  });

  it('a file that cannot be opened gives a one-line StoreOpenError naming the file', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const attempt = openStore({ file: join(blocker, 'fleet.sqlite') });
    await expect(attempt).rejects.toBeInstanceOf(StoreOpenError);
    await expect(attempt).rejects.toThrow(/^cannot open SQLite file .*not-a-dir.*fleet\.sqlite: [^\n]+$/);
  });

  it('a file that is not a database gives a one-line StoreOpenError', async () => {
    const file = join(dir, 'garbage.sqlite');
    writeFileSync(file, 'this is not a database, just text padding it out past the header size '.repeat(20));
    await expect(openStore({ file })).rejects.toThrow(/^cannot open SQLite file .*garbage\.sqlite: file is not a database$/);
  });

  it('a URL that is not PostgreSQL is refused without echoing its password', async () => {
    await expect(openStore({ url: 'mysql://root:hunter2@db/fleet' })).rejects.toThrow(/^unsupported database URL .*root:\*\*\*@db/);
  });
});
