/**
 * The HTTP server a companion computer runs beside the camera: `GET /photos/<n>.jpg` serves photo n,
 * `GET /truth/<n>.json` what it shows. One server holds several cameras, each under its own path
 * prefix (`/<prefix>/photos/<n>.jpg`; the empty prefix is the root). Anything else is 404; paths are
 * matched whole, so no request reaches outside what a camera holds. For ingest tests it can answer
 * photo requests with 503 at a seeded rate and hold every photo back by a delay on the clock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../clock.js';
import { RealClock } from '../../clock.js';
import { Rng } from '../rng.js';

/** What a mounted camera offers. */
export interface PhotoSource {
  jpeg(index: number): Buffer | undefined;
  truth(index: number): unknown;
}

export interface PhotoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Share of photo requests answered 503 Service Unavailable, 0–1; default 0. */
  failRate?: number;
  /** Clock ms each photo answer is held back; default 0. */
  delayMs?: number;
  /** Seed for which requests fail; default 1. */
  seed?: number;
  /** Default: the wall clock. */
  clock?: Clock;
}

export interface PhotoServer {
  /** `http://host:port`, with a wildcard host shown as 127.0.0.1. */
  readonly url: string;
  readonly port: number;
  /** Where the camera mounted at `prefix` is served: announce `<baseUrl>/photos/<n>.jpg`. */
  baseUrl(prefix: string): string;
  /** Serves `source` under `prefix` (letters, digits, `-` and `_`; '' for the root). */
  mount(prefix: string, source: PhotoSource): void;
  /** Photo requests answered so far, and how many of them with an injected 503. */
  readonly stats: { photos: number; failed: number };
  stop(): Promise<void>;
}

const PATH = /^\/(?:([A-Za-z0-9_-]+)\/)?(?:photos\/(\d{1,9})\.jpg|truth\/(\d{1,9})\.json)$/;
const PREFIX = /^[A-Za-z0-9_-]*$/;

/** Starts the server; rejects when the port is taken or an option is out of range. */
export async function startPhotoServer(opts: PhotoServerOptions = {}): Promise<PhotoServer> {
  const failRate = opts.failRate ?? 0;
  const delayMs = opts.delayMs ?? 0;
  if (!(failRate >= 0 && failRate <= 1)) throw new RangeError(`photo fail rate must be between 0 and 1, got ${failRate}`);
  if (!(delayMs >= 0 && Number.isFinite(delayMs))) throw new RangeError(`photo delay must be 0 or more ms, got ${delayMs}`);
  const clock = opts.clock ?? new RealClock();
  const rng = new Rng(opts.seed ?? 1);
  const sources = new Map<string, PhotoSource>();
  const stats = { photos: 0, failed: 0 };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: 'method_not_allowed', message: `${req.method} is not served; use GET` }, { allow: 'GET, HEAD' });
    const path = (req.url ?? '').split('?')[0];
    const m = PATH.exec(path);
    const source = m ? sources.get(m[1] ?? '') : undefined;
    if (!m || !source) return reply(res, 404, { error: 'not_found', message: `nothing at ${path.slice(0, 200)}` });
    if (m[3] !== undefined) {
      const truth = source.truth(Number(m[3]));
      return truth === undefined ? reply(res, 404, { error: 'not_found', message: `no photo ${m[3]}` }) : reply(res, 200, truth);
    }
    const index = Number(m[2]);
    stats.photos++;
    const answer = (): void => {
      if (res.destroyed) return;
      if (failRate > 0 && rng.next() < failRate) {
        stats.failed++;
        return reply(res, 503, { error: 'unavailable', message: 'camera busy, try again' }, { 'retry-after': '1' });
      }
      const bytes = source.jpeg(index);
      if (!bytes) return reply(res, 404, { error: 'not_found', message: `no photo ${index}` });
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length, 'cache-control': 'public, max-age=31536000, immutable' });
      res.end(bytes);
    };
    if (delayMs > 0) clock.setTimeout(answer, delayMs);
    else answer();
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      // A rendering fault answers 500 and leaves the server up.
      if (!res.headersSent) reply(res, 500, { error: 'internal', message: (err as Error).message });
    }
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}`;
  return {
    url,
    port,
    stats,
    baseUrl: (prefix) => (prefix ? `${url}/${prefix}` : url),
    mount: (prefix, source) => {
      if (!PREFIX.test(prefix)) throw new RangeError(`photo path prefix may hold only letters, digits, '-' and '_', got '${prefix}'`);
      sources.set(prefix, source);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
