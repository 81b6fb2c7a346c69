/** Puts the planner's state on the map: its layer modules' data, and their visibility with the Plan view. */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { planFindingsLayer } from '../map/layers/plan-findings.js';
import type { PlanLayerModule, PlanMapState } from '../map/layers/plan-layer.js';
import { planPathLayer } from '../map/layers/plan-path.js';
import { planShapeLayer } from '../map/layers/plan-shape.js';

/** The planner's layer modules, bottom to top; the dashboard adds them below the vehicles. */
export const PLAN_LAYERS: readonly PlanLayerModule[] = [planPathLayer, planShapeLayer, planFindingsLayer];

export class PlanMap {
  private ready = false;
  private visible = false;
  private pending: PlanMapState | null = null;

  constructor(private readonly map: MapLibreMap) {
    const start = (): void => {
      this.ready = true;
      this.applyVisibility();
      if (this.pending) this.draw(this.pending);
    };
    if (map.loaded()) start();
    else map.once('load', start);
  }

  /** Draws `state` (now, or once the map has loaded). */
  draw(state: PlanMapState, modules: readonly PlanLayerModule[] = PLAN_LAYERS): void {
    this.pending = state;
    if (!this.ready) return;
    for (const module of modules) {
      for (const [id, data] of Object.entries(module.draw(state))) void this.map.getSource<GeoJSONSource>(id)?.setData(data);
    }
  }

  /** Shows the plan only in the Plan view. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (this.ready) this.applyVisibility();
  }

  private applyVisibility(): void {
    for (const module of PLAN_LAYERS) {
      for (const layer of module.layers) this.map.setLayoutProperty(layer.id, 'visibility', this.visible ? 'visible' : 'none');
    }
  }
}
