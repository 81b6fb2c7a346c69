/**
 * The simulated world the drones' cameras photograph: forest stands with clearings, a river valley
 * crossing the area, open ground, a power line with towers and spans, and the objects patrols look
 * for (see world-objects.ts). Built from the site's own shapes where given, the rest generated round
 * `center`, all from one seed: the same options always build the same world.
 */
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { LocalFrame } from '../../../missions/geo/local-frame.js';
import { polygonRings, ringCentroid } from '../../../missions/geo/rings.js';
import type { XY } from '../../../missions/geo/xy.js';
import type { LatLon } from '../../../missions/plan.js';
import { deriveSeed } from '../../link/seeded-random.js';
import { Rng } from '../rng.js';
import { Cover, GroundCover, type CoverCode } from './ground-cover.js';
import { valueNoise } from './noise.js';
import { blobRing, distanceToSegments, insideRing, pointsBounds, polylineSegments, type Bounds } from './shapes.js';
import { OBJECT_KINDS, placeObjects, type ObjectKind, type WorldObject } from './world-objects.js';

export interface WorldOptions {
  /** Any 32-bit integer. */
  seed: number;
  /** Where generated features go when the site gives none; default the middle of what it gives. */
  center?: LatLon;
  /** The forest compartment fire and tree objects are placed in; default a generated stand. */
  forest?: Polygon;
  /** Tower positions in line order; default a generated line of six towers. */
  powerLine?: LatLon[];
  /** Where rescue objects are placed; default a generated 300 m square. */
  rescueArea?: Polygon;
  /** Objects of each kind (default 3), or counts by kind. */
  objectsPerKind?: number | Partial<Record<ObjectKind, number>>;
}

/** Cover names by code, for reports and the map. */
const COVER_NAMES = Object.fromEntries(Object.entries(Cover).map(([k, v]) => [v, k])) as Record<CoverCode, keyof typeof Cover>;
/** Generated features sit this far from the centre, m. */
const FEATURE_RING_M = 350;
/** How far past the site the landscape (extra stands, the river) reaches, m. */
const LANDSCAPE_MARGIN_M = 1000;
/** The river keeps at least this far from the site's forest, m. */
const RIVER_CLEARANCE_M = 130;
const RIVER_STEP_M = 20;

export class World {
  readonly frame: LocalFrame;
  /** Forest stands (the site's first), as outlines in local metres. */
  readonly stands: XY[][];
  readonly clearings: XY[][];
  readonly river: { points: XY[]; widthM: number };
  readonly towers: XY[];
  readonly rescueArea: XY[] | null;
  readonly cover: GroundCover;
  readonly objects: readonly WorldObject[];
  /** Where smoke drifts to, degrees clockwise from north. */
  readonly windDeg: number;
  /** Where the sun shines from, degrees clockwise from north (shadows fall the other way). */
  readonly sunDeg: number;

  readonly seed: number;

  constructor(opts: WorldOptions) {
    const site = siteOf(opts);
    const seed = (this.seed = opts.seed);
    this.frame = new LocalFrame(site.center);
    const frame = this.frame;
    const rng = (stream: number): Rng => new Rng(deriveSeed(seed, stream));
    const layout = rng(1);
    const a0 = layout.range(0, Math.PI * 2);
    const around = (k: number): XY => ({ x: Math.cos(a0 + (k * 2 * Math.PI) / 3) * FEATURE_RING_M, y: Math.sin(a0 + (k * 2 * Math.PI) / 3) * FEATURE_RING_M });

    const forest = opts.forest ? polygonRings(opts.forest, frame)[0] : blobRing(layout, around(0), 130);
    this.towers = opts.powerLine ? opts.powerLine.map((p) => frame.toLocal(p)) : generatedLine(layout, around(1));
    this.rescueArea = opts.rescueArea ? polygonRings(opts.rescueArea, frame)[0] : square(around(2), 150);
    const siteBounds = pointsBounds([...forest, ...this.towers, ...this.rescueArea]);
    const land = { minX: siteBounds.minX - LANDSCAPE_MARGIN_M, minY: siteBounds.minY - LANDSCAPE_MARGIN_M, maxX: siteBounds.maxX + LANDSCAPE_MARGIN_M, maxY: siteBounds.maxY + LANDSCAPE_MARGIN_M };

    const riverRng = rng(2);
    const widthM = Math.round(riverRng.range(10, 22));
    this.river = { points: riverCourse(riverRng, ringCentroid(this.rescueArea), land, forest, seed), widthM };
    const riverSegs = polylineSegments(this.river.points);
    this.stands = [forest, ...extraStands(rng(3), land, riverSegs)];
    this.clearings = clearingsIn(rng(4), forest);
    this.cover = new GroundCover({ stands: this.stands, clearings: this.clearings, river: riverSegs, riverWidthM: widthM, powerLine: polylineSegments(this.towers), seed });

    const weather = rng(5);
    this.windDeg = Math.round(weather.range(0, 360));
    this.sunDeg = Math.round(weather.range(110, 250));
    const per = opts.objectsPerKind ?? 3;
    this.objects = placeObjects(
      rng(6),
      { forest: [forest], towers: this.towers, rescue: [this.rescueArea], cover: this.cover, windDeg: this.windDeg },
      (kind) => (typeof per === 'number' ? per : (per[kind] ?? 3)),
      (p) => frame.toLatLon(p.x, p.y),
    );
  }

