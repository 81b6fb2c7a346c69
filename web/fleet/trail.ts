/**
 * A vehicle's recent track, bounded in time and in points so thousands of trails stay cheap
 * to send to the map every tick.
 */

/** One remembered position; `t` is the dashboard's clock in ms. */
export interface TrailPoint {
  t: number;
  lon: number;
  lat: number;
}

export interface TrailOptions {
  /** How far back the trail reaches. */
  windowMs: number;
  /**
   * Kept points are at least this far apart in time; samples in between move the trail's head
   * instead of adding a point, so a 10 Hz stream stores about one point per interval.
   */
  minIntervalMs: number;
  /** Hard cap per vehicle, whatever the timing. */
  maxPoints: number;
}

/** About two minutes at one point per second. */
export const DEFAULT_TRAIL_OPTIONS: TrailOptions = { windowMs: 120_000, minIntervalMs: 1_000, maxPoints: 150 };

/**
 * Adds a position to `points` (mutated, oldest first). Returns true when the trail changed.
 * A position equal to the head adds nothing: a hovering vehicle grows no trail.
 */
export function pushTrailPoint(points: TrailPoint[], point: TrailPoint, opts: TrailOptions = DEFAULT_TRAIL_OPTIONS): boolean {
  let changed = trimTrail(points, point.t, opts);
  const head = points[points.length - 1];
  if (head && head.lon === point.lon && head.lat === point.lat) return changed;
  const beforeHead = points[points.length - 2];
  if (head && beforeHead && head.t - beforeHead.t < opts.minIntervalMs) {
    // The head is too young to keep: move it, so the line ends at the vehicle without storing every sample.
    points[points.length - 1] = point;
  } else {
    points.push(point);
  }
  if (points.length > opts.maxPoints) points.splice(0, points.length - opts.maxPoints);
  changed = true;
  return changed;
}

/** Drops points older than the window. Returns true when any were dropped. */
export function trimTrail(points: TrailPoint[], now: number, opts: TrailOptions = DEFAULT_TRAIL_OPTIONS): boolean {
  const cutoff = now - opts.windowMs;
  let drop = 0;
  while (drop < points.length && points[drop].t < cutoff) drop++;
  if (drop === 0) return false;
  points.splice(0, drop);
  return true;
}
