/** Where a request or socket handshake carries its session token: a bearer header or the session cookie. */
import { SESSION_COOKIE } from '../protocol-auth.js';

/** A token and how it came. */
export interface Credentials {
  token: string;
  via: 'bearer' | 'cookie';
}

/** Tokens are 43 characters; anything far longer is not one of ours and is not hashed. */
export const MAX_TOKEN_LENGTH = 256;

/** The bearer token, else the session cookie, from request headers; null when neither is present. */
export function credentialsFrom(headers: { authorization?: string; cookie?: string }): Credentials | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) return bearer.length <= MAX_TOKEN_LENGTH ? { token: bearer, via: 'bearer' } : null;
  const cookie = cookieValue(headers.cookie, SESSION_COOKIE);
  return cookie && cookie.length <= MAX_TOKEN_LENGTH ? { token: cookie, via: 'cookie' } : null;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** The Set-Cookie value that stores `token` for `maxAgeMs` (or clears it with 0). */
export function sessionCookie(token: string, maxAgeMs: number, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
