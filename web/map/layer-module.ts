/**
 * The shape of one map layer module (`web/map/layers/<name>.ts`): the sources and layers
 * it adds, and the data it draws for a given state.
 */
import type { FeatureCollection } from 'geojson';
import type { FleetStore } from '../fleet/store.js';
import type { ViewBounds } from './graticule.js';
import type { LayerSpecification, SourceSpecification } from './style-types.js';

/** Everything layer modules draw from. */
export interface MapRenderState {
  fleet: FleetStore;
  selectedId: string | null;
  /** Visible area and zoom. */
  view: { bounds: ViewBounds; zoom: number };
}

/** Kinds of change a module can depend on. */
export type MapChange = 'fleet' | 'trails' | 'selection' | 'view';

export interface MapLayerModule {
  /** Unique module name. */
  readonly name: string;
  /** Sources this module owns, by id. GeoJSON sources start empty. */
  readonly sources: Readonly<Record<string, SourceSpecification>>;
  /** Layers in drawing order (first is lowest). */
  readonly layers: readonly LayerSpecification[];
  /** Changes that make this module's data stale. */
  readonly dependsOn: readonly MapChange[];
  /** New GeoJSON for some or all of its sources; omitted sources keep their data. */
  update?(state: MapRenderState): Record<string, FeatureCollection>;
}

/** An empty GeoJSON source specification. */
export function emptyGeoJsonSource(): SourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}
