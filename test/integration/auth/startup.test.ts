import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { startServer, StartupError } from '../../../server/main.js';
import { openStore, type Store } from '../../../server/store/database.js';
import { createRepositories } from '../../../server/store/repositories.js';

describe('starting without an admin', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleet-startup-'));
    store = await openStore({ file: join(dir, 'fleet.sqlite') });
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const start = (extra: object = {}) => startServer({ port: 0, host: '127.0.0.1', links: ['udp://127.0.0.1:0'], quiet: true, store, ...extra });

  it('refuses to start, saying how to create one', async () => {
    const attempt = start();
    await expect(attempt).rejects.toThrow(StartupError);
    await expect(attempt).rejects.toThrow('no admin account yet: create one with `npm run user -- add NAME --role admin`');
  });

  it('does not count a disabled admin', async () => {
    const repos = createRepositories(store.db);
    const admin = await repos.users.create({ username: 'old-admin', passwordHash: await hashPassword('long enough'), roles: ['admin'] }, Date.now());
    await repos.users.setDisabled(admin.id, true, Date.now());
    await expect(start()).rejects.toThrow(/no admin account yet/);
  });

  it('starts when told not to require one (the demo)', async () => {
    const server = await start({ requireAdmin: false });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    await server.stop();
  });

  it('opens its SQLite file under the data directory when given no store', async () => {
    const dataDir = join(dir, 'own');
    await expect(startServer({ port: 0, host: '127.0.0.1', links: ['udp://127.0.0.1:0'], quiet: true, dataDir })).rejects.toThrow(/no admin account yet/);
    expect(existsSync(join(dataDir, 'fleet.sqlite'))).toBe(true);
  });
});
