/** Downloads one photo from the drone's camera server, refusing anything that is not a JPEG of sane size. */
import { isJpeg } from './jpeg-info.js';

/** Largest photo accepted, bytes (a 20 MP JPEG is 5–15 MB; RAW-size JPEGs stay well under this). */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

/** Why a fetch failed; every failure is retried until the attempts run out. */
export class FetchImageError extends Error {
  override name = 'FetchImageError';
}

export interface FetchImageOptions {
  maxBytes?: number;
  signal?: AbortSignal;
  /** The fetch to use (tests and benchmarks may pass their own); default the global one. */
  fetch?: typeof fetch;
}

const ACCEPTED_TYPES = ['image/jpeg', 'image/jpg', 'image/pjpeg', 'application/octet-stream', 'binary/octet-stream'];

/** The body of `url`, checked: status 200, a JPEG content type (or none), within the size limit, JPEG magic bytes. */
export async function fetchImage(url: string, opts: FetchImageOptions = {}): Promise<Buffer> {
  const max = opts.maxBytes ?? MAX_IMAGE_BYTES;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchImageError(`not a URL: ${url.slice(0, 200)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FetchImageError(`unsupported URL scheme ${parsed.protocol} (http or https only)`);
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(parsed, { signal: opts.signal, redirect: 'follow' });
  } catch (err) {
    throw new FetchImageError(`cannot reach ${parsed.host}: ${causeOf(err)}`);
  }
  try {
    if (res.status !== 200) throw new FetchImageError(`HTTP ${res.status} from ${parsed.host}${parsed.pathname}`);
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type && !ACCEPTED_TYPES.includes(type)) throw new FetchImageError(`content type ${type} is not a JPEG`);
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length) && length > max) throw new FetchImageError(`file of ${length} bytes is over the ${max}-byte limit`);
    const bytes = await readLimited(res, max);
    if (!isJpeg(bytes)) throw new FetchImageError('file does not start with the JPEG marker');
    return bytes;
  } finally {
    // An unread body keeps the connection busy.
    if (!res.bodyUsed) await res.body?.cancel().catch(() => {});
  }
}

async function readLimited(res: Response, max: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > max) throw new FetchImageError(`file is over the ${max}-byte limit`);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof FetchImageError) throw err;
    throw new FetchImageError(`download broke off after ${size} bytes: ${causeOf(err)}`);
  }
  return Buffer.concat(chunks, size);
}

/** undici hides the real reason (ECONNREFUSED …) in `cause`. */
function causeOf(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  if (e?.cause?.code) return e.cause.code;
  return e?.cause?.message ?? e?.message ?? String(err);
}
