/** The one wording every format uses for a coordinate that cannot be on Earth. */

export interface PositionProblem {
  axis: 'lat' | 'lon';
  message: string;
}

function check(axis: 'lat' | 'lon', value: number, limit: number): PositionProblem | null {
  const name = axis === 'lat' ? 'latitude' : 'longitude';
  if (!Number.isFinite(value)) return { axis, message: `${name} ${String(value)} is not a finite number` };
  if (Math.abs(value) > limit) return { axis, message: `${name} ${value} out of range` };
  return null;
}

/** The first problem with a latitude/longitude in degrees, or null when both are on Earth. */
export function latLonProblem(lat: number, lon: number): PositionProblem | null {
  return check('lat', lat, 90) ?? check('lon', lon, 180);
}
