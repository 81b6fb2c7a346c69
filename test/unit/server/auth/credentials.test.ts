import { describe, expect, it } from 'vitest';
import { cookieValue, credentialsFrom, sessionCookie } from '../../../../server/auth/credentials.js';
import { csrfMatches, csrfTokenFor } from '../../../../server/auth/csrf.js';

describe('credentials', () => {
  it('prefers the bearer header to the cookie', () => {
    expect(credentialsFrom({ authorization: 'Bearer abc', cookie: 'fleet_session=def' })).toEqual({ token: 'abc', via: 'bearer' });
    expect(credentialsFrom({ authorization: 'Basic abc', cookie: 'a=1; fleet_session=def; b=2' })).toEqual({ token: 'def', via: 'cookie' });
    expect(credentialsFrom({})).toBeNull();
    expect(credentialsFrom({ authorization: `Bearer ${'x'.repeat(257)}` })).toBeNull();
  });

  it('reads one cookie by exact name', () => {
    expect(cookieValue('xfleet_session=1; fleet_session=2', 'fleet_session')).toBe('2');
    expect(cookieValue('fleet_session=', 'fleet_session')).toBeNull();
    expect(cookieValue(undefined, 'fleet_session')).toBeNull();
  });

  it('writes the cookie with its flags', () => {
    expect(sessionCookie('tok', 3_600_000, false)).toBe('fleet_session=tok; HttpOnly; SameSite=Strict; Path=/; Max-Age=3600');
    expect(sessionCookie('', 0, true)).toBe('fleet_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure');
  });
});

describe('CSRF tokens', () => {
  it('match only their own session', () => {
    const token = csrfTokenFor('session-a');
    expect(csrfMatches(token, 'session-a')).toBe(true);
    expect(csrfMatches(token, 'session-b')).toBe(false);
    expect(csrfMatches(undefined, 'session-a')).toBe(false);
    expect(csrfMatches([token, token], 'session-a')).toBe(false);
    expect(csrfMatches(token.slice(1), 'session-a')).toBe(false);
  });
});
