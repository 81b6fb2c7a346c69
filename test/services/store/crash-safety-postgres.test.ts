import { describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/database.js';
import { expectAcknowledged, killWriterMidLoop } from '../../integration/store/crash-run.js';
import { scratchPostgres } from '../../support/scratch-postgres.js';

const { url } = scratchPostgres('fleet_crash');

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
