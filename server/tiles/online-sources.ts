/**
 * Online base maps the operator configures: raster `{z}/{x}/{y}` templates and MapLibre style
 * documents (vector tiles), from a JSON file, repeatable `--tile-source NAME=URL` flags, and the
 * older single `--tiles URL` (kept, as source `online`).
 */
import { z } from 'zod';
import type { OnlineTileSourceDTO } from '../protocol-tiles.js';

/** Names are URL- and id-safe. */
export const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const HttpUrl = z.string().refine((u) => /^https?:\/\/[^\s/]+/i.test(u), 'must be an http(s) URL');

const OnlineSourceSchema = z.strictObject({
  name: z.string().regex(SOURCE_NAME, 'letters, digits, - and _ only (at most 64)'),
  title: z.string().max(100).optional(),
  type: z.enum(['raster', 'style']).optional(),
  url: HttpUrl,
  attribution: z.string().max(500).optional(),
  tileSize: z.union([z.literal(256), z.literal(512)]).optional(),
  maxzoom: z.number().int().min(0).max(24).optional(),
});
export type OnlineSourceInput = z.input<typeof OnlineSourceSchema>;

/** The type a URL implies when none is given: a template with `{z}` is raster, anything else a style. */
function typeOf(url: string): 'raster' | 'style' {
  return url.includes('{z}') ? 'raster' : 'style';
}

function complete(s: z.output<typeof OnlineSourceSchema>): OnlineTileSourceDTO {
  const type = s.type ?? typeOf(s.url);
  if (type === 'raster' && !(s.url.includes('{z}') && s.url.includes('{x}') && s.url.includes('{y}'))) {
    throw new Error(`tile source '${s.name}': a raster url needs {z}, {x} and {y}`);
  }
  return { name: s.name, title: s.title ?? s.name, type, url: s.url, attribution: s.attribution ?? null, tileSize: s.tileSize ?? 256, maxzoom: s.maxzoom ?? 19 };
}

/** Sources from a JSON document (an array of `{ name, url, type?, title?, attribution?, tileSize?, maxzoom? }`); throws naming the bad field. */
export function parseOnlineSources(json: string, where: string): OnlineTileSourceDTO[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new Error(`${where}: not JSON (${(err as Error).message})`, { cause: err });
  }
  const r = z.array(OnlineSourceSchema).max(50).safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new Error(`${where}: ${path || 'document'}: ${i.message}`);
  }
  return unique(r.data.map(complete), where);
}

/** One `NAME=URL` flag value. */
export function parseSourceFlag(text: string): OnlineTileSourceDTO {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--tile-source must be NAME=URL, got '${text}'`);
  const r = OnlineSourceSchema.safeParse({ name: text.slice(0, eq), url: text.slice(eq + 1) });
  if (!r.success) throw new Error(`--tile-source ${text}: ${r.error.issues[0].path.join('.')} ${r.error.issues[0].message}`);
  return complete(r.data);
}

/** The legacy `--tiles URL` as the raster source `online`. */
export function legacySource(url: string, attribution: string | null): OnlineTileSourceDTO {
  const r = OnlineSourceSchema.safeParse({ name: 'online', url, type: 'raster', ...(attribution ? { attribution } : {}) });
  if (!r.success) throw new Error(`--tiles ${url}: ${r.error.issues[0].message}`);
  return complete(r.data);
}

/** Refuses two sources of one name. */
export function unique(sources: OnlineTileSourceDTO[], where: string): OnlineTileSourceDTO[] {
  const seen = new Set<string>();
  for (const s of sources) {
    if (seen.has(s.name)) throw new Error(`${where}: tile source '${s.name}' is named twice`);
    seen.add(s.name);
  }
  return sources;
}

/** The origins the dashboard's Content-Security-Policy must allow for these sources. */
export function sourceOrigins(sources: readonly OnlineTileSourceDTO[]): string[] {
  const origins = new Set<string>();
  for (const s of sources) {
    try {
      origins.add(new URL(s.url.replace(/\{[^}]*\}/g, '0')).origin);
    } catch {
      // validated as http(s) already; nothing to allow otherwise
    }
  }
  return [...origins];
}
