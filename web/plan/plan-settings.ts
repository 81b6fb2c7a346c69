/**
 * What the planner's form holds: the patrol chosen and its figures, in the units the form shows
 * (metres, m/s, per cent). Pure, so generation and the form can be tested without a page.
 */
import type { CameraPresetId } from '../../missions/camera.js';

/** The patrols the planner offers. */
export const PATROLS = ['survey', 'corridor', 'search', 'orbit'] as const;
export type Patrol = (typeof PATROLS)[number];

export const SEARCH_PATTERNS = ['expanding-square', 'sector', 'parallel'] as const;
export type SearchPattern = (typeof SEARCH_PATTERNS)[number];

export const TOWER_INSPECTIONS = ['none', 'photos', 'orbit'] as const;
export type TowerInspectionMode = (typeof TOWER_INSPECTIONS)[number];

/** What a survey's height is set by. */
export type HeightMode = 'altitude' | 'gsd';

export interface PlanSettings {
  patrol: Patrol;
  searchPattern: SearchPattern;
  camera: CameraPresetId;
  heightMode: HeightMode;
  /** Metres above take-off. */
  altitude: number;
  /** Wanted ground sample distance, cm/px (surveys with `heightMode` gsd). */
  gsdCm: number;
  /** Per cent. */
  frontOverlap: number;
  /** Per cent. */
  sideOverlap: number;
  /** m/s. */
  speed: number;
  /** Corridor: distance of the passes from the line, metres. */
  offsetM: number;
  /** Corridor: height of the passes above the tower tops, metres. */
  heightAboveLineM: number;
  /** Corridor: tower height above the ground, metres. */
  towerHeightM: number;
  inspection: TowerInspectionMode;
  /** Search: detection sweep width, metres. */
  sweepWidthM: number;
  /** Expanding square: legs to fly. */
  legs: number;
  /** Sector search and orbit: radius, metres. */
  radiusM: number;
  /** Orbit: photos round the circle. */
  photos: number;
}

export const DEFAULT_SETTINGS: Readonly<PlanSettings> = Object.freeze({
  patrol: 'survey',
  searchPattern: 'expanding-square',
  camera: 'visible-1in-20mp',
  heightMode: 'altitude',
  altitude: 50,
  gsdCm: 1.5,
  frontOverlap: 80,
  sideOverlap: 70,
  speed: 8,
  offsetM: 20,
  heightAboveLineM: 15,
  towerHeightM: 30,
  inspection: 'none',
  sweepWidthM: 40,
  legs: 12,
  radiusM: 60,
  photos: 12,
});

/** The shape a patrol is planned on: an area, a line of towers, or one point (datum, centre). */
export type ShapeKind = 'area' | 'line' | 'point';

/** The shape `settings` needs drawn. */
export function shapeKindFor(settings: Pick<PlanSettings, 'patrol' | 'searchPattern'>): ShapeKind {
  switch (settings.patrol) {
    case 'survey':
      return 'area';
    case 'corridor':
      return 'line';
    case 'orbit':
      return 'point';
    case 'search':
      return settings.searchPattern === 'parallel' ? 'area' : 'point';
  }
}

/** Points a shape needs before a plan can be made on it. */
export const MIN_POINTS: Readonly<Record<ShapeKind, number>> = { area: 3, line: 2, point: 1 };

/** A number field of the form: where it applies and what it accepts. */
export interface NumberField {
  key: NumericSetting;
  min: number;
  max: number;
  step: number;
  /** Unit shown after the field. */
  unit: 'm' | 'm/s' | '%' | 'cm/px' | '';
  /** True when the field applies to these settings. */
  applies(s: PlanSettings): boolean;
}

export type NumericSetting = {
  [K in keyof PlanSettings]: PlanSettings[K] extends number ? K : never;
}[keyof PlanSettings];

const survey = (s: PlanSettings) => s.patrol === 'survey';
const searching = (s: PlanSettings) => s.patrol === 'search';

/** The number fields in form order. */
export const NUMBER_FIELDS: readonly NumberField[] = [
  { key: 'altitude', min: 2, max: 500, step: 1, unit: 'm', applies: (s) => s.patrol !== 'corridor' && !(survey(s) && s.heightMode === 'gsd') },
  { key: 'gsdCm', min: 0.1, max: 50, step: 0.1, unit: 'cm/px', applies: (s) => survey(s) && s.heightMode === 'gsd' },
  { key: 'frontOverlap', min: 0, max: 95, step: 1, unit: '%', applies: (s) => survey(s) || s.patrol === 'corridor' },
  { key: 'sideOverlap', min: 0, max: 95, step: 1, unit: '%', applies: survey },
  { key: 'speed', min: 0.5, max: 30, step: 0.5, unit: 'm/s', applies: () => true },
  { key: 'offsetM', min: 1, max: 500, step: 1, unit: 'm', applies: (s) => s.patrol === 'corridor' },
  { key: 'heightAboveLineM', min: 0, max: 200, step: 1, unit: 'm', applies: (s) => s.patrol === 'corridor' },
  { key: 'towerHeightM', min: 1, max: 200, step: 1, unit: 'm', applies: (s) => s.patrol === 'corridor' },
  { key: 'sweepWidthM', min: 1, max: 5000, step: 1, unit: 'm', applies: searching },
  { key: 'legs', min: 1, max: 200, step: 1, unit: '', applies: (s) => searching(s) && s.searchPattern === 'expanding-square' },
  { key: 'radiusM', min: 5, max: 5000, step: 1, unit: 'm', applies: (s) => s.patrol === 'orbit' || (searching(s) && s.searchPattern === 'sector') },
  { key: 'photos', min: 0, max: 72, step: 1, unit: '', applies: (s) => s.patrol === 'orbit' },
];

/**
 * Settings from stored or imported data: known fields of the right type and range are kept,
 * everything else falls back to the defaults.
 */
export function settingsFrom(raw: unknown): PlanSettings {
  const out: PlanSettings = { ...DEFAULT_SETTINGS };
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as Record<string, unknown>;
  const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
    typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
  out.patrol = pick(r.patrol, PATROLS, out.patrol);
  out.searchPattern = pick(r.searchPattern, SEARCH_PATTERNS, out.searchPattern);
  out.camera = pick(r.camera, ['visible-1in-20mp', 'thermal-640'] as const, out.camera);
  out.heightMode = pick(r.heightMode, ['altitude', 'gsd'] as const, out.heightMode);
  out.inspection = pick(r.inspection, TOWER_INSPECTIONS, out.inspection);
  for (const field of NUMBER_FIELDS) {
    const v = r[field.key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= field.min && v <= field.max) out[field.key] = v;
  }
  return out;
}
