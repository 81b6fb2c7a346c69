/**
 * The things a patrol looks for, placed in the simulated world with a seeded generator: fire, smoke
 * and dead trees in the forest; faults on the power line's towers and spans; people and what they
 * leave behind in the rescue area. Each has a known ground position and extent, the ground truth
 * photos are checked against.
 */
import type { XY } from '../../../missions/geo/xy.js';
import type { Rng } from '../rng.js';
import { Cover, type GroundCover } from './ground-cover.js';
import { insideRing, pointsBounds } from './shapes.js';

/** Object kinds by the patrol that looks for them. */
export const OBJECT_KINDS = {
  forest: ['fire', 'smoke', 'dead-tree'],
  'power-line': ['damaged-insulator', 'bird-nest', 'foreign-object', 'vegetation-too-close', 'broken-strand'],
  rescue: ['person', 'vehicle', 'shelter', 'signal'],
} as const;

export type ObjectCategory = keyof typeof OBJECT_KINDS;
export type ObjectKind = (typeof OBJECT_KINDS)[ObjectCategory][number];
export type Severity = 'low' | 'medium' | 'high';

/** One placed object. */
export interface WorldObject {
  /** Kind and number, e.g. `fire-2`; stable for a seed. */
  id: string;
  kind: ObjectKind;
  category: ObjectCategory;
  lat: number;
  lon: number;
  /** Metres east and north of the world's origin. */
  x: number;
  y: number;
  /** Extent along `headingDeg`, m (a smoke plume's length, a vehicle's length, a crown's diameter). */
  sizeM: number;
  /** Extent across `headingDeg`, m. */
  widthM: number;
  /** Which way it points, degrees clockwise from north (smoke: the way it drifts). */
  headingDeg: number;
  severity: Severity;
}

/** Size ranges (metres along) and width as a share of it, per kind. */
const SHAPE: Record<ObjectKind, { min: number; max: number; width: number }> = {
  fire: { min: 2, max: 6, width: 1 },
  smoke: { min: 12, max: 28, width: 0.5 },
  'dead-tree': { min: 3, max: 6, width: 1 },
  'damaged-insulator': { min: 1, max: 1.4, width: 0.35 },
  'bird-nest': { min: 0.8, max: 1.2, width: 1 },
  'foreign-object': { min: 1.2, max: 2.2, width: 0.7 },
  'vegetation-too-close': { min: 5, max: 8, width: 1 },
  'broken-strand': { min: 2.5, max: 4, width: 0.6 },
  person: { min: 1.6, max: 1.85, width: 0.35 },
  vehicle: { min: 4.2, max: 4.8, width: 0.42 },
  shelter: { min: 2.5, max: 3.5, width: 0.85 },
  signal: { min: 3.5, max: 5, width: 1 },
};

const CATEGORY = Object.fromEntries(
  Object.entries(OBJECT_KINDS).flatMap(([cat, kinds]) => kinds.map((k) => [k, cat])),
) as Record<ObjectKind, ObjectCategory>;

/** Where objects may go, in local metres. */
export interface PlacementSites {
  forest: XY[][];
  /** Tower positions, in line order. */
  towers: XY[];
  rescue: XY[][];
  cover: GroundCover;
  /** Downwind heading for smoke, degrees. */
  windDeg: number;
}

/** Half the spacing of a line's conductors, m: the outer ones hang this far either side of the middle. */
export const CONDUCTOR_OFFSET_M = 5;

const ATTEMPTS = 200;

/**
 * Places `count(kind)` objects of every kind whose site exists, apart from each other. Kinds whose
 * site is missing (no forest, no line, no rescue area) get none; a crowded site may get fewer.
 */
