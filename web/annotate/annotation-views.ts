/**
 * The annotation side of the dashboard in one place: the Annotate and Review views, and the
 * findings and footprints on the map, all fed by the one `queues:changed` event.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MapLayerModule } from '../map/layer-module.js';
import { findingsLayer } from '../map/layers/findings.js';
import { footprintsLayer } from '../map/layers/footprints.js';
import type { FleetSocket } from '../net/socket.js';
import { FindingsPanel } from '../findings/findings-panel.js';
import { ReviewView } from '../review/review-view.js';
import { byId } from './dom.js';
import { Workstation } from './workstation.js';
import '../styles/annotate.css';

/** Map layer modules, bottom to top: footprints under findings. */
export const ANNOTATION_LAYERS: readonly MapLayerModule[] = [footprintsLayer, findingsLayer];

export interface AnnotationViews {
  /** Tells the views which one is shown (`fleet`, `plan`, `annotate`, `review`). */
  setView(view: string): void;
  findings: FindingsPanel;
}

export interface AnnotationViewsOptions {
  map: MapLibreMap;
  socket: FleetSocket;
  /** Opens a saved plan in the Plan view (for a finding's re-inspection plan). */
  openPlan?(planId: string): void;
}

/** Builds the views into `#annotate-view` and `#review-view` and hooks findings onto the map. */
export function startAnnotationViews(o: AnnotationViewsOptions): AnnotationViews {
  const workstation = new Workstation(byId('annotate-view'));
  const review = new ReviewView(byId('review-view'));
  let view = 'fleet';
  const findings = new FindingsPanel({ map: o.map, clicksEnabled: () => view === 'fleet', openPlan: o.openPlan });
  o.socket.on('queues:changed', (change) => {
    workstation.queuesChanged(change);
    review.queuesChanged();
    findings.queuesChanged(change);
  });
  return {
    setView(next) {
      view = next;
      workstation.setActive(next === 'annotate');
      review.setActive(next === 'review');
    },
    findings,
  };
}
