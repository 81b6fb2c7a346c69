/**
 * Orbit: a circle around a point of interest (a tower, a pylon, a building) at a radius and altitude,
 * facing the centre, with N photos evenly spaced round it, or a plain loiter-turns circle when no
 * photos are wanted.
 *
 * The orbit starts at the point of the circle nearest home, so the way in never crosses the object,
 * and the path between photo positions follows the circle through extra waypoints at most 30° apart
 * (straight chords between a few photo positions would cut across it, or through it for two). After
 * the last photo it comes round to the start again before returning to launch.
 */
import { customCamera, type Camera } from '../camera.js';
import { LocalFrame } from '../geo/local-frame.js';
import { headingVector, vectorHeading } from '../geo/xy.js';
import type { LatLon, PhotoPoint, Plan, PlanStep } from '../plan.js';
import { buildPlan, requireLatLon, requirePositive, requireRange, waypoint } from './common.js';

export interface OrbitOptions {
  center: LatLon;
  radiusM: number;
  /** Flight altitude above home, metres. */
  altitude: number;
  /** Photos facing the centre, evenly spaced round the circle; 0 flies a loiter-turns circle instead. */
  photos: number;
  home: LatLon & { altMsl?: number };
  /** Cruise speed, m/s; omitted leaves the vehicle's default. */
  speed?: number;
  /** Recorded with the plan's settings (coverage previews use it). */
  camera?: Camera;
  /** Altitude above home the camera aims at, metres; default 0 (the foot of the object). */
  roiAltitude?: number;
  /** Clockwise seen from above (default) or counter-clockwise. */
  clockwise?: boolean;
  /** Seconds to hold at each photo position so the vehicle is steady and facing the centre; default 1. */
  holdS?: number;
  /** Circles to fly when `photos` is 0; default 1. */
  turns?: number;
}

/** Largest arc between consecutive waypoints on the circle, degrees. */
const MAX_ARC_STEP_DEG = 30;

/** An orbit plan round `opts.center`. Throws `RangeError` naming the option for invalid options. */
export function orbitPlan(opts: OrbitOptions): Plan {
  const center = requireLatLon('center', opts.center);
  const home = requireLatLon('home', opts.home);
  const radiusM = requireRange('orbit radius', opts.radiusM, 1, 10_000, ' m');
  const altitude = requirePositive('altitude', opts.altitude, ' m');
  const photos = requireRange('photo count', opts.photos, 0, 1000);
  if (!Number.isInteger(photos)) throw new RangeError(`photo count must be a whole number, got ${photos}`);
  if (opts.speed !== undefined) requireRange('speed', opts.speed, 0.1, 50, ' m/s');
  const roiAltitude = requireRange('ROI altitude', opts.roiAltitude ?? 0, -1000, 10_000, ' m');
  const holdS = requireRange('hold time', opts.holdS ?? 1, 0, 3600, ' s');
  const turns = requireRange('turns', opts.turns ?? 1, 0.1, 100);
  const camera = opts.camera === undefined ? undefined : customCamera(opts.camera);
  const clockwise = opts.clockwise ?? true;

  const frame = new LocalFrame(center);
  const toHome = frame.toLocal(home);
  const startBearing = Math.hypot(toHome.x, toHome.y) > 1e-6 ? vectorHeading(toHome) : 0;
  const dir = clockwise ? 1 : -1;
  const onCircle = (bearing: number): LatLon => {
    const v = headingVector(bearing);
    return frame.toLatLon(v.x * radiusM, v.y * radiusM);
  };

  const body: PlanStep[] = [{ kind: 'roi', at: center, altitude: roiAltitude }];
  const points: PhotoPoint[] = [];
  const start = onCircle(startBearing);
  if (photos === 0) {
    body.push(waypoint(start, altitude), { kind: 'loiter-turns', at: center, altitude, turns, radiusM: dir * radiusM });
  } else {
    const arc = 360 / photos;
    const sub = Math.ceil(arc / MAX_ARC_STEP_DEG - 1e-9);
    for (let i = 0; i < photos; i++) {
      const bearing = startBearing + dir * i * arc;
      const at = onCircle(bearing);
      body.push({ kind: 'waypoint', at, altitude, ...(holdS > 0 ? { holdS } : {}) }, { kind: 'photo' });
      points.push({ ...at, altitude, heading: ((bearing + 180) % 360 + 360) % 360 });
      // Follow the circle to the next photo position, or round to the start after the last.
      for (let k = 1; k <= sub; k++) {
        if (k === sub && i < photos - 1) break; // the next photo's own waypoint
        body.push(waypoint(onCircle(bearing + (dir * k * arc) / sub), altitude));
      }
    }
  }
  body.push({ kind: 'roi-none' });

  const { home: _home, ...asCalled } = opts;
  return buildPlan({
    pattern: 'orbit',
    home: opts.home,
    takeoffAltitude: altitude,
    speed: opts.speed,
    body,
    photos: points,
    settings: { ...asCalled, ...(camera ? { camera } : {}), resolved: { startBearingDeg: startBearing, clockwise } },
  });
}
