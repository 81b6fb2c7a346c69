import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_TTL_MS } from '../../../server/auth/auth-service.js';
import type { LoginDTO, MeDTO, SessionDTO } from '../../../server/protocol-auth.js';
import { connectFleetClient } from '../../support/fleet-client.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.js';
import { waitFor } from '../../support/wait.js';

/** Login, cookies, logout, expiry and revocation, on a wall clock the test moves. */
describe('sessions', () => {
  let t: TestServer;
  let clock = Date.now();

  beforeAll(async () => {
    t = await startTestServer({ now: () => clock, trustProxy: true, sessionCheckMs: 100 });
  });
  afterAll(async () => t?.stop());

  const login = async (username: string, password: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as LoginDTO & { error?: string; message?: string } };
  };
  const as = (token: string, method = 'GET', path = '/api/auth/me') =>
    fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

  it('answers a bearer token and the user with roles, permissions and CSRF token', async () => {
    const r = await login('operator', TEST_PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ username: 'operator', roles: ['operator'], expiresAt: clock + DEFAULT_SESSION_TTL_MS });
    expect(r.body.permissions).toContain('vehicle:command');
    expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = (await (await as(r.body.token)).json()) as MeDTO;
    expect(me).toEqual({ id: t.users.operator.id, username: 'operator', roles: ['operator'], permissions: r.body.permissions, csrfToken: r.body.csrfToken, expiresAt: r.body.expiresAt });
  });

  it('sets an HttpOnly, SameSite=Strict session cookie, Secure only over TLS', async () => {
    const plain = (await login('viewer', TEST_PASSWORD)).headers.get('set-cookie')!;
    expect(plain).toMatch(new RegExp(`^fleet_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${DEFAULT_SESSION_TTL_MS / 1000}$`));
    const behindTls = (await login('viewer', TEST_PASSWORD, { 'x-forwarded-proto': 'https' })).headers.get('set-cookie')!;
    expect(behindTls.split('; ')).toContain('Secure');
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await login('viewer', 'not the password');
    const unknown = await login('nobody', 'not the password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: 'invalid_credentials', message: 'wrong username or password' });
  });

  it('refuses a disabled account even with the right password', async () => {
    const user = await t.repos.users.create({ username: 'retired', passwordHash: (await t.repos.users.get(t.users.viewer.id))!.passwordHash, roles: ['viewer'] }, clock);
    await t.repos.users.setDisabled(user.id, true, clock);
    expect((await login('retired', TEST_PASSWORD)).status).toBe(401);
  });

  it('ends the session on logout: the token stops working and the cookie is cleared', async () => {
    const { body } = await login('reviewer', TEST_PASSWORD);
    const out = await as(body.token, 'POST', '/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^fleet_session=; .*Max-Age=0/);
    expect((await as(body.token)).status).toBe(401);
  });

  it('expires a session at its end, for requests and for an idle socket', async () => {
    const { body } = await login('annotator', TEST_PASSWORD);
    const client = await connectFleetClient(t.url, { token: body.token });
    const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    clock = body.expiresAt - 1;
    expect((await as(body.token)).status).toBe(200);
    clock = body.expiresAt;
    expect((await as(body.token)).status).toBe(401);
    expect(await closed).toBe('io server disconnect');
  });

  it('refuses an event on an expired session and disconnects the socket', async () => {
    const { body } = await login('viewer', TEST_PASSWORD);
    const client = await connectFleetClient(t.url, { token: body.token });
    const sweep = t.server.io.of('/').sockets;
    // Expire it between two sweeps: the event itself must notice.
    clock = body.expiresAt + 1;
    const answer = await client.socket.emitWithAck('fleet:snapshot');
    expect(answer).toEqual({ ok: false, error: 'unauthenticated: session expired' });
    await waitFor('the socket to be dropped', () => !client.socket.connected && sweep.size === 0);
  });

  it('lists your sessions and revokes one, which disconnects its socket', async () => {
    const first = (await login('operator', TEST_PASSWORD)).body;
    const second = (await login('operator', TEST_PASSWORD)).body;
    const client = await connectFleetClient(t.url, { token: first.token });
    const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    const list = (await (await as(second.token, 'GET', '/api/auth/sessions')).json()) as SessionDTO[];
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const target = list.find((s) => !s.current && s.expiresAt === first.expiresAt);
    expect(target).toBeDefined();
    // Another user cannot end it.
    const other = (await login('viewer', TEST_PASSWORD)).body;
    expect((await as(other.token, 'DELETE', `/api/auth/sessions/${target!.id}`)).status).toBe(404);
    expect((await as(second.token, 'DELETE', `/api/auth/sessions/${target!.id}`)).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect((await as(first.token)).status).toBe(401);
    expect((await as(second.token)).status).toBe(200);
  });

  it('changes the password with the current one and ends the user\'s other sessions', async () => {
    const a = (await login('reviewer', TEST_PASSWORD)).body;
    const b = (await login('reviewer', TEST_PASSWORD)).body;
    const change = (token: string, body: unknown) =>
      fetch(`${t.url}/api/auth/password`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const wrong = await change(a.token, { currentPassword: 'guess', newPassword: 'a new long password' });
    expect(wrong.status).toBe(403);
    const short = await change(a.token, { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { message: string }).message).toMatch(/^newPassword: /);
    expect((await change(a.token, { currentPassword: TEST_PASSWORD, newPassword: 'a new long password' })).status).toBe(204);
    expect((await as(a.token)).status).toBe(200);
    expect((await as(b.token)).status).toBe(401);
    expect((await login('reviewer', TEST_PASSWORD)).status).toBe(401);
    expect((await login('reviewer', 'a new long password')).status).toBe(200);
    const audit = await t.repos.audit.query({ action: 'auth.password' });
    expect(audit.rows.map((r) => r.outcome)).toEqual(['ok', 'denied']);
  });
});
