import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginDTO } from '../../../server/protocol-auth.js';
import { connectFleetClient } from '../../support/fleet-client.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.js';

const SECRET = 'contents that must never be served';

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.path = path;
    req.on('error', reject);
    req.end();
  });
}

describe('hardening', () => {
  let t: TestServer;
  let dir: string;
  let logs = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleet-hardening-'));
    await mkdir(join(dir, 'web/assets'), { recursive: true });
    await writeFile(join(dir, 'web/index.html'), '<!doctype html><title>fleet</title>');
    await writeFile(join(dir, 'web/assets/app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), SECRET);
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    t = await startTestServer({ webRoot: join(dir, 'web'), quiet: false, logStream, trustProxy: true, tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const BASE_HEADERS = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };

  it('sends the security headers on API answers, refusals and files, and no HSTS over plain HTTP', async () => {
    for (const [role, path] of [['viewer', '/api/vehicles'], [null, '/api/vehicles'], [null, '/api/nothing'], [null, '/assets/app.js']] as const) {
      const res = await t.api(role, 'GET', path);
      for (const [name, value] of Object.entries(BASE_HEADERS)) expect(res.headers.get(name), `${name} on ${path}`).toBe(value);
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('content-security-policy')).toBeNull();
    }
  });

  it('puts a Content-Security-Policy on the dashboard page, allowing the configured tile server', async () => {
    const res = await t.api(null, 'GET', '/');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toContain("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self' https://tiles.example.org");
    expect(csp).toContain("frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });

  it('sends HSTS when the request came over TLS through the proxy', async () => {
    const res = await fetch(`${t.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await t.api<{ error: string }>(null, 'POST', '/api/auth/login', { username: 'admin', password: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it('answers a malformed body with 400 naming the field', async () => {
    const res = await t.api<{ error: string; message: string }>('admin', 'POST', '/api/users', { username: 'pilot', password: 12345678, roles: ['operator'] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid', message: 'password: Invalid input: expected string, received number' });
    const roles = await t.api<{ message: string }>('admin', 'POST', '/api/users', { username: 'pilot', password: 'long enough', roles: ['pilot'] });
    expect(roles.body.message).toMatch(/^roles\.0: /);
    const notJson = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(notJson.status).toBe(400);
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%252e%252e%252fsecret.txt',
  ])('serves nothing outside the dashboard for %s', async (path) => {
    const res = await rawGet(t.url, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
  });

  it('writes no password, token or cookie to the log', async () => {
    const login = await t.api<LoginDTO>(null, 'POST', '/api/auth/login', { username: 'operator', password: TEST_PASSWORD });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    await t.api(null, 'POST', '/api/auth/login', { username: 'operator', password: 'a wrong secret guess' });
    await fetch(`${t.url}/api/vehicles/v-none/commands`, { method: 'POST', headers: { authorization: `Bearer ${login.body.token}`, 'content-type': 'application/json' }, body: '{"type":"arm"}' });
    await fetch(`${t.url}/api/auth/me`, { headers: { cookie } });
    const client = await connectFleetClient(t.url, { token: login.body.token });
    client.close();
    expect(logs).toContain('/api/auth/login');
    for (const secret of [TEST_PASSWORD, 'a wrong secret guess', login.body.token, cookie.split('=')[1], login.body.csrfToken]) expect(logs).not.toContain(secret);
  });
});
