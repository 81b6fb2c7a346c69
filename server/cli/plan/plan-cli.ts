/**
 * `npm run plan -- survey|corridor|search|orbit [flags]` makes a patrol plan, writes it (.plan,
 * .waypoints or .geojson by the --out extension) and prints its estimates and findings;
 * `npm run plan -- check FILE` reads any supported file and prints its items, estimates and findings.
 * Exit code 0: valid; 1: the plan has errors; 2: the input cannot be read (with the reason).
 */
import { writeFileSync } from 'node:fs';
import { estimate } from '../../../missions/estimate.js';
import { exportPlanGeoJson } from '../../../missions/formats/plan-geojson.js';
import { exportQgcPlan } from '../../../missions/formats/qgc-plan-export.js';
import { exportWaypoints } from '../../../missions/formats/waypoints.js';
import type { MissionItem } from '../../../missions/mission-item.js';
import type { Plan } from '../../../missions/plan.js';
import { itemsToPlan, planToItems } from '../../../missions/plan-to-items.js';
import { validatePlan, type Finding } from '../../../missions/validate.js';
import { DEFAULT_MULTICOPTER } from '../../../missions/vehicle-profile.js';
import { buildPlan, PATTERN_COMMANDS, type PatternCommand } from './plan-build.js';
import { InputError, readFile } from './plan-inputs.js';
import { estimateLines, findingLines, itemLines } from './plan-report.js';

const USAGE = `usage: npm run plan -- <command> [flags]
  survey   --area FILE [--altitude M | --gsd CM] [--side-overlap 0.7] [--front-overlap 0.8] [--angle best|DEG] [--crosshatch] [--turnaround M]
  corridor --line FILE | --towers 'LAT,LON;LAT,LON;…' [--offset 20] [--height 15] [--tower-height 30] [--passes 1] [--sides both|left|right]
           [--inspection none|photos|orbit] [--angles 0,90,180,270] [--inspect-distance 20] [--orbit-radius 20]
  search   --pattern expanding-square|sector|parallel|creeping (--datum LAT,LON | --area FILE) [--spacing M | --sweep-width M] [--legs N] [--radius M] [--bearing DEG]
  orbit    --center LAT,LON [--radius 30] [--altitude 40] [--photos 12]
  check    FILE   (.plan, .waypoints, .kml, .kmz, .geojson)
common:    [--exclude ZONES_FILE] (survey, search) [--home LAT,LON] [--camera visible-1in-20mp|thermal-640] [--altitude M] [--speed M/S] [--altitude-limit 120] [--out FILE.plan|.waypoints|.geojson]`;

function write(path: string, plan: Plan, items: MissionItem[], camera: Parameters<typeof exportPlanGeoJson>[1]): void {
  const lower = path.toLowerCase();
  let text: string;
  if (lower.endsWith('.plan')) text = exportQgcPlan({ mission: items, home: plan.home });
  else if (lower.endsWith('.waypoints') || lower.endsWith('.txt')) text = exportWaypoints(items);
  else if (lower.endsWith('.geojson') || lower.endsWith('.json')) text = `${JSON.stringify(exportPlanGeoJson(plan, camera), null, 1)}\n`;
  else throw new InputError(`--out must end in .plan, .waypoints or .geojson, got '${path}'`);
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new InputError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function report(plan: Plan, findings: Finding[]): number {
  const out = [...estimateLines(estimate(plan, DEFAULT_MULTICOPTER)), '', ...findingLines(findings)];
  process.stdout.write(`${out.join('\n')}\n`);
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function check(path: string | undefined): number {
  if (!path) throw new InputError('check needs a FILE');
  const content = readFile(path);
  if (content.kind === 'shapes') {
    const s = content.shapes;
    process.stdout.write(`${path}: ${s.polygons.length} polygon(s), ${s.lines.length} line(s), ${s.points.length} point(s) to plan on\n`);
    return 0;
  }
  const { plan, unknown } = itemsToPlan(content.items);
  process.stdout.write(`${itemLines(content.items).join('\n')}\n`);
  if (content.fence.length || content.rally.length) process.stdout.write(`fence items ${content.fence.length}, rally points ${content.rally.length}\n`);
  for (const u of unknown) process.stdout.write(`note: item ${u.seq} (command ${u.command}) is not estimated: ${u.reason}\n`);
  process.stdout.write('\n');
  return report(plan, validatePlan(plan, { profile: DEFAULT_MULTICOPTER }));
}

function run(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'check') return check(rest[0]);
  if (!PATTERN_COMMANDS.includes(command as PatternCommand)) throw new InputError(`unknown command '${command}'; expected survey, corridor, search, orbit or check`);
  const built = buildPlan(command as PatternCommand, rest);
  const items = planToItems(built.plan);
  const findings = validatePlan(built.plan, {
    profile: DEFAULT_MULTICOPTER,
    site: { altitudeLimitM: built.altitudeLimitM, geofences: { inclusion: [], exclusion: built.exclusions } },
    camera: built.camera,
    requested: built.requested,
  });
  if (built.out) {
    write(built.out, built.plan, items, { camera: built.camera });
    process.stdout.write(`wrote ${built.out} (${items.length} items)\n`);
  }
  return report(built.plan, findings);
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  process.stderr.write(`plan: ${err.message}\n`);
  process.exitCode = 2;
}
