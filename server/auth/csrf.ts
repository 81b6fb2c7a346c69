/**
 * CSRF tokens for cookie sessions: derived from the session id, so nothing extra is stored and a
 * token is useless without the session it belongs to. Bearer requests need none (a browser never
 * attaches a bearer header on its own).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The token a cookie-authenticated write must carry in `x-csrf-token`. */
export function csrfTokenFor(sessionId: string): string {
  return createHash('sha256').update(`csrf:${sessionId}`).digest('base64url');
}

/** True when `given` (the header, possibly absent or repeated) is the session's token. */
export function csrfMatches(given: string | string[] | undefined, sessionId: string): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
