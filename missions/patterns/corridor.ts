/**
 * Corridor scan (a power line): passes beside the line of towers with the camera turned to the line,
 * and an optional point-of-interest inspection at each tower.
 *
 * - The plan altitude is `towerHeightM + heightAboveLineM` above home (towers are taken to stand at
 *   home's ground level). Each pass is the tower polyline offset sideways (see `offset-pass.ts`:
 *   mitred or clipped outer corners, inner corners cut, no loops), so it never crosses itself and,
 *   wherever the line does not fold back within about three offsets of itself, keeps the offset
 *   from the line (and so never crosses it).
 * - Sides: `both` (default) flies out along the left of the line (seen from the first tower towards
 *   the last) and back along the right, which keeps the line on the vehicle's right; `left` or
 *   `right` flies that side only, turning back at each end.
 * - `passes` per side: pass k lies `lateralOffsetM + k × passSpacingM` from the line, further out at
 *   the same altitude. `passSpacingM` defaults to the camera's lane spacing at the plan altitude for
 *   `sideOverlap`, so the passes of a side photograph a continuous strip beside the line.
 * - On each pass the gimbal looks sideways at the line (yaw ±90° from the nose, pitched down to the
 *   conductor), and the camera triggers by distance: the image's width lies along the track, so the
 *   trigger distance is the footprint width at the slant range to the line × (1 − front overlap).
 * - Inspections happen on the first pass: the vehicle stops abeam each tower (waypoint with hold),
 *   stops triggering, points the camera at the tower top, takes its photos or flies its orbit (see
 *   `tower-inspection.ts`), releases the camera, comes back to the stop and carries on.
 * - `areaM2` is the swath: line length × swath width, the width being the strip between the line and
 *   the outermost pass on each side flown.
 */
import type { LineString } from 'geojson';
import { customCamera, footprintM, laneSpacingM, type Camera } from '../camera.js';
import { flightPath } from '../flight-path.js';
import { LocalFrame } from '../geo/local-frame.js';
import { add, distance, dot, length, scale, sub, vectorHeading, type XY } from '../geo/xy.js';
import type { LatLon, Plan, PlanStep } from '../plan.js';
import { buildPlan, cameraOff, cameraOn, requireLatLon, requireRange } from './common.js';
import { offsetPass } from './offset-pass.js';
import { checkInspection, DEFAULT_HOLD_S, inspectionEntry, inspectionSteps, type TowerInspection } from './tower-inspection.js';

export type { TowerInspection, TowerOrbit, TowerPhotos } from './tower-inspection.js';

export interface CorridorOptions {
  /** The tower positions in order along the line: a GeoJSON LineString or a list of points. */
  towers: LineString | LatLon[];
  home: LatLon & { altMsl?: number };
  camera: Camera;
  /** Horizontal distance of the first pass from the line, metres (typically 15–30). */
  lateralOffsetM: number;
  /** Height of the passes above the tower tops, metres. */
  heightAboveLineM: number;
  /** Tower height above the ground, metres; default 30. */
  towerHeightM?: number;
  /** Passes per side; default 1. */
  passes?: number;
  /** Distance between passes of a side, metres; default from the camera and `sideOverlap`. */
  passSpacingM?: number;
  /** Default 'both'. */
  sides?: 'both' | 'left' | 'right';
  /** 0–0.95; default 0.7. */
  frontOverlap?: number;
  /** 0–0.95, for the default pass spacing; default 0.6. */
  sideOverlap?: number;
  /** Cruise speed, m/s; omitted leaves the vehicle's default. */
  speed?: number;
  /** What to do at each tower; default none. */
  inspection?: TowerInspection;
}

export const CORRIDOR_DEFAULTS = { towerHeightM: 30, passes: 1, sides: 'both', frontOverlap: 0.7, sideOverlap: 0.6 } as const;

/** One pass as flown. */
export interface CorridorPass {
  side: 'left' | 'right';
  /** 0 for the pass nearest the line. */
  index: number;
  offsetM: number;
  /** True when flown from the first tower's end towards the last. */
  forward: boolean;
  /** Distance between photos on this pass, metres. */
  triggerDistanceM: number;
  path: LatLon[];
}

