import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.js';

describe('login rate limit', () => {
  let t: TestServer;
  let clock = Date.now();
  beforeAll(async () => {
    t = await startTestServer({ now: () => clock });
  });
  afterAll(async () => t?.stop());

  const login = (username: string, password: string) => t.api<{ error: string; message: string }>(null, 'POST', '/api/auth/login', { username, password });

  it('answers 429 with Retry-After after five failures for one user from one address, even for the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('operator', `wrong ${i}`)).status).toBe(401);
    const limited = await login('operator', TEST_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBe(15 * 60);
    // Other accounts from the same address are still under their own limit.
    expect((await login('viewer', TEST_PASSWORD)).status).toBe(200);
  });

  it('audits the refusals', async () => {
    const { rows } = await t.repos.audit.query({ action: 'auth.login' });
    const denied = rows.filter((r) => r.outcome === 'denied' && r.target === 'operator');
    expect(denied).toHaveLength(6);
    expect(denied[0].detail).toMatchObject({ reason: 'rate_limited' });
  });

  it('lets the user try again once the oldest failure is 15 minutes old', async () => {
    clock += 15 * 60_000 - 1;
    expect((await login('operator', TEST_PASSWORD)).status).toBe(429);
    clock += 1;
    expect((await login('operator', TEST_PASSWORD)).status).toBe(200);
  });
});
