/**
 * The planner's map layers: modules like the others (sources and layers in the style), drawn
 * from the planner's own state rather than the fleet's, by `web/plan/plan-map.ts`.
 */
import type { FeatureCollection } from 'geojson';
import type { DrawnShape } from '../../plan/generate-patrol.js';
import type { PlanPreview } from '../../plan/plan-preview.js';
import type { MapLayerModule } from '../layer-module.js';

/** What the planner's layers draw. */
export interface PlanMapState {
  shape: DrawnShape | null;
  /** True while points are being added: the area is drawn open and has no midpoint handles. */
  drawing: boolean;
  preview: PlanPreview | null;
}

export interface PlanLayerModule extends MapLayerModule {
  /** New GeoJSON for the module's sources. */
  draw(state: PlanMapState): Record<string, FeatureCollection>;
}