/** Waypoints closer than this (metres) at the same altitude are flown as one: a vehicle's shortest leg. */
const SAME_POINT_M = 1.05;

interface Resolved {
  towers: LatLon[];
  frame: LocalFrame;
  line: XY[];
  camera: Camera;
  altitude: number;
  towerHeightM: number;
  heightAboveLineM: number;
  passSpacingM: number;
  passes: Array<Omit<CorridorPass, 'path'> & { xy: XY[] }>;
  inspection: TowerInspection;
  lineLengthM: number;
  swathWidthM: number;
}

/** The passes `corridorPlan` flies, in order, for previews. Throws `RangeError` for invalid options. */
export function corridorPasses(opts: CorridorOptions): CorridorPass[] {
  const r = resolve(opts);
  return r.passes.map(({ xy, ...p }) => ({ ...p, path: xy.map((q) => r.frame.toLatLon(q.x, q.y)) }));
}

/** A corridor scan along `opts.towers`. Throws `RangeError` naming the option for invalid options. */
export function corridorPlan(opts: CorridorOptions): Plan {
  const r = resolve(opts);
  const out = new StepWriter(r.frame, r.altitude);
  const inspection = r.inspection;
  r.passes.forEach((pass, pi) => {
    const gimbal: PlanStep = {
      kind: 'gimbal',
      pitch: -(Math.atan2(r.heightAboveLineM, pass.offsetM) * 180) / Math.PI,
      // The line is on the vehicle's right when flying forward on the left, or back on the right.
      yaw: (pass.side === 'left') === pass.forward ? 90 : -90,
    };
    out.raw([gimbal]);
    out.goto(pass.xy[0]);
    out.cameraWanted(pass.triggerDistanceM);
    let seg = 0;
    if (pi === 0 && inspection.mode !== 'none') {
      const holdS = inspection.holdS ?? DEFAULT_HOLD_S;
      let from = { seg: 0, t: 0 };
      r.line.forEach((tower, i) => {
        const stop = locate(pass.xy, tower, from);
        from = stop;
        for (let j = seg + 1; j <= stop.seg; j++) out.goto(pass.xy[j]);
        seg = stop.seg;
        // A stop within a metre of where the inspection joins its circle moves there: no waypoint a
        // few centimetres on.
        const lineHeadingDeg = lineHeadingAt(r.line, i);
        const entry = inspectionEntry(inspection, { tower, stop: stop.point, lineHeadingDeg });
        const at = distance(entry, stop.point) < SAME_POINT_M ? entry : stop.point;
        out.goto(at, holdS, true);
        out.cameraStop();
        const { steps, end } = inspectionSteps(inspection, {
          frame: r.frame,
          tower,
          topAltitude: r.towerHeightM,
          lineHeadingDeg,
          stop: at,
          passAltitude: r.altitude,
        });
        out.raw(steps, end);
        out.goto(at, undefined, true);
        if (i + 1 < r.line.length) {
          out.raw([gimbal]);
          out.cameraWanted(pass.triggerDistanceM);
        }
      });
    }
    for (let j = seg + 1; j < pass.xy.length; j++) out.goto(pass.xy[j]);
    out.cameraStop();
  });

  const { home: _home, towers: _towers, ...asCalled } = opts;
  const plan = buildPlan({
    pattern: 'corridor',
    home: opts.home,
    takeoffAltitude: r.altitude,
    speed: opts.speed,
    body: out.steps,
    areaM2: r.lineLengthM * r.swathWidthM,
    settings: {
      ...asCalled,
      towers: r.towers,
      resolved: {
        altitude: r.altitude,
        passSpacingM: r.passSpacingM,
        passes: r.passes.map(({ xy: _xy, ...p }) => p),
        lineLengthM: r.lineLengthM,
        swathWidthM: r.swathWidthM,
      },
    },
  });
  plan.photos = flightPath(plan, { cruiseSpeedMps: opts.speed ?? 5 }).photos;
  return plan;
}