  /** Objects within `radiusM` of `point`, nearest first. */
  objectsNear(point: LatLon, radiusM: number): WorldObject[] {
    const c = this.frame.toLocal(point);
    return this.objects
      .map((o) => ({ o, d: Math.hypot(o.x - c.x, o.y - c.y) }))
      .filter((e) => e.d <= radiusM)
      .sort((a, b) => a.d - b.d)
      .map((e) => e.o);
  }

  /** The ground cover at `point`: forest, clearing, river, bank, meadow or bare. */
  coverAt(point: LatLon): keyof typeof Cover {
    const p = this.frame.toLocal(point);
    return COVER_NAMES[this.cover.at(p.x, p.y)];
  }

  /**
   * The world as map features, each with a `layer` property: `forest` and `clearing` and
   * `rescue-area` polygons, the `river` and `power-line` lines, `tower` points, and `object` points
   * carrying id, kind, category, severity, sizeM, widthM and headingDeg.
   */
  toGeoJSON(): FeatureCollection {
    const pos = (p: XY): Position => {
      const g = this.frame.toLatLon(p.x, p.y);
      return [round7(g.lon), round7(g.lat)];
    };
    const polygon = (ring: XY[], properties: Record<string, unknown>): Feature => ({
      type: 'Feature',
      properties,
      geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]].map(pos)] },
    });
    const features: Feature[] = [
      ...this.stands.map((r, i) => polygon(r, { layer: 'forest', id: `stand-${i + 1}` })),
      ...this.clearings.map((r, i) => polygon(r, { layer: 'clearing', id: `clearing-${i + 1}` })),
      { type: 'Feature', properties: { layer: 'river', widthM: this.river.widthM }, geometry: { type: 'LineString', coordinates: this.river.points.map(pos) } },
      { type: 'Feature', properties: { layer: 'power-line' }, geometry: { type: 'LineString', coordinates: this.towers.map(pos) } },
      ...this.towers.map((t, i): Feature => ({ type: 'Feature', properties: { layer: 'tower', id: `tower-${i + 1}` }, geometry: { type: 'Point', coordinates: pos(t) } })),
      ...(this.rescueArea ? [polygon(this.rescueArea, { layer: 'rescue-area' })] : []),
      ...this.objects.map((o): Feature => ({
        type: 'Feature',
        properties: { layer: 'object', id: o.id, kind: o.kind, category: o.category, severity: o.severity, sizeM: o.sizeM, widthM: o.widthM, headingDeg: o.headingDeg },
        geometry: { type: 'Point', coordinates: [round7(o.lon), round7(o.lat)] },
      })),
    ];
    return { type: 'FeatureCollection', features };
  }
}

