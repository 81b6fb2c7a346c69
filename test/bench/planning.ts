/**
 * Planning benchmark: generating and validating the largest patrols an operator draws, as the
 * dashboard does on every vertex drag. Figures are medians of several runs after a warm-up, printed
 * beside the 100 ms an interaction may take before it stops feeling immediate.
 */
import type { Polygon, Position } from 'geojson';
import { CAMERA_PRESETS } from '../../missions/camera.js';
import { LocalFrame } from '../../missions/geo/local-frame.js';
import type { LatLon, Plan } from '../../missions/plan.js';
import { planToItems } from '../../missions/plan-to-items.js';
import { corridorPlan } from '../../missions/patterns/corridor.js';
import { surveyPlan } from '../../missions/patterns/survey.js';
import { validatePlan } from '../../missions/validate.js';
import { DEFAULT_MULTICOPTER } from '../../missions/vehicle-profile.js';

const INTERACTIVE_MS = 100;
const origin = { lat: 26.6, lon: 106.64 };
const frame = new LocalFrame(origin);
const camera = CAMERA_PRESETS['visible-1in-20mp'];

/** A ring of `n` vertices round a radius with seeded wobble (a forest edge), closed. */
function ring(n: number, radius: number, wobble: number, seed: number, clockwise = false): Position[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pts: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((clockwise ? -i : i) / n) * 2 * Math.PI;
    const r = radius * (1 + wobble * (rnd() - 0.5));
    const p = frame.toLatLon(Math.cos(a) * r, Math.sin(a) * r);
    pts.push([p.lon, p.lat]);
  }
  pts.push(pts[0]);
  return pts;
}

/** About 10 km² with 200 vertices and a hole. */
function bigArea(): Polygon {
  const r = Math.sqrt(10e6 / Math.PI);
  return { type: 'Polygon', coordinates: [ring(200, r, 0.08, 7), ring(24, r / 5, 0.1, 9, true)] };
}

/** 50 km of line with 150 towers, bending gently. */
function longLine(): LatLon[] {
  const towers: LatLon[] = [];
  let x = 0;
  let y = 0;
  let heading = 0.3;
  const span = 50_000 / 149;
  for (let i = 0; i < 150; i++) {
    towers.push(frame.toLatLon(x, y));
    heading += Math.sin(i / 7) * 0.12;
    x += Math.cos(heading) * span;
    y += Math.sin(heading) * span;
  }
  return towers;
}

function time(run: () => unknown, runs: number): number {
  run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

export async function benchPlanning(opts: { runs?: number } = {}): Promise<{ lines: string[] }> {
  const runs = opts.runs ?? 7;
  const area = bigArea();
  const towers = longLine();
  const home = { ...origin, altMsl: 1070 };
  const cases: { name: string; make: () => Plan }[] = [
    { name: 'survey 10 km², 200 vertices + hole, 2 cm GSD, best angle', make: () => surveyPlan({ area, home, camera, gsdCm: 2 }) },
    { name: 'survey the same, lanes at a fixed angle (a vertex drag)', make: () => surveyPlan({ area, home, camera, gsdCm: 2, angleDeg: 30 }) },
    { name: 'corridor 50 km, 150 towers, both sides', make: () => corridorPlan({ towers, home, camera, lateralOffsetM: 20, heightAboveLineM: 15 }) },
    { name: 'corridor the same, photos at each tower', make: () => corridorPlan({ towers, home, camera, lateralOffsetM: 20, heightAboveLineM: 15, inspection: { mode: 'photos', angles: [0, 90, 180, 270], distanceM: 20 } }) },
  ];
  const lines = [`planning: median of ${runs} runs after a warm-up; ratio = time / ${INTERACTIVE_MS} ms interaction budget`,
    'case                                                         generate ms  validate ms  items ms   total ms  ratio   photos  items'];
  for (const c of cases) {
    const plan = c.make();
    const gen = time(c.make, runs);
    const val = time(() => validatePlan(plan, { profile: DEFAULT_MULTICOPTER, camera }), runs);
    const items = time(() => planToItems(plan), runs);
    const total = gen + val + items;
    lines.push(`${c.name.padEnd(60)} ${gen.toFixed(1).padStart(11)} ${val.toFixed(1).padStart(12)} ${items.toFixed(1).padStart(9)} ${total.toFixed(1).padStart(10)} ${(total / INTERACTIVE_MS).toFixed(2).padStart(6)} ${String(plan.photos.length).padStart(8)} ${String(planToItems(plan).length).padStart(6)}`);
  }
  return { lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of (await benchPlanning()).lines) console.log(l);
}
