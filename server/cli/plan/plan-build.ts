/** Turns a subcommand and its flags into a plan made by the pattern generators. */
import { parseArgs } from 'node:util';
import { CAMERA_PRESETS, type Camera, type CameraPresetId } from '../../../missions/camera.js';
import type { Plan } from '../../../missions/plan.js';
import { corridorPlan } from '../../../missions/patterns/corridor.js';
import { orbitPlan } from '../../../missions/patterns/orbit.js';
import { expandingSquarePlan, parallelTrackPlan, sectorSearchPlan } from '../../../missions/patterns/search.js';
import { surveyPlan } from '../../../missions/patterns/survey.js';
import type { TowerInspection } from '../../../missions/patterns/tower-inspection.js';
import type { Polygon } from 'geojson';
import { fraction, InputError, lineFrom, num, parseLatLon, parseLatLonList, polygonFrom, polygonsFrom } from './plan-inputs.js';

const COMMON = {
  home: { type: 'string' },
  camera: { type: 'string' },
  altitude: { type: 'string' },
  speed: { type: 'string' },
  out: { type: 'string', short: 'o' },
  'altitude-limit': { type: 'string' },
  exclude: { type: 'string' },
} as const;

const EXTRA = {
  survey: { area: { type: 'string' }, gsd: { type: 'string' }, 'side-overlap': { type: 'string' }, 'front-overlap': { type: 'string' }, angle: { type: 'string' }, crosshatch: { type: 'boolean' }, turnaround: { type: 'string' } },
  corridor: { line: { type: 'string' }, towers: { type: 'string' }, offset: { type: 'string' }, height: { type: 'string' }, 'tower-height': { type: 'string' }, passes: { type: 'string' }, sides: { type: 'string' }, inspection: { type: 'string' }, angles: { type: 'string' }, 'inspect-distance': { type: 'string' }, 'orbit-radius': { type: 'string' }, 'front-overlap': { type: 'string' } },
  search: { pattern: { type: 'string' }, datum: { type: 'string' }, area: { type: 'string' }, spacing: { type: 'string' }, 'sweep-width': { type: 'string' }, legs: { type: 'string' }, radius: { type: 'string' }, bearing: { type: 'string' } },
  orbit: { center: { type: 'string' }, radius: { type: 'string' }, photos: { type: 'string' } },
} as const;

export type PatternCommand = keyof typeof EXTRA;
export const PATTERN_COMMANDS = Object.keys(EXTRA) as PatternCommand[];

export interface Built {
  plan: Plan;
  camera: Camera;
  out: string | null;
  altitudeLimitM: number;
  /** No-fly polygons the plan was routed round; validated as exclusion geofences. */
  exclusions: Polygon[];
  requested: { sideOverlap?: number; frontOverlap?: number };
}

const positive = (x: number) => x > 0;

function cameraOf(id: string | undefined): Camera {
  const key = (id ?? 'visible-1in-20mp') as CameraPresetId;
  const cam = CAMERA_PRESETS[key];
  if (!cam) throw new InputError(`--camera must be one of ${Object.keys(CAMERA_PRESETS).join(', ')}, got '${id}'`);
  return cam;
}

function required<T>(flag: string, v: T | undefined): T {
  if (v === undefined) throw new InputError(`--${flag} is required`);
  return v;
}