/** Builds the world described by `opts`; throws RangeError naming the first bad option. */
export function buildWorld(opts: WorldOptions): World {
  return new World(opts);
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

function siteOf(o: WorldOptions): { center: LatLon } {
  if (!Number.isInteger(o.seed)) throw new RangeError(`world seed must be an integer, got ${String(o.seed)}`);
  const points: LatLon[] = [];
  const polygon = (name: string, p: Polygon | undefined): void => {
    if (p === undefined) return;
    const ring = p?.type === 'Polygon' ? p.coordinates?.[0] : undefined;
    if (!Array.isArray(ring) || ring.length < 4) throw new RangeError(`world ${name} must be a GeoJSON Polygon with at least three corners`);
    for (const c of ring) points.push(latLon(name, { lat: c[1], lon: c[0] }));
  };
  polygon('forest', o.forest);
  polygon('rescueArea', o.rescueArea);
  if (o.powerLine !== undefined) {
    if (!Array.isArray(o.powerLine) || o.powerLine.length < 2) throw new RangeError('world powerLine must list at least two towers');
    for (const t of o.powerLine) points.push(latLon('powerLine', t));
  }
  const per = o.objectsPerKind;
  const counts = typeof per === 'number' ? [per] : Object.entries(per ?? {}).map(([k, v]) => {
    if (!Object.values(OBJECT_KINDS).some((kinds) => (kinds as readonly string[]).includes(k))) throw new RangeError(`world objectsPerKind: unknown kind '${k}'`);
    return v;
  });
  for (const n of counts) if (!(Number.isInteger(n) && n >= 0 && n <= 100)) throw new RangeError(`world objectsPerKind must be whole numbers 0-100, got ${String(n)}`);
  if (o.center) return { center: latLon('center', o.center) };
  if (points.length === 0) throw new RangeError('world needs a center or at least one of forest, powerLine and rescueArea');
  return { center: { lat: mean(points.map((p) => p.lat)), lon: mean(points.map((p) => p.lon)) } };
}

function latLon(name: string, p: LatLon): LatLon {
  if (!(Math.abs(p?.lat) < 89.9 && Math.abs(p?.lon) <= 180)) throw new RangeError(`world ${name} has an invalid position: ${String(p?.lat)}, ${String(p?.lon)}`);
  return p;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function square(c: XY, half: number): XY[] {
  return [{ x: c.x - half, y: c.y - half }, { x: c.x + half, y: c.y - half }, { x: c.x + half, y: c.y + half }, { x: c.x - half, y: c.y + half }];
}

/** Six towers 240 m apart through `through`, in a seeded direction with small bends. */
function generatedLine(rng: Rng, through: XY): XY[] {
  let h = rng.range(0, Math.PI);
  const towers: XY[] = [];
  let p = { x: through.x - Math.sin(h) * 600, y: through.y - Math.cos(h) * 600 };
  for (let i = 0; i < 6; i++) {
    towers.push(p);
    h += rng.range(-0.12, 0.12);
    p = { x: p.x + Math.sin(h) * 240, y: p.y + Math.cos(h) * 240 };
  }
  return towers;
}

/**
 * A meandering river through `anchor` (the rescue area's middle: the search is in the valley),
 * across the whole landscape, in the direction of sixteen tried that keeps farthest from the forest.
 */
function riverCourse(rng: Rng, anchor: XY, land: Bounds, forest: XY[], seed: number): XY[] {
  const offset = rng.range(0, Math.PI / 8);
  const shift = rng.range(20, 40) * (rng.next() < 0.5 ? -1 : 1);
  let best: XY[] = [];
  let bestClearance = -Infinity;
  for (let k = 0; k < 16; k++) {
    const h = offset + (k * Math.PI) / 16;
    // The datum is beside the water, not in it.
    const start = { x: anchor.x + Math.cos(h) * shift, y: anchor.y - Math.sin(h) * shift };
    const course = [...walk(start, h + Math.PI, land, seed).reverse(), start, ...walk(start, h, land, seed)];
    const segs = polylineSegments(course);
    let clearance = Math.min(...forest.map((p) => distanceToSegments(p.x, p.y, segs)));
    if (course.some((p) => insideRing(p.x, p.y, forest))) clearance = -1;
    if (clearance >= RIVER_CLEARANCE_M) return course;
    if (clearance > bestClearance) {
      bestClearance = clearance;
      best = course;
    }
  }
  return best;
}

/** Points every RIVER_STEP_M from `start` (excluded) heading `h` with a noisy meander, until out of `land`. */
function walk(start: XY, h: number, land: Bounds, seed: number): XY[] {
  const out: XY[] = [];
  let p = start;
  for (let s = 1; s < 2000; s++) {
    const bend = (valueNoise(s / 15, 0.5, seed + 41) - 0.5) * 1.6;
    p = { x: p.x + Math.sin(h + bend) * RIVER_STEP_M, y: p.y + Math.cos(h + bend) * RIVER_STEP_M };
    out.push(p);
    if (p.x < land.minX || p.x > land.maxX || p.y < land.minY || p.y > land.maxY) break;
  }
  return out;
}

/** A few more stands round the site, clear of the river valley. */
function extraStands(rng: Rng, land: Bounds, river: Float64Array): XY[][] {
  const stands: XY[][] = [];
  for (let i = 0; i < 40 && stands.length < 8; i++) {
    const c = { x: rng.range(land.minX, land.maxX), y: rng.range(land.minY, land.maxY) };
    const r = rng.range(80, 220);
    if (distanceToSegments(c.x, c.y, river) > r * 1.3 + 100) stands.push(blobRing(rng, c, r, 22));
  }
  return stands;
}

/** One or two small clearings inside the forest. */
function clearingsIn(rng: Rng, forest: XY[]): XY[][] {
  const b = pointsBounds(forest);
  const out: XY[][] = [];
  const want = rng.int(1, 2);
  for (let i = 0; i < 100 && out.length < want; i++) {
    const c = { x: rng.range(b.minX, b.maxX), y: rng.range(b.minY, b.maxY) };
    if (insideRing(c.x, c.y, forest)) out.push(blobRing(rng, c, rng.range(8, 16), 12));
  }
  return out;
}
