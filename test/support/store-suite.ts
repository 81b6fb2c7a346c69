/**
 * One store test suite, run against every engine: `open()` must open the same database each
 * time it is called (a fresh database per test file or run).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv, type AuditEntry } from '../../server/store/audit-repo.js';
import type { Store } from '../../server/store/database.js';
import { ConflictError, DuplicateError, NotFoundError } from '../../server/store/errors.js';
import { createRepositories, type Repositories } from '../../server/store/repositories.js';
import { sessionIdForToken } from '../../server/store/sessions-repo.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const square = {
  type: 'Polygon' as const,
  coordinates: [[[106.6, 26.6], [106.61, 26.6], [106.61, 26.61], [106.6, 26.6]]],
};

/** Registers the store suite under `name`. */
export function describeStore(name: string, open: () => Promise<Store>): void {
  describe(name, () => {
    let store: Store;
    let repos: Repositories;

    beforeAll(async () => {
      store = await open();
      repos = createRepositories(store.db);
    });
    afterAll(async () => {
      await store?.close();
    });

    /** A username no other test uses. */
    const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

    describe('migrations', () => {
      it('opening the database a second time migrates nothing and sees the same data', async () => {
        const site = await repos.sites.create({ name: 'reopen', area: square, altitudeLimitM: 120 }, T0);
        const again = await open();
        try {
          expect(again.engine).toBe(store.engine);
          const seen = await createRepositories(again.db).sites.get(site.id);
          expect(seen).toEqual(site);
        } finally {
          await again.close();
        }
      });
    });

    describe('sites', () => {
      it('creates, reads back, updates and deletes a site with its area and geofences', async () => {
        const fence = { type: 'Feature' as const, properties: { kind: 'exclusion' }, geometry: square };
        const site = await repos.sites.create({ name: 'Substation 7', area: square, altitudeLimitM: 90.5, geofences: [fence] }, T0);
        expect(await repos.sites.get(site.id)).toEqual({
          id: site.id, name: 'Substation 7', area: square, altitudeLimitM: 90.5, geofences: [fence], createdAt: T0, updatedAt: T0,
        });
        const updated = await repos.sites.update(site.id, { altitudeLimitM: 60, geofences: [] }, T0 + 5);
        expect(updated).toMatchObject({ name: 'Substation 7', altitudeLimitM: 60, geofences: [], createdAt: T0, updatedAt: T0 + 5 });
        expect((await repos.sites.list()).map((s) => s.id)).toContain(site.id);
        expect(await repos.sites.delete(site.id)).toBe(true);
        expect(await repos.sites.get(site.id)).toBeUndefined();
        expect(await repos.sites.delete(site.id)).toBe(false);
      });

      it('updating a missing site raises NotFoundError', async () => {
        await expect(repos.sites.update(randomUUID(), { name: 'x' }, T0)).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('vehicles', () => {
      it('upsert by uid creates once, then updates name and system id but keeps id and key', async () => {
        const uid = uniqueName('uid');
        const first = await repos.vehicles.upsertByUid({ uid, name: 'Hex 1', sysid: 3, profile: { frame: 'hexa' } }, T0);
        const key = randomBytes(32);
        await repos.vehicles.setSigningKey(first.id, key, T0 + 1);
        const second = await repos.vehicles.upsertByUid({ uid, name: 'Hex 1b', sysid: 4 }, T0 + 2);
        expect(second).toMatchObject({ id: first.id, uid, name: 'Hex 1b', sysid: 4, profile: { frame: 'hexa' }, createdAt: T0, updatedAt: T0 + 2 });
        expect(second.signingKey?.equals(key)).toBe(true);
        expect((await repos.vehicles.list()).filter((v) => v.uid === uid)).toHaveLength(1);
        expect((await repos.vehicles.getByUid(uid))?.id).toBe(first.id);
      });

      it('stores a 32-byte signing key, clears it, and refuses a key of the wrong size', async () => {
        const v = await repos.vehicles.create({ name: 'Quad', sysid: 9 }, T0);
        expect(v.signingKey).toBeNull();
        const key = Buffer.from(Array.from({ length: 32 }, (_, i) => 255 - i));
        await repos.vehicles.setSigningKey(v.id, key, T0 + 1);
        expect((await repos.vehicles.get(v.id))?.signingKey).toEqual(key);
        await repos.vehicles.setSigningKey(v.id, null, T0 + 2);
        expect((await repos.vehicles.get(v.id))?.signingKey).toBeNull();
        await expect(repos.vehicles.setSigningKey(v.id, randomBytes(16), T0)).rejects.toThrow(/32 bytes/);
        await expect(repos.vehicles.setSigningKey(randomUUID(), key, T0)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('vehicles without a uid do not collide, but a second vehicle with a taken uid is refused', async () => {
        await repos.vehicles.create({ name: 'a', sysid: 1 }, T0);
        await repos.vehicles.create({ name: 'b', sysid: 1 }, T0);
        const uid = uniqueName('uid');
        await repos.vehicles.create({ name: 'c', sysid: 1, uid }, T0);
        await expect(repos.vehicles.create({ name: 'd', sysid: 2, uid }, T0)).rejects.toThrow(DuplicateError);
      });
    });

    describe('plans', () => {
      it('creates a plan at version 1 and lists it under its site', async () => {
        const site = await repos.sites.create({ name: 'plans', area: square, altitudeLimitM: 100 }, T0);
        const items = [{ seq: 0, command: 16, lat: 26.6, lon: 106.6, alt: 40 }];
        const plan = await repos.plans.create({ siteId: site.id, name: 'North fence', pattern: 'corridor', plan: { width: 30 }, items, createdBy: 'u1' }, T0);
        expect(plan.version).toBe(1);
        expect(await repos.plans.get(plan.id)).toEqual(plan);
        expect((await repos.plans.listBySite(site.id)).map((p) => p.id)).toEqual([plan.id]);
        const loose = await repos.plans.create({ name: 'loose', pattern: 'orbit', plan: {}, items: [] }, T0);
        expect((await repos.plans.listBySite(null)).map((p) => p.id)).toContain(loose.id);
        expect((await repos.plans.listBySite(null)).map((p) => p.id)).not.toContain(plan.id);
      });

      it('an update at the current version bumps it; an update at a stale version is a conflict', async () => {
        const plan = await repos.plans.create({ name: 'p', pattern: 'lawnmower', plan: { spacing: 20 }, items: [] }, T0);
        const v2 = await repos.plans.update(plan.id, 1, { plan: { spacing: 25 }, name: 'p2' }, T0 + 10);
        expect(v2).toMatchObject({ version: 2, name: 'p2', plan: { spacing: 25 }, updatedAt: T0 + 10, createdAt: T0 });
        const stale = repos.plans.update(plan.id, 1, { name: 'lost write' }, T0 + 20);
        await expect(stale).rejects.toBeInstanceOf(ConflictError);
        await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
        expect((await repos.plans.get(plan.id))?.name).toBe('p2');
        await expect(repos.plans.update(randomUUID(), 1, { name: 'x' }, T0)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('of two saves racing from the same version, exactly one wins and the other is a conflict', async () => {
        const plan = await repos.plans.create({ name: 'race', pattern: 'orbit', plan: {}, items: [] }, T0);
        const results = await Promise.allSettled([
          repos.plans.update(plan.id, 1, { name: 'first' }, T0 + 1),
          repos.plans.update(plan.id, 1, { name: 'second' }, T0 + 1),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
        expect((await repos.plans.get(plan.id))?.version).toBe(2);
      });

      it('deletes a plan, refusing a delete at a stale version', async () => {
        const plan = await repos.plans.create({ name: 'd', pattern: 'orbit', plan: {}, items: [] }, T0);
        await repos.plans.update(plan.id, 1, { name: 'd2' }, T0 + 1);
        await expect(repos.plans.delete(plan.id, 1)).rejects.toBeInstanceOf(ConflictError);
        expect(await repos.plans.delete(plan.id, 2)).toBe(true);
        expect(await repos.plans.get(plan.id)).toBeUndefined();
        expect(await repos.plans.delete(plan.id)).toBe(false);
      });

      it('deleting a site keeps its plans, detached from it', async () => {
        const site = await repos.sites.create({ name: 'gone', area: square, altitudeLimitM: 100 }, T0);
        const plan = await repos.plans.create({ siteId: site.id, name: 'orphan', pattern: 'orbit', plan: {}, items: [] }, T0);
        await repos.sites.delete(site.id);
        expect((await repos.plans.get(plan.id))?.siteId).toBeNull();
      });

      it('a plan cannot name a site that does not exist', async () => {
        await expect(repos.plans.create({ siteId: randomUUID(), name: 'x', pattern: 'orbit', plan: {}, items: [] }, T0)).rejects.toThrow();
      });
    });

    describe('users', () => {
      it('creates an account, finds it by username in any case, and lists it', async () => {
        const name = uniqueName('Alice');
        const user = await repos.users.create({ username: name, passwordHash: '$argon2id$x', roles: ['viewer', 'operator'] }, T0);
        expect(user).toMatchObject({ username: name.toLowerCase(), roles: ['operator', 'viewer'], disabled: false });
        expect(await repos.users.getByUsername(name.toUpperCase())).toEqual(user);
        expect(await repos.users.get(user.id)).toEqual(user);
        expect((await repos.users.list()).map((u) => u.id)).toContain(user.id);
      });

      it('a duplicate username, even in another case, is refused with a clear error', async () => {
        const name = uniqueName('bob');
        await repos.users.create({ username: name, passwordHash: 'h', roles: ['viewer'] }, T0);
        const again = repos.users.create({ username: name.toUpperCase(), passwordHash: 'h', roles: ['viewer'] }, T0);
        await expect(again).rejects.toBeInstanceOf(DuplicateError);
        await expect(repos.users.create({ username: name, passwordHash: 'h', roles: [] }, T0)).rejects.toThrow(`username "${name}" is already taken`);
      });

      it('sets roles, password hash and disabled flag, and knows whether an enabled admin exists', async () => {
        const user = await repos.users.create({ username: uniqueName('carol'), passwordHash: 'old', roles: ['viewer'] }, T0);
        expect(await repos.users.setRoles(user.id, ['admin', 'reviewer'], T0 + 1)).toMatchObject({ roles: ['admin', 'reviewer'], updatedAt: T0 + 1 });
        expect(await repos.users.anyEnabledWithRole('admin')).toBe(true);
        expect((await repos.users.setPasswordHash(user.id, 'new', T0 + 2)).passwordHash).toBe('new');
        expect((await repos.users.setDisabled(user.id, true, T0 + 3)).disabled).toBe(true);
        expect((await repos.users.get(user.id))?.disabled).toBe(true);
        await expect(repos.users.setRoles(user.id, ['pilot' as never], T0)).rejects.toThrow(/unknown role "pilot"/);
        await expect(repos.users.setRoles(randomUUID(), [], T0)).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('sessions', () => {
      async function newUser() {
        return repos.users.create({ username: uniqueName('s'), passwordHash: 'h', roles: ['viewer'] }, T0);
      }

      it('a session is valid just before its expiry and not at or after it', async () => {
        const user = await newUser();
        const id = sessionIdForToken(randomUUID());
        await repos.sessions.create({ id, userId: user.id, expiresAt: T0 + 1000, userAgent: 'vitest' }, T0);
        expect(await repos.sessions.findValid(id, T0 + 999)).toMatchObject({ id, userId: user.id, userAgent: 'vitest', createdAt: T0 });
        expect(await repos.sessions.findValid(id, T0 + 1000)).toBeUndefined();
        expect(await repos.sessions.findValid(id, T0 + 1001)).toBeUndefined();
      });

      it('a revoked session is no longer valid, and revoking twice reports nothing to revoke', async () => {
        const user = await newUser();
        const id = sessionIdForToken(randomUUID());
        await repos.sessions.create({ id, userId: user.id, expiresAt: T0 + 10_000 }, T0);
        expect(await repos.sessions.revoke(id, T0 + 1)).toBe(true);
        expect(await repos.sessions.findValid(id, T0 + 2)).toBeUndefined();
        expect(await repos.sessions.revoke(id, T0 + 3)).toBe(false);
      });

      it('revoking all of a user\'s sessions leaves other users\' sessions alone', async () => {
        const [a, b] = [await newUser(), await newUser()];
        const ids = [sessionIdForToken(randomUUID()), sessionIdForToken(randomUUID()), sessionIdForToken(randomUUID())];
        await repos.sessions.create({ id: ids[0], userId: a.id, expiresAt: T0 + 10_000 }, T0);
        await repos.sessions.create({ id: ids[1], userId: a.id, expiresAt: T0 + 10_000 }, T0 + 1);
        await repos.sessions.create({ id: ids[2], userId: b.id, expiresAt: T0 + 10_000 }, T0);
        expect((await repos.sessions.listValidForUser(a.id, T0 + 5)).map((s) => s.id)).toEqual([ids[1], ids[0]]);
        expect(await repos.sessions.revokeAllForUser(a.id, T0 + 5)).toBe(2);
        expect(await repos.sessions.findValid(ids[0], T0 + 6)).toBeUndefined();
        expect(await repos.sessions.findValid(ids[1], T0 + 6)).toBeUndefined();
        expect(await repos.sessions.findValid(ids[2], T0 + 6)).toBeDefined();
      });

      it('deleting expired sessions removes those expired at that time and keeps the rest', async () => {
        const user = await newUser();
        // Far in the past, so other tests' sessions are untouched.
        const past = T0 - 1_000_000_000;
        const expired = sessionIdForToken(randomUUID());
        const live = sessionIdForToken(randomUUID());
        await repos.sessions.create({ id: expired, userId: user.id, expiresAt: past + 100 }, past);
        await repos.sessions.create({ id: live, userId: user.id, expiresAt: past + 101 }, past);
        expect(await repos.sessions.deleteExpired(past + 100)).toBe(1);
        expect(await repos.sessions.findValid(live, past + 100)).toBeDefined();
        expect(await repos.sessions.revoke(expired, past)).toBe(false);
      });

      it('a session must belong to an existing user', async () => {
        await expect(repos.sessions.create({ id: sessionIdForToken('x'), userId: randomUUID(), expiresAt: T0 + 1 }, T0)).rejects.toThrow();
      });

      it('the session id is the SHA-256 of the token, never the token itself', () => {
        expect(sessionIdForToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      });
    });

    describe('audit log', () => {
      it('appends entries and pages through them newest first, filtered by user, action and time', async () => {
        const audit = repos.audit;
        const user = randomUUID();
        const base = T0 + 50_000_000;
        for (let i = 0; i < 7; i++) {
          await audit.append({ userId: user, action: i % 2 ? 'vehicle.arm' : 'plan.update', target: `t${i}`, detail: { i }, outcome: 'ok' }, base + i);
        }
        // Two in the same millisecond keep their append order.
        await audit.append({ userId: user, action: 'auth.login', outcome: 'denied' }, base + 10);
        await audit.append({ userId: user, action: 'auth.login', outcome: 'ok' }, base + 10);

        const page1 = await audit.query({ userId: user, limit: 4 });
        expect(page1.total).toBe(9);
        expect(page1.rows.map((r) => r.outcome).slice(0, 2)).toEqual(['ok', 'denied']);
        expect(page1.rows.map((r) => r.target)).toEqual([null, null, 't6', 't5']);
        const page3 = await audit.query({ userId: user, limit: 4, offset: 8 });
        expect(page3.rows.map((r) => r.target)).toEqual(['t0']);

        const arms = await audit.query({ userId: user, action: 'vehicle.arm' });
        expect(arms.rows.map((r) => r.detail)).toEqual([{ i: 5 }, { i: 3 }, { i: 1 }]);
        const window = await audit.query({ userId: user, from: base + 2, to: base + 5 });
        expect(window.rows.map((r) => r.time)).toEqual([base + 4, base + 3, base + 2]);
        expect(window.total).toBe(3);
      });

      it('ids grow with every append', async () => {
        const a = await repos.audit.append({ action: 'x', outcome: 'ok' }, T0);
        const b = await repos.audit.append({ action: 'x', outcome: 'ok' }, T0);
        expect(b.id).toBeGreaterThan(a.id);
      });
    });

    describe('engine', () => {
      it('reports which engine it runs on', () => {
        expect(['sqlite', 'postgres']).toContain(store.engine);
      });
    });
  });
}

/** CSV export: pure, so tested once rather than per engine. */
export function describeAuditCsv(): void {
  describe('audit CSV export', () => {
    const entry = (over: Partial<AuditEntry>): AuditEntry => ({
      id: 1, time: T0, userId: 'u1', action: 'plan.update', target: 'p1', detail: null, outcome: 'ok', ...over,
    });

    it('writes a header and one CRLF-terminated line per entry with ISO times', () => {
      expect(toCsv([entry({})])).toBe('id,time,user_id,action,target,outcome,detail\r\n1,2026-01-01T00:00:00.000Z,u1,plan.update,p1,ok,\r\n');
    });

    it('quotes cells holding commas, quotes or newlines and doubles inner quotes', () => {
      const csv = toCsv([entry({ target: 'a,b', detail: { note: 'say "hi"\nbye' }, userId: null })]);
      expect(csv.split('\r\n')[1]).toBe('1,2026-01-01T00:00:00.000Z,,plan.update,"a,b",ok,"{""note"":""say \\""hi\\""\\nbye""}"');
      const raw = toCsv([entry({ target: 'line1\nline2 "q"' })]);
      expect(raw).toContain('"line1\nline2 ""q"""');
    });

    it('defuses cells a spreadsheet would run as a formula', () => {
      const csv = toCsv([entry({ target: '=HYPERLINK("x")', action: '+1', userId: '@me' })]);
      expect(csv.split('\r\n')[1]).toBe(`1,2026-01-01T00:00:00.000Z,'@me,'+1,"'=HYPERLINK(""x"")",ok,`);
    });
  });
}