/** Parses the flags of one pattern command and runs its generator; throws InputError for bad input. */
export function buildPlan(command: PatternCommand, argv: string[]): Built {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { ...COMMON, ...EXTRA[command] };
    values = parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw new InputError((err as Error).message.split('\n')[0]);
  }
  const s = (k: string) => values[k] as string | undefined;
  const camera = cameraOf(s('camera'));
  const altitude = num('altitude', s('altitude'), undefined, positive, 'a positive number of metres');
  const speed = num('speed', s('speed'), undefined, positive, 'a positive speed in m/s');
  const homeFlag = s('home');
  const home = (fallback: { lat: number; lon: number }) => (homeFlag ? parseLatLon('home', homeFlag) : fallback);
  const excludeFile = s('exclude');
  const exclusions = excludeFile ? polygonsFrom(excludeFile) : [];
  if (exclusions.length && command !== 'survey' && command !== 'search') throw new InputError(`--exclude is for survey and search patterns`);
  const base = {
    camera,
    exclusions,
    out: s('out') ?? null,
    altitudeLimitM: num('altitude-limit', s('altitude-limit'), 120, positive, 'a positive number of metres')!,
  };
  try {
    switch (command) {
      case 'survey': {
        const area = polygonFrom(required('area', s('area')));
        const [lon, lat] = area.coordinates[0][0];
        const sideOverlap = fraction('side-overlap', s('side-overlap'));
        const frontOverlap = fraction('front-overlap', s('front-overlap'));
        const angle = s('angle');
        const plan = surveyPlan({
          area, home: home({ lat, lon }), camera, altitude, speed, sideOverlap, frontOverlap, exclusions,
          gsdCm: num('gsd', s('gsd'), undefined, positive, 'a positive number of cm/px'),
          angleDeg: angle === undefined || angle === 'best' ? 'best' : num('angle', angle, 0),
          crosshatch: values.crosshatch === true,
          turnaroundM: num('turnaround', s('turnaround'), undefined, (x) => x >= 0, 'metres, 0 or more'),
        });
        return { ...base, plan, requested: { sideOverlap: sideOverlap ?? 0.7, frontOverlap: frontOverlap ?? 0.8 } };
      }
      case 'corridor': {
        const towers = s('towers') ? parseLatLonList('towers', s('towers')!) : lineFrom(required('line', s('line')));
        const first = Array.isArray(towers) ? towers[0] : { lat: towers.coordinates[0][1], lon: towers.coordinates[0][0] };
        const mode = s('inspection') ?? 'none';
        let inspection: TowerInspection;
        if (mode === 'none') inspection = { mode: 'none' };
        else if (mode === 'photos') {
          const angles = (s('angles') ?? '0,90,180,270').split(',').map((a) => num('angles', a, 0)!);
          inspection = { mode: 'photos', angles, distanceM: num('inspect-distance', s('inspect-distance'), 20, positive, 'a positive number of metres')! };
        } else if (mode === 'orbit') {
          inspection = { mode: 'orbit', radiusM: num('orbit-radius', s('orbit-radius'), 20, positive, 'a positive number of metres')! };
        } else throw new InputError(`--inspection must be none, photos or orbit, got '${mode}'`);
        const sides = s('sides') ?? 'both';
        if (sides !== 'both' && sides !== 'left' && sides !== 'right') throw new InputError(`--sides must be both, left or right, got '${sides}'`);
        const frontOverlap = fraction('front-overlap', s('front-overlap'));
        const plan = corridorPlan({
          towers, home: home(first), camera, speed, inspection, sides, frontOverlap,
          lateralOffsetM: num('offset', s('offset'), 20, positive, 'a positive number of metres')!,
          heightAboveLineM: num('height', s('height'), 15, (x) => x >= 0, 'metres, 0 or more')!,
          towerHeightM: num('tower-height', s('tower-height'), undefined, positive, 'a positive number of metres'),
          passes: num('passes', s('passes'), undefined, (x) => Number.isInteger(x) && x >= 1, 'a whole number, 1 or more'),
        });
        return { ...base, plan, requested: { frontOverlap: frontOverlap ?? 0.7 } };
      }
      case 'search': {
        const pattern = s('pattern') ?? 'expanding-square';
        const alt = altitude ?? 50;
        const spacing = {
          trackSpacingM: num('spacing', s('spacing'), undefined, positive, 'a positive number of metres'),
          sweepWidthM: num('sweep-width', s('sweep-width'), undefined, positive, 'a positive number of metres'),
        };
        const bearing = num('bearing', s('bearing'), undefined);
        if (pattern === 'parallel' || pattern === 'creeping') {
          const area = polygonFrom(required('area', s('area')));
          const [lon, lat] = area.coordinates[0][0];
          const plan = parallelTrackPlan({ area, home: home({ lat, lon }), altitude: alt, speed, camera, exclusions, ...spacing, trackBearingDeg: bearing, creeping: pattern === 'creeping' });
          return { ...base, plan, requested: {} };
        }
        const datum = parseLatLon('datum', required('datum', s('datum')));
        if (pattern === 'expanding-square') {
          const legs = num('legs', s('legs'), undefined, (x) => Number.isInteger(x) && x >= 1, 'a whole number, 1 or more');
          const maxRadiusM = num('radius', s('radius'), undefined, positive, 'a positive number of metres');
          const plan = expandingSquarePlan({ datum, home: home(datum), altitude: alt, speed, camera, exclusions, ...spacing, legs: legs ?? (maxRadiusM ? undefined : 12), maxRadiusM, firstLegBearingDeg: bearing });
          return { ...base, plan, requested: {} };
        }
        if (pattern === 'sector') {
          const radiusM = num('radius', required('radius', s('radius')), undefined, positive, 'a positive number of metres')!;
          return { ...base, plan: sectorSearchPlan({ datum, home: home(datum), altitude: alt, speed, camera, exclusions, radiusM, firstBearingDeg: bearing }), requested: {} };
        }
        throw new InputError(`--pattern must be expanding-square, sector, parallel or creeping, got '${pattern}'`);
      }
      case 'orbit': {
        const center = parseLatLon('center', required('center', s('center')));
        const plan = orbitPlan({
          center, home: home(center), camera, speed, altitude: altitude ?? 40,
          radiusM: num('radius', s('radius'), 30, positive, 'a positive number of metres')!,
          photos: num('photos', s('photos'), 12, (x) => Number.isInteger(x) && x >= 0, 'a whole number, 0 or more')!,
        });
        return { ...base, plan, requested: {} };
      }
    }
  } catch (err) {
    // Generators refuse impossible settings with a RangeError naming the option.
    if (err instanceof RangeError) throw new InputError(err.message);
    throw err;
  }
}
