/**
 * Shows one base map at a time on a live map: removes the previous base map's sources and layers,
 * adds the new ones under every overlay, and sets glyphs and sprite for online styles (whose
 * documents are fetched once and kept).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { StyleSpecification } from '../style-types.js';
import { BASEMAP_PREFIX, basemapDrawing, type BasemapChoice, type BasemapDrawing } from './basemap.js';
import { styleDrawing } from './basemap-style.js';

export class BasemapLoader {
  private readonly styles = new Map<string, Promise<StyleSpecification>>();
  private spriteIds: string[] = [];
  /** Counts requests, so a slow style fetch never lands after a later choice. */
  private generation = 0;

  constructor(
    private readonly map: MapLibreMap,
    private readonly origin: string,
  ) {}

  /** Shows `choice`; rejects (leaving the offline map) when an online style cannot be fetched or read. */
  async show(choice: BasemapChoice): Promise<void> {
    const generation = ++this.generation;
    let drawing: BasemapDrawing;
    try {
      drawing = choice.kind === 'online' && choice.source.type === 'style'
        ? styleDrawing(choice.source.name, await this.style(choice.source.url), choice.source.url)
        : basemapDrawing(choice, this.origin);
    } catch (err) {
      if (generation === this.generation) this.apply({ sources: {}, layers: [] });
      throw err;
    }
    if (generation === this.generation) this.apply(drawing);
  }

  private style(url: string): Promise<StyleSpecification> {
    let pending = this.styles.get(url);
    if (!pending) {
      pending = fetch(url, { credentials: 'omit' }).then(async (r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return (await r.json()) as StyleSpecification;
      });
      // A failed fetch is tried again next time.
      pending.catch(() => this.styles.delete(url));
      this.styles.set(url, pending);
    }
    return pending;
  }

  private apply(drawing: BasemapDrawing): void {
    const map = this.map;
    const style = map.getStyle();
    for (const layer of style.layers) if (layer.id.startsWith(BASEMAP_PREFIX)) map.removeLayer(layer.id);
    for (const id of Object.keys(style.sources)) if (id.startsWith(BASEMAP_PREFIX)) map.removeSource(id);
    for (const id of this.spriteIds) map.removeSprite(id);
    this.spriteIds = [];
    map.setGlyphs(drawing.glyphs ?? null);
    // A style's single sprite URL is the default sprite, whose images its layers name without a prefix.
    if (typeof drawing.sprite === 'string') {
      map.setSprite(drawing.sprite);
      this.spriteIds.push('default');
    } else {
      for (const s of drawing.sprite ?? []) {
        map.addSprite(s.id, s.url);
        this.spriteIds.push(s.id);
      }
    }
    // Under the lowest overlay: the first layer above the background that is not a base map's.
    const before = map.getStyle().layers.find((l) => l.id !== 'background' && !l.id.startsWith(BASEMAP_PREFIX))?.id;
    for (const [id, source] of Object.entries(drawing.sources)) map.addSource(id, source);
    for (const layer of drawing.layers) map.addLayer(layer, before);
  }
}
