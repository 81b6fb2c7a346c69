/**
 * Findings and photo footprints on the map. Findings load once the map is up and again whenever
 * `queues:changed` shows more (or fewer) accepted tasks; footprints load for the area in view
 * while their layer is on. A click on a finding opens its photo crop (and re-inspection for
 * operators), on a footprint the photo, in the Fleet view only (elsewhere clicks draw).
 */
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { FindingFeature, LabelDef, QueuesChangedDTO } from '../../server/protocol-annotation.js';
import { imagesIn, listFindings, listQueues } from '../annotate/annotation-api.js';
import { colorOf, labelColors } from '../annotate/label-colors.js';
import { FINDING_HIT_LAYERS, FINDINGS_SOURCE, findingFeatures } from '../map/layers/findings.js';
import { FOOTPRINT_HIT_LAYERS, FOOTPRINT_LAYERS, FOOTPRINTS_SOURCE, footprintFeatures } from '../map/layers/footprints.js';
import { findingPopup, footprintPopup } from './finding-popup.js';
import { LayerSwitch, type SwitchableLayer } from './layer-switch.js';

/** Below this zoom the view holds too many photos to be useful. */
const FOOTPRINT_MIN_ZOOM = 12;
/** Changes arriving together reload once. */
const RELOAD_DELAY_MS = 400;

export interface FindingsPanelOptions {
  map: MapLibreMap;
  /** True while map clicks are for this panel (the Fleet view). */
  clicksEnabled(): boolean;
  openPlan?(planId: string): void;
}

/** Sum of accepted tasks over the queues: when it moves, findings were made (or removed). */
export function acceptedTotal(change: QueuesChangedDTO): number {
  return change.queues.reduce((sum, q) => sum + q.depth.accepted, 0);
}

export class FindingsPanel {
  private readonly map: MapLibreMap;
  private readonly layers: LayerSwitch;
  private features = new Map<string, FindingFeature>();
  private labels: LabelDef[] = [];
  private colors = new Map<string, string>();
  private accepted: number | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;
  private footprintSeq = 0;
  private popup: maplibregl.Popup | null = null;

  constructor(private readonly o: FindingsPanelOptions) {
    this.map = o.map;
    this.layers = new LayerSwitch((layer, on) => this.toggle(layer, on));
    this.map.addControl(this.layers, 'top-right');
    const ready = (): void => {
      this.toggle('findings', this.layers.isOn('findings'));
      this.toggle('footprints', this.layers.isOn('footprints'));
      void this.load();
    };
    if (this.map.loaded()) ready();
    else this.map.once('load', ready);
    this.map.on('moveend', () => this.layers.isOn('footprints') && void this.loadFootprints());
    this.map.on('click', FINDING_HIT_LAYERS[0], (e) => this.clickFinding(e));
    this.map.on('click', FOOTPRINT_HIT_LAYERS[0], (e) => this.clickFootprint(e));
    for (const layer of [...FINDING_HIT_LAYERS, ...FOOTPRINT_HIT_LAYERS]) {
      this.map.on('mouseenter', layer, () => this.o.clicksEnabled() && (this.map.getCanvas().style.cursor = 'pointer'));
      this.map.on('mouseleave', layer, () => (this.map.getCanvas().style.cursor = ''));
    }
  }

  /** A `queues:changed`: reload findings when the accepted count moved. */
  queuesChanged(change: QueuesChangedDTO): void {
    const total = acceptedTotal(change);
    if (total === this.accepted || this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.load();
    }, RELOAD_DELAY_MS);
  }

  /** Findings on the map now, by id (for tests and the console). */
  findingIds(): string[] {
    return [...this.features.keys()];
  }

  private async load(): Promise<void> {
    try {
      const [queues, collection] = await Promise.all([listQueues(), listFindings()]);
      this.labels = queues.flatMap((q) => q.labels);
      this.colors = labelColors(...queues.map((q) => q.labels));
      this.accepted = queues.reduce((sum, q) => sum + q.depth.accepted, 0);
      this.features = new Map(collection.features.map((f) => [f.id, f]));
      void this.map.getSource<GeoJSONSource>(FINDINGS_SOURCE)?.setData(findingFeatures(collection, (type) => colorOf(this.colors, type)));
    } catch {
      // Kept as drawn; the next change tries again.
    }
  }

  private async loadFootprints(): Promise<void> {
    const seq = ++this.footprintSeq;
    const source = this.map.getSource<GeoJSONSource>(FOOTPRINTS_SOURCE);
    if (!source) return;
    if (this.map.getZoom() < FOOTPRINT_MIN_ZOOM) return void source.setData(footprintFeatures([]));
    const b = this.map.getBounds();
    try {
      const page = await imagesIn([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
      if (seq === this.footprintSeq) void source.setData(footprintFeatures(page.images));
    } catch {
      // The next move tries again.
    }
  }

  private toggle(layer: SwitchableLayer, on: boolean): void {
    const ids = layer === 'findings' ? FINDING_HIT_LAYERS : FOOTPRINT_LAYERS;
    for (const id of ids) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    if (layer === 'footprints' && on) void this.loadFootprints();
  }

  private show(at: maplibregl.LngLatLike, content: HTMLElement): void {
    this.popup?.remove();
    this.popup = new maplibregl.Popup({ maxWidth: '280px', className: 'finding-popup-box' }).setLngLat(at).setDOMContent(content).addTo(this.map);
  }

  private clickFinding(e: MapLayerMouseEvent): void {
    if (!this.o.clicksEnabled()) return;
    const id = e.features?.[0]?.properties?.id as string | undefined;
    const f = id ? this.features.get(id) : undefined;
    if (!f?.geometry) return;
    this.show(f.geometry.coordinates, findingPopup(f.properties, { labels: this.labels, color: colorOf(this.colors, f.properties.type), openPlan: this.o.openPlan }));
  }

  private clickFootprint(e: MapLayerMouseEvent): void {
    if (!this.o.clicksEnabled()) return;
    // A finding drawn over the footprint takes the click.
    if (this.map.getLayer(FINDING_HIT_LAYERS[0]) && this.map.queryRenderedFeatures(e.point, { layers: FINDING_HIT_LAYERS }).length > 0) return;
    const props = e.features?.[0]?.properties;
    const id = props?.id as string | undefined;
    if (!id) return;
    this.show(e.lngLat, footprintPopup(id, typeof props?.capturedAt === 'number' && props.capturedAt > 0 ? props.capturedAt : null));
  }
}
