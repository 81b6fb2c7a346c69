/**
 * Loads every site with its imported layers into the site layers on a live map; `reload()` again
 * when a site changes (`sites:changed`). Sites the user may not read, or a server without layers,
 * leave the layers empty rather than failing the map.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { SiteLayersDTO } from '../../../server/protocol-site-layers.js';
import type { SiteDTO } from '../../../server/protocol-plans.js';
import { apiJson } from '../../auth/api-fetch.js';
import { siteFeatures } from './site-layers.js';

export class SiteLayersLoader {
  /** Counts loads, so an older, slower load never overwrites a newer one. */
  private generation = 0;

  constructor(private readonly map: MapLibreMap) {}

  /** Loads as soon as the map's style is ready. */
  start(): void {
    if (this.map.isStyleLoaded()) void this.reload();
    else this.map.once('load', () => void this.reload());
  }

  async reload(): Promise<void> {
    const generation = ++this.generation;
    let sites: SiteDTO[];
    try {
      sites = await apiJson<SiteDTO[]>('/api/sites');
    } catch {
      return;
    }
    const imports = await Promise.all(sites.map((s) => apiJson<SiteLayersDTO>(`/api/sites/${encodeURIComponent(s.id)}/layers`).catch(() => null)));
    if (generation !== this.generation) return;
    const data = siteFeatures(sites, imports.filter((i): i is SiteLayersDTO => i !== null));
    for (const [id, fc] of Object.entries(data)) void this.map.getSource<GeoJSONSource>(id)?.setData(fc);
  }
}
