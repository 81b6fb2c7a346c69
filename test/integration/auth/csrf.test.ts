import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginDTO } from '../../../server/protocol-auth.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.js';

/** Cookie sessions write only with the CSRF token; bearer tokens (never sent by a browser on its own) need none. */
describe('CSRF protection', () => {
  let t: TestServer;
  let session: LoginDTO;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestServer();
    const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }) });
    session = (await res.json()) as LoginDTO;
    cookie = res.headers.get('set-cookie')!.split(';')[0];
  });
  afterAll(async () => t?.stop());

  /** An admin write that reaches its handler and fails validation: 400 proves it passed the CSRF check. */
  const write = (headers: Record<string, string>) =>
    fetch(`${t.url}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

  it('lets a cookie session read without a token', async () => {
    expect((await fetch(`${t.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('refuses a cookie write without the token, or with a wrong one, and audits it', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': 'forged' }, { 'x-csrf-token': `${session.csrfToken}x` }];
    for (const extra of attempts) {
      const res = await write({ cookie, ...extra });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'csrf', message: 'missing or wrong x-csrf-token header' });
    }
    const { rows } = await t.repos.audit.query({ action: 'http.denied' });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ userId: t.users.admin.id, target: 'POST /api/users', outcome: 'denied' });
  });

  it('accepts a cookie write with the session\'s token', async () => {
    expect((await write({ cookie, 'x-csrf-token': session.csrfToken })).status).toBe(400);
  });

  it('does not accept one session\'s token for another session', async () => {
    expect((await write({ cookie, 'x-csrf-token': (await t.api<LoginDTO>('admin', 'GET', '/api/auth/me')).body.csrfToken })).status).toBe(403);
  });

  it('needs no token for a bearer write', async () => {
    expect((await write({ authorization: `Bearer ${session.token}` })).status).toBe(400);
  });

  it('signs a cookie session out only with the token', async () => {
    const out = (headers: Record<string, string>) => fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { cookie, ...headers } });
    expect((await out({})).status).toBe(403);
    expect((await out({ 'x-csrf-token': session.csrfToken })).status).toBe(204);
    expect((await fetch(`${t.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });
});