function resolve(opts: CorridorOptions): Resolved {
  requireLatLon('home', opts.home);
  const camera = customCamera(opts.camera);
  const towers = towerList(opts.towers);
  const towerHeightM = requireRange('tower height', opts.towerHeightM ?? CORRIDOR_DEFAULTS.towerHeightM, 0, 500, ' m');
  const heightAboveLineM = requireRange('height above the line', opts.heightAboveLineM, 0, 500, ' m');
  const altitude = towerHeightM + heightAboveLineM;
  if (altitude <= 0) throw new RangeError('the passes must fly above the ground: give a tower height or a height above the line');
  const lateral = requireRange('lateral offset', opts.lateralOffsetM, 1, 1000, ' m');
  const count = requireRange('passes per side', opts.passes ?? CORRIDOR_DEFAULTS.passes, 1, 20);
  if (!Number.isInteger(count)) throw new RangeError(`passes per side must be a whole number, got ${count}`);
  const sides = opts.sides ?? CORRIDOR_DEFAULTS.sides;
  if (sides !== 'both' && sides !== 'left' && sides !== 'right') throw new RangeError(`sides must be 'both', 'left' or 'right', got ${String(sides)}`);
  const frontOverlap = requireRange('front overlap', opts.frontOverlap ?? CORRIDOR_DEFAULTS.frontOverlap, 0, 0.95);
  const sideOverlap = requireRange('side overlap', opts.sideOverlap ?? CORRIDOR_DEFAULTS.sideOverlap, 0, 0.95);
  if (opts.speed !== undefined) requireRange('speed', opts.speed, 0.1, 50, ' m/s');
  const passSpacingM = opts.passSpacingM !== undefined
    ? requireRange('pass spacing', opts.passSpacingM, 1, 1000, ' m')
    : laneSpacingM(camera, altitude, sideOverlap);
  const inspection = checkInspection(opts.inspection ?? { mode: 'none' });

  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const t of towers) {
    minX = Math.min(minX, t.lon);
    maxX = Math.max(maxX, t.lon);
    minY = Math.min(minY, t.lat);
    maxY = Math.max(maxY, t.lat);
  }
  const frame = new LocalFrame({ lat: (minY + maxY) / 2, lon: (minX + maxX) / 2 });
  const line = towers.map((t) => frame.toLocal(t));
  for (let i = 1; i < line.length; i++) {
    if (distance(line[i - 1], line[i]) < 1) throw new RangeError(`towers ${i} and ${i + 1} are less than 1 m apart`);
  }

  const passes: Resolved['passes'] = [];
  const addPass = (side: 'left' | 'right', index: number, forward: boolean) => {
    const offsetM = lateral + index * passSpacingM;
    const xy = offsetPass(line, side === 'right' ? offsetM : -offsetM);
    if (!forward) xy.reverse();
    const slant = Math.hypot(offsetM, heightAboveLineM);
    // Whole centimetres, rounded down so the overlap never falls short of the request.
    const triggerDistanceM = Math.max(0.01, Math.floor(footprintM(camera, slant).across * (1 - frontOverlap) * 100 + 1e-6) / 100);
    passes.push({ side, index, offsetM, forward, triggerDistanceM, xy });
  };
  for (let k = 0; k < count; k++) {
    if (sides === 'both') {
      addPass('left', k, true);
      addPass('right', k, false);
    } else {
      addPass(sides, k, k % 2 === 0);
    }
  }
  let lineLengthM = 0;
  for (let i = 1; i < line.length; i++) lineLengthM += distance(line[i - 1], line[i]);
  const outer = lateral + (count - 1) * passSpacingM;
  return {
    towers, frame, line, camera, altitude, towerHeightM, heightAboveLineM, passSpacingM, passes, inspection, lineLengthM,
    swathWidthM: sides === 'both' ? 2 * outer : outer,
  };
}

function towerList(towers: LineString | LatLon[]): LatLon[] {
  let list: LatLon[];
  if (Array.isArray(towers)) list = towers.map((t, i) => requireLatLon(`tower ${i + 1}`, t));
  else if (towers && towers.type === 'LineString' && Array.isArray(towers.coordinates)) {
    list = towers.coordinates.map((c, i) => requireLatLon(`tower ${i + 1}`, Array.isArray(c) ? { lat: c[1], lon: c[0] } : undefined));
  } else throw new RangeError('towers must be a GeoJSON LineString or a list of { lat, lon }');
  if (list.length < 2) throw new RangeError(`a corridor needs at least 2 towers, got ${list.length}`);
  return list;
}

