/**
 * A flat east-north metre frame around an origin: the frame pattern generators work in. It scales
 * degrees by the WGS84 ellipsoid's radii of curvature at the origin, so distances near the origin are
 * true metres; over the few kilometres a patrol spans the error stays within a few parts in 10,000,
 * and it is cheap enough to run on every drag in the planner.
 */
import type { LatLon } from '../plan.js';
import type { XY } from './xy.js';

export type { XY } from './xy.js';

const WGS84_A = 6_378_137;
const WGS84_E2 = 6.69437999014e-3;
const DEG = Math.PI / 180;

/** Metres per degree of latitude and of longitude at a latitude, on the WGS84 ellipsoid. */
export function metresPerDegree(latDeg: number): { lat: number; lon: number } {
  const phi = latDeg * DEG;
  const s = Math.sin(phi);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  const meridional = (WGS84_A * (1 - WGS84_E2)) / (w * w * w);
  const normal = WGS84_A / w;
  return { lat: meridional * DEG, lon: normal * Math.cos(phi) * DEG };
}

/** Converts between latitude/longitude and metres east/north of an origin. */
export class LocalFrame {
  readonly origin: LatLon;
  private readonly mLat: number;
  private readonly mLon: number;

  constructor(origin: LatLon) {
    if (!Number.isFinite(origin.lat) || !Number.isFinite(origin.lon) || Math.abs(origin.lat) >= 89.9) {
      throw new RangeError(`local frame origin must be a finite latitude within ±89.9°, got ${origin.lat}, ${origin.lon}`);
    }
    this.origin = { lat: origin.lat, lon: origin.lon };
    const m = metresPerDegree(origin.lat);
    this.mLat = m.lat;
    this.mLon = m.lon;
  }

  /** Metres east (x) and north (y) of the origin. */
  toLocal(p: LatLon): XY {
    let dLon = p.lon - this.origin.lon;
    // Take the short way round across the antimeridian.
    if (dLon > 180) dLon -= 360;
    else if (dLon < -180) dLon += 360;
    return { x: dLon * this.mLon, y: (p.lat - this.origin.lat) * this.mLat };
  }

  /** The latitude/longitude of a point `x` metres east and `y` metres north of the origin. */
  toLatLon(x: number, y: number): LatLon {
    let lon = this.origin.lon + x / this.mLon;
    if (lon > 180) lon -= 360;
    else if (lon < -180) lon += 360;
    return { lat: this.origin.lat + y / this.mLat, lon };
  }
}
