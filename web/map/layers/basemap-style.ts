/**
 * An online MapLibre style document as a base map: its sources and layers renamed under the
 * base-map prefix (so they never clash with overlays and can be removed together), with its
 * glyphs and sprite.
 */
import type { LayerSpecification, SourceSpecification, StyleSpecification } from '../style-types.js';
import { BASEMAP_PREFIX, type BasemapDrawing } from './basemap.js';

/** The style's drawing, every id prefixed with `basemap-<name>-`. */
export function styleDrawing(name: string, style: StyleSpecification, styleUrl: string): BasemapDrawing {
  if (style?.version !== 8 || !Array.isArray(style.layers) || typeof style.sources !== 'object') {
    throw new Error(`${styleUrl} is not a MapLibre style (version 8 with sources and layers)`);
  }
  const prefix = `${BASEMAP_PREFIX}${name}-`;
  const sources: Record<string, SourceSpecification> = {};
  for (const [id, source] of Object.entries(style.sources)) sources[prefix + id] = withAbsoluteUrls(source, styleUrl);
  const layers = style.layers.map((layer): LayerSpecification => {
    const renamed = { ...layer, id: prefix + layer.id } as LayerSpecification & { source?: unknown };
    if (typeof renamed.source === 'string') renamed.source = prefix + renamed.source;
    return renamed;
  });
  return { sources, layers, glyphs: style.glyphs ? resolve(style.glyphs, styleUrl) : undefined, sprite: spriteOf(style.sprite, styleUrl) };
}

/** A relative URL in a style means relative to the style document (braces kept as written). */
function resolve(url: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  const origin = new URL(base).origin;
  return url.startsWith('/') ? origin + url : base.replace(/[^/]*$/, '') + url;
}

function withAbsoluteUrls(source: SourceSpecification, base: string): SourceSpecification {
  const s = { ...source } as SourceSpecification & { url?: string; tiles?: string[] };
  if (typeof s.url === 'string') s.url = resolve(s.url, base);
  if (Array.isArray(s.tiles)) s.tiles = s.tiles.map((t) => resolve(t, base));
  return s;
}

function spriteOf(sprite: StyleSpecification['sprite'], base: string): StyleSpecification['sprite'] {
  if (sprite === undefined) return undefined;
  return typeof sprite === 'string' ? resolve(sprite, base) : sprite.map((s) => ({ ...s, url: resolve(s.url, base) }));
}
