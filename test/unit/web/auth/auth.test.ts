import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PERMISSIONS } from '../../../../server/protocol-auth.js';
import { ApiError, apiFetch, apiJson, onSessionEnded, setCsrfToken } from '../../../../web/auth/api-fetch.js';
import { loginErrorKey } from '../../../../web/auth/login-screen.js';
import { viewFromHash } from '../../../../web/app/view-switch.js';

describe('hiding what a role cannot do', () => {
  it('has a rule hiding data-permission elements for every permission there is', () => {
    const css = readFileSync('web/styles/auth.css', 'utf8');
    for (const permission of Object.keys(PERMISSIONS)) {
      expect(css, permission).toContain(`body:not([data-can~="${permission}"]) [data-permission="${permission}"]`);
    }
  });
});

describe('apiFetch', () => {
  const calls: { url: string; init: RequestInit }[] = [];
  const answer = (status: number, body: unknown) =>
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(body === null ? null : JSON.stringify(body), { status });
    });

  afterEach(() => {
    vi.unstubAllGlobals();
    calls.length = 0;
    setCsrfToken(null);
    onSessionEnded(() => {});
  });

  it('sends the CSRF token on writes only, with the cookie of our own origin', async () => {
    answer(200, { ok: 1 });
    setCsrfToken('tok');
    await apiJson('/api/plans', { method: 'POST', json: { name: 'x' } });
    await apiJson('/api/plans');
    const [post, get] = calls.map((c) => c.init);
    expect(post.headers).toMatchObject({ 'x-csrf-token': 'tok', 'content-type': 'application/json' });
    expect(post.body).toBe('{"name":"x"}');
    expect(post.credentials).toBe('same-origin');
    expect(get.headers).not.toHaveProperty('x-csrf-token');
  });

  it('turns an error answer into an ApiError with the server\'s code, message and body', async () => {
    answer(409, { error: 'conflict', message: 'plan p was changed by someone else', currentVersion: 4 });
    const err = await apiJson('/api/plans/p', { method: 'PUT', json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'conflict', message: 'plan p was changed by someone else', body: { currentVersion: 4 } });
  });

  it('reports the end of the session on a 401, unless a 401 is an expected answer', async () => {
    const ended = vi.fn();
    onSessionEnded(ended);
    answer(401, { error: 'unauthenticated' });
    await expect(apiFetch('/api/plans')).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(apiJson('/api/auth/login', { method: 'POST', json: {}, expectUnauthenticated: true })).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiFetch('/api/plans')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('sign-in messages and views', () => {
  it('tells wrong credentials, too many attempts and an unreachable server apart', () => {
    expect(loginErrorKey(new ApiError(401, 'invalid_credentials', 'x'))).toBe('auth.error.credentials');
    expect(loginErrorKey(new ApiError(429, 'rate_limited', 'x'))).toBe('auth.error.rateLimited');
    expect(loginErrorKey(new ApiError(0, 'network', 'x'))).toBe('auth.error.network');
    expect(loginErrorKey(new ApiError(500, 'internal', 'x'))).toBe('auth.error.server');
    expect(loginErrorKey(new Error('boom'))).toBe('auth.error.server');
  });

  it('opens the Plan view from #plan and the Fleet view otherwise', () => {
    expect(viewFromHash('#plan')).toBe('plan');
    expect(viewFromHash('')).toBe('fleet');
    expect(viewFromHash('#elsewhere')).toBe('fleet');
  });
});
