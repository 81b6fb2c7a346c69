/**
 * The simulator's flat-earth world: local East-North-Up metres around a home point.
 * Drones integrate motion in metres and convert to latitude/longitude only when reporting;
 * over a few kilometres the flat-earth error is far below GPS noise.
 */

/** A geographic position in degrees, altitude in metres above mean sea level. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Where the vehicle was armed; the origin of its local frame. */
export interface Home extends GeoPoint {
  altMsl: number;
}

/** A point in the local frame, metres east and north of home. */
export interface LocalPoint {
  east: number;
  north: number;
}

const DEG = Math.PI / 180;

/** Metres per degree of latitude and of longitude at `latDeg` on the WGS84 ellipsoid (series expansion). */
export function metresPerDegree(latDeg: number): { lat: number; lon: number } {
  const p = latDeg * DEG;
  return {
    lat: 111132.92 - 559.82 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p) - 0.0023 * Math.cos(6 * p),
    lon: 111412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p) + 0.118 * Math.cos(5 * p),
  };
}

/** Converts between degrees and local ENU metres around a fixed origin. */
export class LocalFrame {
  private readonly mLat: number;
  private readonly mLon: number;

  constructor(readonly origin: GeoPoint) {
    const m = metresPerDegree(origin.lat);
    this.mLat = m.lat;
    // Near the poles longitude degrees vanish; keep the division finite.
    this.mLon = Math.max(m.lon, 1e-6);
  }

  toLocal(p: GeoPoint): LocalPoint {
    return { east: (p.lon - this.origin.lon) * this.mLon, north: (p.lat - this.origin.lat) * this.mLat };
  }

  toGeo(east: number, north: number): GeoPoint {
    return { lat: this.origin.lat + north / this.mLat, lon: wrapLon(this.origin.lon + east / this.mLon) };
  }
}

function wrapLon(lon: number): number {
  return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
}

/** Wraps an angle in radians to (-π, π]. */
export function wrapPi(a: number): number {
  let x = a % (2 * Math.PI);
  if (x <= -Math.PI) x += 2 * Math.PI;
  else if (x > Math.PI) x -= 2 * Math.PI;
  return x;
}

/** Clamps `x` into [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
