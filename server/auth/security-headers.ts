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
 * The dashboard's policy. `tileUrl` is the operator's online tile source, whose origin the map
 * must be allowed to fetch from.
 */
export function contentSecurityPolicy(tileUrl: string | null): string {
  const tiles = tileOrigin(tileUrl);
  const extra = tiles ? ` ${tiles}` : '';
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

/** The origin of a `{z}/{x}/{y}` URL template, or null when it has none we can name. */
function tileOrigin(template: string | null): string | null {
  if (!template) return null;
  try {
    const url = new URL(template.replace(/\{[^}]*\}/g, '0'));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Adds the headers to every response of `app`. */
export function installSecurityHeaders(app: FastifyInstance, opts: { tileUrl: string | null }): void {
  const csp = contentSecurityPolicy(opts.tileUrl);
  app.addHook('onSend', async (req, reply, payload) => {
    reply.headers(ALWAYS);
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) reply.header('content-security-policy', csp);
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}
