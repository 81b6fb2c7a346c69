/** A site's own map layers, imported as GeoJSON (forest compartments, power lines, villages …). */
import type { FeatureCollection } from 'geojson';

/** One layer: its name and features. Features may carry simplestyle properties (`stroke`, `fill`, `stroke-width`, `fill-opacity`). */
export interface SiteLayerDTO {
  name: string;
  data: FeatureCollection;
}

/** `GET /api/sites/:id/layers`. */
export interface SiteLayersDTO {
  siteId: string;
  layers: SiteLayerDTO[];
}
