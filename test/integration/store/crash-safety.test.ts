import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/database.js';
import { expectAcknowledged, killWriterMidLoop } from './crash-run.js';

const dir = mkdtempSync(join(tmpdir(), 'crash-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash safety on SQLite', () => {
  it('a writer killed with SIGKILL mid-loop, twice, loses no acknowledged write and leaves an intact file', async () => {
    const file = join(dir, 'fleet.sqlite');
    const acknowledged: string[] = [];
    for (let round = 0; round < 2; round++) {
      const lines = await killWriterMidLoop(file, 400);
      expect(lines.length).toBeGreaterThan(400);
      acknowledged.push(...lines);
    }
    const store = await openStore({ file });
    try {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
      expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
      await expectAcknowledged(store, acknowledged);
    } finally {
      await store.close();
    }
  });
});
