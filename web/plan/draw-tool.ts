/**
 * Drawing on the map: click to add an area's corners, a line's towers or a point; click the first
 * (or last) corner again, press Enter or the Finish button to end; drag a vertex to move it, drag a
 * side's midpoint to insert one, right-click a vertex to delete it. Hit tests use the projected
 * positions, not rendered features, so a grab works the moment a vertex exists.
 */
import type { Map as MapLibreMap, MapMouseEvent, MapTouchEvent } from 'maplibre-gl';
import type { LatLon } from '../../missions/plan.js';
import type { DrawnShape } from './generate-patrol.js';
import { MIN_POINTS, type ShapeKind } from './plan-settings.js';

/** How near (pixels) a pointer must be to grab a vertex or a midpoint. */
const GRAB_PX = 10;

/** Why the shape changed: points added while drawing, a drag in progress, or an edit completed. */
export type ShapeChange = 'drawing' | 'dragging' | 'edited';

export interface DrawToolOptions {
  map: MapLibreMap;
  onChange(shape: DrawnShape | null, change: ShapeChange): void;
}

type Grab = { role: 'vertex' | 'mid'; index: number };

export class DrawTool {
  private shape: DrawnShape | null = null;
  private drawingKind: ShapeKind | null = null;
  private enabled = false;
  private dragging: number | null = null;

  constructor(private readonly o: DrawToolOptions) {
    const map = o.map;
    map.on('click', (e) => this.onClick(e));
    map.on('mousedown', (e) => this.onPress(e));
    map.on('touchstart', (e) => this.onPress(e));
    map.on('mousemove', (e) => this.onMove(e));
    map.on('touchmove', (e) => this.onMove(e));
    map.on('mouseup', () => this.onRelease());
    map.on('touchend', () => this.onRelease());
    map.on('contextmenu', (e) => this.onContextMenu(e));
    document.addEventListener('keydown', (e) => {
      if (!this.enabled || !this.drawingKind || (e.target as HTMLElement | null)?.closest?.('input, select, textarea')) return;
      if (e.key === 'Enter') this.finish();
      else if (e.key === 'Escape') this.cancel();
      else if (e.key === 'Backspace') this.undoPoint();
    });
  }

  /** The current shape (null when none). */
  current(): DrawnShape | null {
    return this.shape;
  }

  /** True while points are being added. */
  isDrawing(): boolean {
    return this.drawingKind !== null;
  }

