import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../../server/auth/passwords.js';
import { ensureDemoUsers, randomPassword } from '../../../../server/demo/demo-users.js';
import { openStore, type Store } from '../../../../server/store/database.js';
import { createRepositories, type Repositories } from '../../../../server/store/repositories.js';

const dir = mkdtempSync(join(tmpdir(), 'demo-users-'));
const T0 = 1_767_225_600_000;

describe('demo users', () => {
  let stores: Store[] = [];
  const fresh = async (name: string): Promise<Repositories> => {
    const store = await openStore({ file: join(dir, `${name}.sqlite`) });
    stores.push(store);
    return createRepositories(store.db);
  };
  beforeAll(() => {
    stores = [];
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates one account per role with a random password printed once in a box, then only says they exist', async () => {
    const repos = await fresh('random');
    const lines: string[] = [];
    const first = await ensureDemoUsers(repos, { now: T0, log: (l) => lines.push(l) });
    expect(first.created).toEqual(['admin', 'operator', 'annotator', 'reviewer', 'viewer']);
    const password = first.oneTimePassword!;
    expect(password).toMatch(/^[a-zA-Z2-9]{16}$/);
    expect(lines[0]).toMatch(/^#+$/);
    expect(lines.at(-1)).toBe(lines[0]);
    expect(lines.join('\n')).toContain(password);
    expect(lines.join('\n')).toContain('admin, operator, annotator, reviewer, viewer');
    for (const role of first.created) expect((await repos.users.getByUsername(role))!.roles).toEqual([role]);
    expect(await verifyPassword(password, (await repos.users.getByUsername('reviewer'))!.passwordHash)).toBe(true);
    expect((await repos.audit.query({ action: 'user.create' })).total).toBe(5);

    const again: string[] = [];
    const second = await ensureDemoUsers(repos, { now: T0, log: (l) => again.push(l) });
    expect(second).toEqual({ created: [], existing: first.created, oneTimePassword: null });
    expect(again).toEqual(['Demo accounts admin, operator, annotator, reviewer, viewer already exist; reset a password with: npm run user -- passwd NAME']);
  });

  it('uses DEMO_PASSWORD without printing it, creating only the missing accounts', async () => {
    const repos = await fresh('given');
    await repos.users.create({ username: 'admin', passwordHash: 'kept', roles: ['admin'] }, T0);
    const lines: string[] = [];
    const r = await ensureDemoUsers(repos, { password: 'demo password', now: T0, log: (l) => lines.push(l) });
    expect(r).toEqual({ created: ['operator', 'annotator', 'reviewer', 'viewer'], existing: ['admin'], oneTimePassword: null });
    expect(lines.join('\n')).not.toContain('demo password');
    expect(lines.join('\n')).toContain('DEMO_PASSWORD');
    expect((await repos.users.getByUsername('admin'))!.passwordHash).toBe('kept');
    expect(await verifyPassword('demo password', (await repos.users.getByUsername('viewer'))!.passwordHash)).toBe(true);
  });

  it('refuses a DEMO_PASSWORD too short to be a password', async () => {
    await expect(ensureDemoUsers(await fresh('short'), { password: 'demo', now: T0, log: () => {} })).rejects.toThrow(/^DEMO_PASSWORD: password must be at least 8/);
  });

  it('draws different passwords each time', () => {
    expect(new Set(Array.from({ length: 20 }, randomPassword)).size).toBe(20);
  });
});
