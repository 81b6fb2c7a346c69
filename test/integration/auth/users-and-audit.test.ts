import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginDTO, UserDTO } from '../../../server/protocol-auth.js';
import type { AuditEntry } from '../../../server/store/audit-repo.js';
import { connectFleetClient } from '../../support/fleet-client.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

describe('user management and the audit log', () => {
  let t: TestServer;
  let pilot: UserDTO;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.stop());

  const login = (username: string, password: string) => t.api<LoginDTO>(null, 'POST', '/api/auth/login', { username, password });
  const me = (token: string) => fetch(`${t.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });

  it('lets an admin create an account, which can then sign in', async () => {
    const res = await t.api<UserDTO>('admin', 'POST', '/api/users', { username: 'Pilot-1', password: 'pilot password', roles: ['operator', 'viewer'] });
    expect(res.status).toBe(201);
    pilot = res.body;
    expect(pilot).toMatchObject({ username: 'pilot-1', roles: ['operator', 'viewer'], disabled: false });
    expect(pilot).not.toHaveProperty('passwordHash');
    expect((await login('pilot-1', 'pilot password')).status).toBe(200);
    const list = await t.api<UserDTO[]>('admin', 'GET', '/api/users');
    expect(list.body.map((u) => u.username)).toContain('pilot-1');
    expect(JSON.stringify(list.body)).not.toContain('scrypt');
  });

  it('refuses a taken username and a short password, naming the field', async () => {
    const dup = await t.api<{ error: string; message: string }>('admin', 'POST', '/api/users', { username: 'PILOT-1', password: 'pilot password', roles: ['viewer'] });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toMatch(/^username: /);
    const short = await t.api<{ message: string }>('admin', 'POST', '/api/users', { username: 'pilot-2', password: 'short', roles: ['viewer'] });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/^password: /);
  });

  it('changes roles at once: the user\'s socket is dropped and the old rights are gone', async () => {
    const token = (await login('pilot-1', 'pilot password')).body.token;
    const client = await connectFleetClient(t.url, { token });
    const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    const res = await t.api<UserDTO>('admin', 'PATCH', `/api/users/${pilot.id}`, { roles: ['viewer'] });
    expect(res.body.roles).toEqual(['viewer']);
    expect(await closed).toBe('io server disconnect');
    const answer = await fetch(`${t.url}/api/vehicles/v-none/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"type":"arm"}' });
    expect(answer.status).toBe(403);
  });

  it('disables an account: its sessions end and its socket is disconnected', async () => {
    const token = (await login('pilot-1', 'pilot password')).body.token;
    const client = await connectFleetClient(t.url, { token });
    const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    expect((await t.api('admin', 'PATCH', `/api/users/${pilot.id}`, { disabled: true })).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect((await me(token)).status).toBe(401);
    expect((await login('pilot-1', 'pilot password')).status).toBe(401);
  });

  it('resets a password, ending the old sessions', async () => {
    await t.api('admin', 'PATCH', `/api/users/${pilot.id}`, { disabled: false });
    const token = (await login('pilot-1', 'pilot password')).body.token;
    expect((await t.api('admin', 'PATCH', `/api/users/${pilot.id}`, { password: 'reset by admin' })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
    expect((await login('pilot-1', 'reset by admin')).status).toBe(200);
  });

  it('never leaves the platform without an enabled admin', async () => {
    const self = t.users.admin.id;
    for (const patch of [{ disabled: true }, { roles: ['viewer'] }]) {
      const res = await t.api<{ error: string }>('admin', 'PATCH', `/api/users/${self}`, patch);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('last_admin');
    }
    // With a second admin, the first may step down.
    await t.api('admin', 'PATCH', `/api/users/${pilot.id}`, { roles: ['admin'] });
    expect((await t.api('admin', 'PATCH', `/api/users/${self}`, { roles: ['admin', 'viewer'] })).status).toBe(200);
    expect((await t.api('admin', 'PATCH', `/api/users/${pilot.id}`, { roles: ['operator'] })).status).toBe(200);
    expect((await t.api<{ error: string }>('admin', 'PATCH', `/api/users/${self}`, { roles: ['viewer'] })).status).toBe(409);
  });

  it('records logins, user changes, commands and denied writes, filtered for admins', async () => {
    await t.api('operator', 'PUT', '/api/vehicles/v-none/fence', { items: [] });
    await t.api('viewer', 'POST', '/api/vehicles/v-none/commands', { type: 'arm' });
    const page = await t.api<{ rows: AuditEntry[]; total: number }>('admin', 'GET', '/api/audit?action=user.update&limit=2');
    expect(page.status).toBe(200);
    expect(page.body.rows).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(6);
    expect(page.body.rows.every((r) => r.action === 'user.update' && r.userId === t.users.admin.id)).toBe(true);
    const upload = await t.api<{ rows: AuditEntry[] }>('admin', 'GET', '/api/audit?action=mission.upload&user=operator');
    expect(upload.body.rows[0]).toMatchObject({ target: 'v-none', outcome: 'error', detail: { type: 'fence', error: "no vehicle with id 'v-none'" } });
    const denied = await t.api<{ rows: AuditEntry[] }>('admin', 'GET', `/api/audit?action=http.denied&user=${t.users.viewer.id}`);
    expect(denied.body.rows[0]).toMatchObject({ target: 'POST /api/vehicles/v-none/commands', outcome: 'denied', detail: { permission: 'vehicle:command' } });
    const logins = await t.api<{ rows: AuditEntry[] }>('admin', 'GET', '/api/audit?action=auth.login');
    expect(new Set(logins.body.rows.map((r) => r.outcome))).toEqual(new Set(['ok', 'denied']));
    const bad = await t.api<{ message: string }>('admin', 'GET', '/api/audit?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^query\.limit: /);
    expect((await t.api('operator', 'GET', '/api/audit')).status).toBe(403);
  });

  it('exports the log as a CSV attachment', async () => {
    const res = await t.api<string>('admin', 'GET', '/api/audit.csv?action=user.create');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit.csv"');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,time,user_id,action,target,outcome,detail');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,user.create,${pilot.id},ok,`);
  });
});