  /** Takes map input only while enabled (the Plan view is shown). */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled && this.drawingKind) this.finish();
    this.updateCursor();
  }

  /** Starts a new shape of `kind`, replacing the current one. */
  start(kind: ShapeKind): void {
    this.drawingKind = kind;
    this.shape = { kind, points: [] };
    // A double click would zoom; clicking the last corner again ends instead.
    this.o.map.doubleClickZoom.disable();
    this.updateCursor();
    this.o.onChange(this.shape, 'drawing');
  }

  /** Ends drawing; a shape with too few points is dropped. Returns true when a usable shape remains. */
  finish(): boolean {
    const kind = this.drawingKind;
    if (!kind) return !!this.shape;
    this.drawingKind = null;
    this.o.map.doubleClickZoom.enable();
    this.updateCursor();
    if (!this.shape || this.shape.points.length < MIN_POINTS[kind]) this.shape = null;
    this.o.onChange(this.shape, 'edited');
    return !!this.shape;
  }

  /** Abandons the shape being drawn. */
  cancel(): void {
    if (!this.drawingKind) return;
    this.shape = null;
    this.finish();
  }

  /** Replaces the shape (an import, a reopened plan) or clears it. */
  set(shape: DrawnShape | null): void {
    if (this.drawingKind) {
      this.drawingKind = null;
      this.o.map.doubleClickZoom.enable();
      this.updateCursor();
    }
    this.shape = shape && { ...shape, points: shape.points.map((p) => ({ ...p })) };
    this.o.onChange(this.shape, 'edited');
  }

  private undoPoint(): void {
    if (!this.shape?.points.length) return;
    this.shape.points.pop();
    this.o.onChange(this.shape, 'drawing');
  }

  private pixelOf(p: LatLon): { x: number; y: number } {
    return this.o.map.project([p.lon, p.lat]);
  }

  private near(e: MapMouseEvent | MapTouchEvent, p: LatLon): boolean {
    const q = this.pixelOf(p);
    return Math.hypot(q.x - e.point.x, q.y - e.point.y) <= GRAB_PX;
  }

  /** The vertex or side midpoint under the pointer, vertices first. */
  private grabAt(e: MapMouseEvent | MapTouchEvent): Grab | null {
    const s = this.shape;
    if (!s) return null;
    const vertex = s.points.findIndex((p) => this.near(e, p));
    if (vertex >= 0) return { role: 'vertex', index: vertex };
    if (s.kind === 'point') return null;
    const sides = s.kind === 'area' ? s.points.length : s.points.length - 1;
    for (let i = 0; i < sides; i++) {
      const a = s.points[i], b = s.points[(i + 1) % s.points.length];
      if (this.near(e, { lat: (a.lat + b.lat) / 2, lon: (a.lon + b.lon) / 2 })) return { role: 'mid', index: i };
    }
    return null;
  }

  private onClick(e: MapMouseEvent): void {
    if (!this.enabled || !this.drawingKind || !this.shape) return;
    const points = this.shape.points;
    const kind = this.drawingKind;
    const enough = points.length >= MIN_POINTS[kind];
    // Clicking the first corner closes an area; clicking the last point again ends any shape.
    if (enough && ((kind === 'area' && this.near(e, points[0])) || this.near(e, points[points.length - 1]))) {
      this.finish();
      return;
    }
    points.push({ lat: e.lngLat.lat, lon: e.lngLat.lng });
    if (kind === 'point') this.finish();
    else this.o.onChange(this.shape, 'drawing');
  }

  private onPress(e: MapMouseEvent | MapTouchEvent): void {
    if (!this.enabled || this.drawingKind || !this.shape) return;
    if ('originalEvent' in e && e.originalEvent instanceof MouseEvent && e.originalEvent.button !== 0) return;
    const grab = this.grabAt(e);
    if (!grab) return;
    // Keeps the map from panning under the drag.
    e.preventDefault();
    if (grab.role === 'mid') {
      this.shape.points.splice(grab.index + 1, 0, { lat: e.lngLat.lat, lon: e.lngLat.lng });
      this.dragging = grab.index + 1;
    } else {
      this.dragging = grab.index;
    }
    this.o.map.getCanvas().style.cursor = 'grabbing';
  }

  private onMove(e: MapMouseEvent | MapTouchEvent): void {
    if (!this.enabled) return;
    if (this.dragging === null || !this.shape) {
      if (!this.drawingKind) this.o.map.getCanvas().style.cursor = this.grabAt(e) ? 'move' : '';
      return;
    }
    this.shape.points[this.dragging] = { lat: e.lngLat.lat, lon: e.lngLat.lng };
    this.o.onChange(this.shape, 'dragging');
  }

  private onRelease(): void {
    if (this.dragging === null) return;
    this.dragging = null;
    this.updateCursor();
    this.o.onChange(this.shape, 'edited');
  }

  private onContextMenu(e: MapMouseEvent): void {
    if (!this.enabled || this.drawingKind || !this.shape) return;
    const grab = this.grabAt(e);
    if (grab?.role !== 'vertex' || this.shape.points.length <= MIN_POINTS[this.shape.kind]) return;
    e.preventDefault();
    this.shape.points.splice(grab.index, 1);
    this.o.onChange(this.shape, 'edited');
  }

  private updateCursor(): void {
    this.o.map.getCanvas().style.cursor = this.enabled && this.drawingKind ? 'crosshair' : '';
  }
}
