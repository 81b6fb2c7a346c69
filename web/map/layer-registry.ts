/**
 * Runs the layer modules on a live map: asks each module whose inputs changed for new data
 * and pushes it with one `setData` per source per call.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { MapChange, MapLayerModule, MapRenderState } from './layer-module.js';

export class LayerRegistry {
  constructor(
    private readonly map: MapLibreMap,
    readonly modules: readonly MapLayerModule[],
  ) {}

  /** Redraws the modules that depend on any of `changes`. */
  update(state: MapRenderState, changes: ReadonlySet<MapChange>): void {
    for (const module of this.modules) {
      if (!module.update || !module.dependsOn.some((c) => changes.has(c))) continue;
      for (const [sourceId, data] of Object.entries(module.update(state))) {
        const source = this.map.getSource<GeoJSONSource>(sourceId);
        // setData posts to the worker; its promise is not awaited so calls never pile up.
        void source?.setData(data);
      }
    }
  }

  /** Layer ids of one module. */
  layerIds(moduleName: string): string[] {
    return this.modules.find((m) => m.name === moduleName)?.layers.map((l) => l.id) ?? [];
  }
}
