/**
 * Security headers on every response; a Content-Security-Policy on HTML pages (the dashboard and
 * the docs viewer); HSTS only when the request came over TLS (a plain-HTTP field laptop must keep working).
 */
import type { FastifyInstance } from 'fastify';

const ALWAYS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * The dashboard's policy. `sourceOrigins` are the operator's online map sources, which the map must
 * be allowed to fetch tiles (and styles) from.
 */
export function contentSecurityPolicy(sourceOrigins: readonly string[]): string {
  const extra = sourceOrigins.map((o) => ` ${o}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    `connect-src 'self'${extra}`,
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Adds the headers to every response of `app`. */
export function installSecurityHeaders(app: FastifyInstance, opts: { sourceOrigins: readonly string[] }): void {
  const csp = contentSecurityPolicy(opts.sourceOrigins);
  app.addHook('onSend', async (req, reply, payload) => {
    reply.headers(ALWAYS);
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) reply.header('content-security-policy', csp);
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}
