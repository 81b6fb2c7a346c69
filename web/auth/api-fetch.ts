/**
 * REST calls to our own server with the session cookie: writes carry the CSRF token, errors come
 * back as {@link ApiError} with the server's `{ error, message }`, and a 401 tells the app that
 * the session has ended (it shows the sign-in screen again).
 */
import type { CsrfHeader } from '../../server/protocol-auth.js';

/** The header name the server checks; the type keeps it equal to the server's. */
const CSRF_HEADER: CsrfHeader = 'x-csrf-token';

/** A failed request: HTTP status (0 when the server could not be reached) and the server's reason. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The parsed body, when there was one (e.g. a 409's current version, a 400's findings). */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let sessionEnded: () => void = () => {};

/** The token sent as `x-csrf-token` on writes; set at sign-in, cleared at sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once for every 401 on a signed-in call. */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

/** Reports a session found ended elsewhere (the live connection refused as unauthenticated). */
export function reportSessionEnded(): void {
  sessionEnded();
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ApiRequest {
  method?: string;
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal;
  /** A 401 is an answer (signing in), not the end of a session. */
  expectUnauthenticated?: boolean;
}

/** The raw response of a same-origin call; throws ApiError only when the server cannot be reached or answers 401. */
export async function apiFetch(path: string, req: ApiRequest = {}): Promise<Response> {
  const method = (req.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.json !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: req.json === undefined ? undefined : JSON.stringify(req.json),
      signal: req.signal,
    });
  } catch (err) {
    throw new ApiError(0, 'network', (err as Error).message);
  }
  if (response.status === 401 && !req.expectUnauthenticated) {
    sessionEnded();
    throw new ApiError(401, 'unauthenticated', 'the session has ended: sign in again');
  }
  return response;
}

/** A JSON call: the parsed body on success, else an ApiError carrying the server's reason. */
export async function apiJson<T>(path: string, req: ApiRequest = {}): Promise<T> {
  const response = await apiFetch(path, req);
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!response.ok) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown; message?: unknown };
    const code = typeof b.error === 'string' ? b.error : `http-${response.status}`;
    const message = typeof b.message === 'string' ? b.message : typeof b.error === 'string' ? b.error : `HTTP ${response.status}`;
    throw new ApiError(response.status, code, message, body);
  }
  return body as T;
}
