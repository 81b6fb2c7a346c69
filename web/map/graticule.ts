/** Latitude/longitude grid lines as GeoJSON, spaced to suit the zoom. Pure. */

import type { Feature, FeatureCollection, LineString, Position } from 'geojson';
/** A geographic box in degrees; `west` may be below -180 and `east` above 180 when world copies show. */
export interface ViewBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface GraticuleProperties {
  kind: 'meridian' | 'parallel';
  /** The line's longitude or latitude in degrees. */
  value: number;
  /** Every fifth line, and the equator and prime meridian, are drawn stronger. */
  major: boolean;
}

// Nice spacings in degrees, widest first.
const SPACINGS = [90, 45, 30, 15, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001];
/** Mercator stops well before the poles. */
const MAX_LAT = 85;
/** Aim for at least this many screen pixels between lines (MapLibre's world is 512 px at zoom 0). */
const MIN_PIXELS_BETWEEN = 100;
/** Guards against absurd bounds: never more lines than this per direction. */
const MAX_LINES = 400;

/** Grid spacing in degrees for a zoom level: the narrowest nice step at least ~100 px wide. */
export function graticuleSpacing(zoom: number): number {
  const degreesPerPixel = 360 / (512 * 2 ** zoom);
  const wanted = MIN_PIXELS_BETWEEN * degreesPerPixel;
  let best = SPACINGS[0];
  for (const step of SPACINGS) if (step >= wanted) best = step;
  return best;
}

/** Grid lines covering `bounds` at the spacing for `zoom`. */
export function graticule(bounds: ViewBounds, zoom: number): FeatureCollection<LineString, GraticuleProperties> {
  const spacing = graticuleSpacing(zoom);
  const south = Math.max(bounds.south, -MAX_LAT);
  const north = Math.min(bounds.north, MAX_LAT);
  const features: Feature<LineString, GraticuleProperties>[] = [];
  if (!(north > south) || !(bounds.east > bounds.west)) return { type: 'FeatureCollection', features };

  for (const [index, value] of steps(bounds.west, bounds.east, spacing)) {
    features.push(line([[value, south], [value, north]], { kind: 'meridian', value, major: index % 5 === 0 }));
  }
  for (const [index, value] of steps(south, north, spacing)) {
    features.push(line([[bounds.west, value], [bounds.east, value]], { kind: 'parallel', value, major: index % 5 === 0 }));
  }
  return { type: 'FeatureCollection', features };
}

/** Multiples of `spacing` in [from, to], as [integer index, value]; integer indices avoid float drift. */
function* steps(from: number, to: number, spacing: number): Generator<[number, number]> {
  const first = Math.ceil(from / spacing - 1e-9);
  const last = Math.floor(to / spacing + 1e-9);
  for (let i = first, n = 0; i <= last && n < MAX_LINES; i++, n++) {
    yield [i, Number((i * spacing).toFixed(6))];
  }
}

function line(coordinates: Position[], properties: GraticuleProperties): Feature<LineString, GraticuleProperties> {
  return { type: 'Feature', geometry: { type: 'LineString', coordinates }, properties };
}
