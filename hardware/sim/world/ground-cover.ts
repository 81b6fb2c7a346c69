/**
 * What covers the ground at any point of the simulated world: forest stands with clearings, a river
 * with gravel banks in a meadow valley, the power line's cleared right of way, and open ground that
 * is meadow or bare soil by patches. Edges are roughened with noise so stands do not look cut out.
 */
import type { XY } from '../../../missions/geo/xy.js';
import { fbm, valueNoise } from './noise.js';
import { boundsMeet, distanceToSegments, insideRing, pointsBounds, segmentsNear, type Bounds, type Segments } from './shapes.js';

/** Ground cover classes, as small integers for the renderer's tables. */
export const Cover = { bare: 0, meadow: 1, forest: 2, clearing: 3, river: 4, bank: 5 } as const;
export type CoverCode = (typeof Cover)[keyof typeof Cover];

/** Half the width kept clear of trees under the power line, m. */
export const RIGHT_OF_WAY_M = 12;
/** Gravel bank beside the water, m. */
const BANK_M = 6;
/** Meadow on each side of the river, m. */
const VALLEY_M = 90;
/** How far stand and clearing edges wander from their outlines, m (at most 1.35 times this). */
const EDGE_WARP_M = 12;
const WARP_REACH_M = EDGE_WARP_M * 1.35;

export interface CoverFeatures {
  stands: XY[][];
  clearings: XY[][];
  river: Segments;
  riverWidthM: number;
  powerLine: Segments;
  seed: number;
}

interface Area {
  ring: XY[];
  bounds: Bounds;
}

export class GroundCover {
  private readonly stands: Area[];
  private readonly clearings: Area[];

  constructor(private readonly f: CoverFeatures) {
    const area = (ring: XY[]): Area => ({ ring, bounds: pointsBounds(ring) });
    this.stands = f.stands.map(area);
    this.clearings = f.clearings.map(area);
  }

  /** The cover class at (x, y). */
  at(x: number, y: number): CoverCode {
    const f = this.f;
    const seed = f.seed;
    const dRiver = f.river.length ? distanceToSegments(x, y, f.river) : Infinity;
    if (dRiver < VALLEY_M) {
      const half = (f.riverWidthM / 2) * (0.75 + 0.5 * valueNoise(x / 70, y / 70, seed + 11));
      if (dRiver < half) return Cover.river;
      if (dRiver < half + BANK_M * (0.5 + valueNoise(x / 15, y / 15, seed + 12))) return Cover.bank;
    }
    // Warped sample point: ragged stand edges (bays tens of metres across, notches of a few), the same in every photo.
    const wx = x + ((valueNoise(x / 25, y / 25, seed + 21) - 0.5) * 2 + (valueNoise(x / 7, y / 7, seed + 23) - 0.5) * 0.7) * EDGE_WARP_M;
    const wy = y + ((valueNoise(x / 25, y / 25, seed + 22) - 0.5) * 2 + (valueNoise(x / 7, y / 7, seed + 24) - 0.5) * 0.7) * EDGE_WARP_M;
    if (this.inAny(this.clearings, wx, wy)) return Cover.clearing;
    if (dRiver > VALLEY_M && this.inAny(this.stands, wx, wy)) {
      const dLine = f.powerLine.length ? distanceToSegments(wx, wy, f.powerLine) : Infinity;
      return dLine > RIGHT_OF_WAY_M ? Cover.forest : Cover.meadow;
    }
    if (dRiver < VALLEY_M) return Cover.meadow;
    return fbm(x / 140, y / 140, seed + 31, 3) < 0.4 ? Cover.bare : Cover.meadow;
  }

  /** The same cover, keeping only the features that reach into `b`: fast sampling of one photo. */
  clip(b: Bounds): GroundCover {
    const f = this.f;
    const margin = VALLEY_M + WARP_REACH_M + f.riverWidthM;
    return new GroundCover({
      ...f,
      stands: this.stands.filter((a) => boundsMeet(a.bounds, b, WARP_REACH_M)).map((a) => a.ring),
      clearings: this.clearings.filter((a) => boundsMeet(a.bounds, b, WARP_REACH_M)).map((a) => a.ring),
      river: segmentsNear(f.river, b, margin),
      powerLine: segmentsNear(f.powerLine, b, RIGHT_OF_WAY_M + WARP_REACH_M),
    });
  }

  private inAny(areas: Area[], x: number, y: number): boolean {
    for (const a of areas) {
      const b = a.bounds;
      if (x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY && insideRing(x, y, a.ring)) return true;
    }
    return false;
  }
}
