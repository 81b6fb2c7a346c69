import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../../../missions/formats/read-plan-file.js';
import { generatePatrol, type DrawnShape } from '../../../../web/plan/generate-patrol.js';
import { importPlanFile } from '../../../../web/plan/import-plan-file.js';
import { exportPlanFile, fileBaseName } from '../../../../web/plan/plan-export.js';
import { DEFAULT_SETTINGS, type PlanSettings } from '../../../../web/plan/plan-settings.js';
import { plannerRecord, withPlannerRecord } from '../../../../web/plan/planner-record.js';

const fixture = (p: string) => new Uint8Array(readFileSync(`test/fixtures/${p}`));
const survey: PlanSettings = { ...DEFAULT_SETTINGS, patrol: 'survey' };

describe('importing a file into the planner', () => {
  it('plans a survey on a KML forest compartment', () => {
    const r = importPlanFile('forest-compartment.kml', fixture('kml/forest-compartment.kml'), survey);
    if (r.kind !== 'shape') throw new Error(`expected a shape, got ${JSON.stringify(r)}`);
    expect(r.shape.kind).toBe('area');
    expect(r.shape.points.length).toBeGreaterThanOrEqual(3);
    expect(r.settings.patrol).toBe('survey');
    expect(generatePatrol(r.shape, r.settings).ok).toBe(true);
  });

  it('switches to the corridor patrol for a power line while a survey was chosen', () => {
    const r = importPlanFile('power-line.geojson', fixture('geojson/power-line.geojson'), survey);
    expect(r).toMatchObject({ kind: 'shape', shape: { kind: 'line' }, settings: { patrol: 'corridor' } });
  });

  it('reads a .plan or .waypoints mission as a fixed plan', () => {
    const plan = importPlanFile('simple-mission.plan', fixture('plans/simple-mission.plan'), survey);
    expect(plan).toMatchObject({ kind: 'mission', plan: { pattern: 'waypoints' } });
    const wpl = importPlanFile('corridor-mission.waypoints', fixture('plans/corridor-mission.waypoints'), survey);
    expect(wpl.kind === 'mission' && wpl.plan.steps.length).toBeGreaterThan(2);
  });

  it('says what is wrong with a bad file, where', () => {
    expect(importPlanFile('unclosed-ring.geojson', fixture('geojson/unclosed-ring.geojson'), survey)).toEqual({
      kind: 'error',
      message: expect.stringContaining('not closed'),
    });
    expect(importPlanFile('notes.docx', new Uint8Array([1, 2]), survey)).toEqual({ kind: 'error', message: expect.stringContaining("unsupported file type '.docx'") });
    expect(importPlanFile('empty.geojson', fixture('geojson/empty-collection.geojson'), survey).kind).toBe('error');
  });
});

describe('exporting the plan on screen', () => {
  const shape: DrawnShape = { kind: 'point', points: [{ lat: 26.6, lon: 106.64 }] };
  const g = generatePatrol(shape, { ...DEFAULT_SETTINGS, patrol: 'orbit', photos: 6 });
  if (!g.ok) throw new Error('expected a plan');

  it('writes .plan and .waypoints files that read back to the same items', () => {
    for (const format of ['plan', 'waypoints'] as const) {
      const file = exportPlanFile(format, g.plan, g.camera, 'Tower 12 orbit');
      expect(file.filename).toBe(`Tower-12-orbit.${format}`);
      const read = readPlanFile(file.filename, file.text);
      expect(read.ok && read.value.kind === 'mission' && read.value.items.length).toBe(g.plan.steps.length + 1);
    }
  });

  it('writes GeoJSON with the path, photos and footprints', () => {
    const file = exportPlanFile('geojson', g.plan, g.camera, 'x');
    const kinds = (JSON.parse(file.text) as { features: { properties: { kind: string } }[] }).features.map((f) => f.properties.kind);
    expect(kinds.filter((k) => k === 'photo')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'footprint')).toHaveLength(6);
    expect(kinds).toContain('path');
  });

  it('makes safe file names in any script', () => {
    expect(fileBaseName('  林区 7号 / 测绘 ')).toBe('林区-7号-测绘');
    expect(fileBaseName('../..')).toBe('plan');
    expect(fileBaseName('')).toBe('plan');
  });
});

describe('the planner record inside a saved plan', () => {
  const shape: DrawnShape = { kind: 'area', points: [{ lat: 1, lon: 2 }, { lat: 1, lon: 3 }, { lat: 2, lon: 3 }], holes: [[{ lat: 1.2, lon: 2.7 }, { lat: 1.2, lon: 2.8 }, { lat: 1.3, lon: 2.8 }]] };

  it('brings back the shape and settings a plan was made from, beside the generator\'s own settings', () => {
    const plan = withPlannerRecord({ pattern: 'survey', home: { lat: 1, lon: 2 }, steps: [], photos: [], settings: { altitudeM: 40 } }, shape, survey);
    expect(plan.settings?.altitudeM).toBe(40);
    expect(plannerRecord(JSON.parse(JSON.stringify(plan)))).toEqual({ shape, settings: survey });
  });

  it('is absent from other plans, and a damaged one is ignored', () => {
    const base = { pattern: 'waypoints' as const, home: { lat: 1, lon: 2 }, steps: [], photos: [] };
    expect(plannerRecord(base)).toBeNull();
    expect(plannerRecord({ ...base, settings: { planner: { shape: { kind: 'area', points: [{ lat: 95, lon: 0 }] } } } })).toBeNull();
    expect(plannerRecord({ ...base, settings: { planner: { shape: { kind: 'blob', points: [{ lat: 1, lon: 0 }] } } } })).toBeNull();
  });
});
