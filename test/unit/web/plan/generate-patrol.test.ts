import { describe, expect, it } from 'vitest';
import { areaPolygon, generatePatrol, shapeReady, type DrawnShape } from '../../../../web/plan/generate-patrol.js';
import { DEFAULT_SETTINGS, settingsFrom, shapeKindFor, type PlanSettings } from '../../../../web/plan/plan-settings.js';

const area: DrawnShape = {
  kind: 'area',
  points: [
    { lat: 26.6, lon: 106.64 },
    { lat: 26.6, lon: 106.642 },
    { lat: 26.6015, lon: 106.642 },
    { lat: 26.6015, lon: 106.64 },
  ],
};
const line: DrawnShape = { kind: 'line', points: [{ lat: 26.6, lon: 106.64 }, { lat: 26.602, lon: 106.643 }, { lat: 26.604, lon: 106.645 }] };
const point: DrawnShape = { kind: 'point', points: [{ lat: 26.6, lon: 106.64 }] };
const settings = (patch: Partial<PlanSettings>): PlanSettings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('generatePatrol', () => {
  it('makes a survey over a drawn area, asking the validator for the overlaps set in the form', () => {
    const g = generatePatrol(area, settings({ patrol: 'survey', altitude: 40, sideOverlap: 60, frontOverlap: 75 }));
    if (!g.ok) throw new Error('expected a plan');
    expect(g.plan.pattern).toBe('survey');
    expect(g.plan.home).toEqual(area.points[0]);
    expect(g.plan.photos.length).toBeGreaterThan(10);
    expect(g.plan.steps.find((s) => s.kind === 'takeoff')).toEqual({ kind: 'takeoff', altitude: 40 });
    expect(g.plan.steps).toContainEqual({ kind: 'speed', speed: DEFAULT_SETTINGS.speed });
    expect(g.requested).toEqual({ sideOverlap: 0.6, frontOverlap: 0.75 });
  });

  it('sets a survey height from the GSD when asked to', () => {
    const g = generatePatrol(area, settings({ patrol: 'survey', heightMode: 'gsd', gsdCm: 1 }));
    if (!g.ok) throw new Error('expected a plan');
    // 1-inch 20 MP at 8.8 mm: 2.41 µm pixels, so 1 cm/px at about 36.5 m.
    expect((g.plan.steps[0] as { altitude: number }).altitude).toBeCloseTo(36.5, 0);
  });

  it('makes a corridor along a line of towers, a search round a datum or over an area, and an orbit', () => {
    expect(generatePatrol(line, settings({ patrol: 'corridor', inspection: 'photos' }))).toMatchObject({ ok: true, plan: { pattern: 'corridor' } });
    expect(generatePatrol(point, settings({ patrol: 'search', searchPattern: 'expanding-square' }))).toMatchObject({ ok: true, plan: { pattern: 'search' } });
    expect(generatePatrol(point, settings({ patrol: 'search', searchPattern: 'sector' }))).toMatchObject({ ok: true, plan: { pattern: 'search' } });
    expect(generatePatrol(area, settings({ patrol: 'search', searchPattern: 'parallel' }))).toMatchObject({ ok: true, plan: { pattern: 'search' } });
    const orbit = generatePatrol(point, settings({ patrol: 'orbit', photos: 8 }));
    expect(orbit).toMatchObject({ ok: true, plan: { pattern: 'orbit' } });
    expect(orbit.ok && orbit.plan.photos).toHaveLength(8);
  });

  it('waits for a shape of the kind the patrol needs, with enough points', () => {
    expect(generatePatrol(null, DEFAULT_SETTINGS)).toEqual({ ok: false, incomplete: true });
    expect(generatePatrol({ kind: 'area', points: area.points.slice(0, 2) }, DEFAULT_SETTINGS)).toEqual({ ok: false, incomplete: true });
    expect(generatePatrol(line, settings({ patrol: 'survey' }))).toEqual({ ok: false, incomplete: true });
    expect(shapeReady(point, settings({ patrol: 'orbit' }))).toBe(true);
    expect(shapeReady(point, settings({ patrol: 'search', searchPattern: 'parallel' }))).toBe(false);
  });

  it('passes on the generator\'s reason when the settings cannot make a patrol', () => {
    const g = generatePatrol(area, settings({ patrol: 'survey', frontOverlap: 99 }));
    expect(g).toEqual({ ok: false, incomplete: false, message: expect.stringContaining('front overlap') });
  });

  it('closes an area and keeps its holes', () => {
    const hole = [{ lat: 26.6005, lon: 106.6405 }, { lat: 26.6005, lon: 106.641 }, { lat: 26.601, lon: 106.641 }];
    const polygon = areaPolygon(area.points, [hole]);
    expect(polygon.coordinates).toHaveLength(2);
    expect(polygon.coordinates[0][0]).toEqual(polygon.coordinates[0][4]);
    expect(polygon.coordinates[1]).toEqual([[106.6405, 26.6005], [106.641, 26.6005], [106.641, 26.601], [106.6405, 26.6005]]);
  });
});

describe('plan settings', () => {
  it('asks for an area, a line or a point by patrol', () => {
    expect(shapeKindFor({ patrol: 'survey', searchPattern: 'sector' })).toBe('area');
    expect(shapeKindFor({ patrol: 'corridor', searchPattern: 'sector' })).toBe('line');
    expect(shapeKindFor({ patrol: 'search', searchPattern: 'parallel' })).toBe('area');
    expect(shapeKindFor({ patrol: 'search', searchPattern: 'expanding-square' })).toBe('point');
    expect(shapeKindFor({ patrol: 'orbit', searchPattern: 'parallel' })).toBe('point');
  });

  it('reads stored settings, keeping what is valid and defaulting the rest', () => {
    expect(settingsFrom({ patrol: 'orbit', altitude: 60, speed: -3, camera: 'nikon', radiusM: '40', extra: 1 })).toEqual({ ...DEFAULT_SETTINGS, patrol: 'orbit', altitude: 60 });
    expect(settingsFrom(null)).toEqual(DEFAULT_SETTINGS);
  });
});