/** The line's direction at tower `i`: along the span at an end, halfway between the spans between. */
function lineHeadingAt(line: readonly XY[], i: number): number {
  const unit = (a: XY, b: XY) => scale(sub(b, a), 1 / length(sub(b, a)));
  const before = i > 0 ? unit(line[i - 1], line[i]) : undefined;
  const after = i + 1 < line.length ? unit(line[i], line[i + 1]) : undefined;
  const sum = before && after ? add(before, after) : (before ?? after)!;
  return vectorHeading(length(sum) > 1e-9 ? sum : (before ?? after)!);
}

/**
 * The point of `path` nearest `p`, at or after position `from` (segment index and parameter), so
 * towers map to the pass in order.
 */
function locate(path: readonly XY[], p: XY, from: { seg: number; t: number }): { seg: number; t: number; point: XY } {
  let best = { seg: from.seg, t: from.t, point: path[Math.min(from.seg, path.length - 1)], d: Infinity };
  if (path.length === 1) return { seg: 0, t: 0, point: path[0] };
  for (let j = from.seg; j + 1 < path.length; j++) {
    const a = path[j], ab = sub(path[j + 1], a);
    const l2 = dot(ab, ab);
    let t = l2 > 0 ? dot(sub(p, a), ab) / l2 : 0;
    t = Math.min(1, Math.max(j === from.seg ? from.t : 0, t));
    const q = add(a, scale(ab, t));
    const d = distance(p, q);
    if (d < best.d - 1e-9) best = { seg: j, t, point: q, d };
  }
  return { seg: best.seg, t: best.t, point: best.point };
}

/** Collects the body's steps, merging repeated waypoints and switching the camera only when it matters. */
class StepWriter {
  readonly steps: PlanStep[] = [];
  private last: { at: XY; step: Extract<PlanStep, { kind: 'waypoint' }>; pinned: boolean } | undefined;
  private wanted = 0;
  private active = false;

  constructor(private readonly frame: LocalFrame, private readonly altitude: number) {}

  /** Steps as they are, leaving the vehicle at `end` when they move it. */
  raw(steps: PlanStep[], end?: XY): void {
    this.steps.push(...steps);
    if (end) {
      // Only a waypoint at the pass altitude can take a hold for a stop merged into it.
      const last = [...steps].reverse().find((s) => s.kind === 'waypoint');
      const same = last?.kind === 'waypoint' && last.altitude === this.altitude ? last : undefined;
      this.last = same ? { at: end, step: same, pinned: true } : undefined;
    } else if (steps.some((s) => s.kind === 'waypoint' || s.kind === 'loiter-turns')) this.last = undefined;
  }

  /**
   * Flies to `at` at the pass altitude; the camera starts first if it is wanted. Within a metre of
   * the last waypoint the two are one: a `pinned` position (a stop at a tower, where an inspection
   * starts and ends) wins over a plain one on the pass.
   */
  goto(at: XY, holdS?: number, pinned = false): void {
    if (this.last && distance(this.last.at, at) < SAME_POINT_M) {
      if (pinned && !this.last.pinned) {
        this.last.step.at = this.frame.toLatLon(at.x, at.y);
        this.last.at = at;
        this.last.pinned = true;
      }
      if (holdS) this.last.step.holdS = Math.max(this.last.step.holdS ?? 0, holdS);
      return;
    }
    if (this.wanted > 0 && !this.active && this.last) {
      this.steps.push(cameraOn(this.wanted));
      this.active = true;
    }
    const step: Extract<PlanStep, { kind: 'waypoint' }> = { kind: 'waypoint', at: this.frame.toLatLon(at.x, at.y), altitude: this.altitude };
    if (holdS) step.holdS = holdS;
    this.steps.push(step);
    this.last = { at, step, pinned };
  }

  /** Trigger every `distanceM` from the next move on. */
  cameraWanted(distanceM: number): void {
    this.wanted = distanceM;
  }

  cameraStop(): void {
    if (this.active) this.steps.push(cameraOff());
    this.active = false;
    this.wanted = 0;
  }
}