export function placeObjects(rng: Rng, sites: PlacementSites, count: (kind: ObjectKind) => number, toGeo: (p: XY) => { lat: number; lon: number }): WorldObject[] {
  const placed: WorldObject[] = [];
  const fires: WorldObject[] = [];
  for (const [category, kinds] of Object.entries(OBJECT_KINDS) as [ObjectCategory, readonly ObjectKind[]][]) {
    for (const kind of kinds) {
      for (let n = 1; n <= count(kind); n++) {
        const shape = SHAPE[kind];
        const sizeM = round2(rng.range(shape.min, shape.max));
        const spot = findSpot(rng, kind, sizeM, sites, placed, fires[n - 1]);
        if (!spot) break;
        const o: WorldObject = {
          id: `${kind}-${n}`,
          kind,
          category,
          ...toGeo(spot.at),
          x: spot.at.x,
          y: spot.at.y,
          sizeM,
          widthM: round2(sizeM * shape.width),
          headingDeg: Math.round(spot.heading * 10) / 10,
          severity: severity(rng, kind),
        };
        placed.push(o);
        if (kind === 'fire') fires.push(o);
      }
    }
  }
  return placed;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function severity(rng: Rng, kind: ObjectKind): Severity {
  if (kind === 'person' || kind === 'fire') return rng.next() < 0.7 ? 'high' : 'medium';
  const r = rng.next();
  return r < 0.35 ? 'low' : r < 0.75 ? 'medium' : 'high';
}

/** A free spot for one object and its heading, or null when none is found. */
function findSpot(rng: Rng, kind: ObjectKind, size: number, s: PlacementSites, placed: readonly WorldObject[], fire?: WorldObject): { at: XY; heading: number } | null {
  for (let i = 0; i < ATTEMPTS; i++) {
    const c = candidate(rng, kind, size, s, fire);
    if (!c) return null;
    // Smoke is translucent and drifts over whatever is below; everything else keeps apart.
    const clear = kind === 'smoke' || placed.every((o) => o.kind === 'smoke' || Math.hypot(o.x - c.at.x, o.y - c.at.y) > (o.sizeM + size) / 2 + 1.5);
    if (clear) return c;
  }
  return null;
}

function candidate(rng: Rng, kind: ObjectKind, size: number, s: PlacementSites, fire?: WorldObject): { at: XY; heading: number } | null {
  const anyHeading = rng.range(0, 360);
  switch (CATEGORY[kind]) {
    case 'forest': {
      if (kind === 'smoke') {
        // Smoke drifts downwind from its fire (or from a smouldering spot where there is none).
        const src = fire ?? pointIn(rng, s.forest, s.cover, Cover.forest);
        if (!src) return null;
        const h = (s.windDeg + rng.range(-15, 15)) * (Math.PI / 180);
        return { at: { x: src.x + Math.sin(h) * size * 0.5, y: src.y + Math.cos(h) * size * 0.5 }, heading: h * (180 / Math.PI) };
      }
      const at = pointIn(rng, s.forest, s.cover, Cover.forest);
      return at && { at, heading: anyHeading };
    }
    case 'power-line':
      return lineSpot(rng, kind, s.towers);
    case 'rescue': {
      const at = pointIn(rng, s.rescue, s.cover, -1);
      return at && { at, heading: anyHeading };
    }
  }
}

/** A point inside one of `areas` (chosen by area) whose cover is `want` (−1: anything but water). */
function pointIn(rng: Rng, areas: XY[][], cover: GroundCover, want: number): XY | null {
  if (areas.length === 0) return null;
  for (let i = 0; i < ATTEMPTS; i++) {
    const ring = areas[rng.int(0, areas.length - 1)];
    const b = pointsBounds(ring);
    const p = { x: rng.range(b.minX, b.maxX), y: rng.range(b.minY, b.maxY) };
    if (!insideRing(p.x, p.y, ring)) continue;
    const c = cover.at(p.x, p.y);
    if (want === -1 ? c !== Cover.river && c !== Cover.bank : c === want) return p;
  }
  return null;
}

/** On a tower (insulators at the cross-arm ends, nests near the top), on a span, or beside one. */
function lineSpot(rng: Rng, kind: ObjectKind, towers: XY[]): { at: XY; heading: number } | null {
  if (towers.length < 2) return null;
  const i = rng.int(0, towers.length - 2);
  const a = towers[i], b = towers[i + 1];
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
  // Across the line, to the right of its direction.
  const rx = uy, ry = -ux;
  const lineHeading = Math.atan2(ux, uy) * (180 / Math.PI);
  const side = rng.next() < 0.5 ? -1 : 1;
  const along = (t: number, off: number): XY => ({ x: a.x + ux * len * t + rx * off, y: a.y + uy * len * t + ry * off });
  switch (kind) {
    case 'damaged-insulator':
      return { at: along(rng.int(0, 1), side * CONDUCTOR_OFFSET_M), heading: lineHeading };
    case 'bird-nest':
      return { at: along(rng.int(0, 1), rng.range(-1.5, 1.5)), heading: rng.range(0, 360) };
    case 'vegetation-too-close':
      return { at: along(rng.range(0.15, 0.85), side * rng.range(CONDUCTOR_OFFSET_M + 2, CONDUCTOR_OFFSET_M + 6)), heading: rng.range(0, 360) };
    default:
      // Foreign objects and broken strands hang on one of the three conductors.
      return { at: along(rng.range(0.15, 0.85), rng.int(-1, 1) * CONDUCTOR_OFFSET_M), heading: lineHeading };
  }
}
