import { describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/database.js';
import { StoreOpenError } from '../../../server/store/errors.js';
import { describeStore } from '../../support/store-suite.js';
import { scratchPostgres } from '../../support/scratch-postgres.js';

const { url, name: dbName } = scratchPostgres('fleet_test');

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
