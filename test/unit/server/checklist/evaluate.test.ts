import { describe, expect, it } from 'vitest';
import { blockingSummary, evaluateChecklist, type EvaluateInput } from '../../../../server/checklist/evaluate.js';
import { ChecklistTemplateSchema, ChecklistTickSchema, DEFAULT_CHECKLIST_TEMPLATE } from '../../../../server/protocol-checklist.js';
import { vehicle } from '../../web/vehicle-fixture.js';

const T0 = 1_767_225_600_000;
const HOUR = 3600_000;

function input(over: Partial<EvaluateInput> = {}): EvaluateInput {
  return {
    vehicle: vehicle({ id: 'v1', battery: { percent: 95, voltage: 16.4, current: 0.5 }, gps: { fixType: 3, satellites: 12, hdop: 0.7 } }),
    siteId: null,
    template: DEFAULT_CHECKLIST_TEMPLATE,
    ticks: {
      weather: { by: 'olga', userId: 'u1', at: T0, note: 'wind 3 m/s NE' },
      airspace: { by: 'olga', userId: 'u1', at: T0, note: null },
      airframe: { by: 'olga', userId: 'u1', at: T0, note: null },
    },
    override: null,
    fence: { count: 4, at: T0, error: null },
    now: T0 + 1000,
    tickValidMs: 2 * HOUR,
    required: true,
    ...over,
  };
}

const item = (c: ReturnType<typeof evaluateChecklist>, id: string) => c.items.find((i) => i.id === id)!;

describe('checklist evaluation', () => {
  it('is complete when telemetry, geofence and every manual item pass', () => {
    const c = evaluateChecklist(input());
    expect(c.items.map((i) => [i.id, i.state])).toEqual([
      ['battery', 'pass'], ['gps', 'pass'], ['link', 'pass'], ['geofence', 'pass'],
      ['weather', 'pass'], ['airspace', 'pass'], ['airframe', 'pass'],
    ]);
    expect(c).toMatchObject({ vehicleId: 'v1', complete: true, required: true, canArm: true, override: null, checkedAt: T0 + 1000 });
    expect(item(c, 'weather')).toMatchObject({ doneBy: 'olga', doneAt: T0, note: 'wind 3 m/s NE' });
  });

  it('checks the battery against the threshold on both sides of it', () => {
    const at = (percent: number | null) => evaluateChecklist(input({ vehicle: vehicle({ id: 'v1', battery: { percent, voltage: 16, current: 0 } }) }));
    expect(item(at(80), 'battery')).toMatchObject({ state: 'pass', value: 80, need: 80 });
    expect(item(at(79), 'battery')).toMatchObject({ state: 'fail', reason: 'below', message: 'battery: 79% is below 80%' });
    expect(item(at(null), 'battery')).toMatchObject({ state: 'unknown', reason: 'no_data' });
  });

  it('needs a 3D fix and enough satellites', () => {
    const gps = (fixType: number, satellites: number | null) => item(evaluateChecklist(input({ vehicle: vehicle({ id: 'v1', gps: { fixType, satellites, hdop: 1 } }) })), 'gps');
    expect(gps(2, 12)).toMatchObject({ state: 'fail', reason: 'no_fix' });
    expect(gps(3, 7)).toMatchObject({ state: 'fail', reason: 'below', value: 7, need: 8 });
    expect(gps(3, 8)).toMatchObject({ state: 'pass' });
    expect(gps(6, null)).toMatchObject({ state: 'unknown', reason: 'no_data' });
  });

  it('fails the link when it is lost', () => {
    expect(item(evaluateChecklist(input({ vehicle: vehicle({ id: 'v1', linkState: 'lost' }) })), 'link')).toMatchObject({ state: 'fail', reason: 'lost' });
  });

  it('tells apart an unchecked geofence, a failed check and no fence at all, and can leave the geofence out', () => {
    expect(item(evaluateChecklist(input({ fence: null })), 'geofence')).toMatchObject({ state: 'unknown', reason: 'not_checked' });
    expect(item(evaluateChecklist(input({ fence: { count: null, at: T0, error: 'busy' } })), 'geofence')).toMatchObject({
      state: 'unknown', reason: 'check_failed', message: 'geofence: check failed (busy)',
    });
    expect(item(evaluateChecklist(input({ fence: { count: 0, at: T0, error: null } })), 'geofence')).toMatchObject({ state: 'fail', reason: 'none_loaded' });
    const noFence = evaluateChecklist(input({ fence: null, template: { ...DEFAULT_CHECKLIST_TEMPLATE, requireGeofence: false } }));
    expect(noFence.items.map((i) => i.id)).not.toContain('geofence');
    expect(noFence.complete).toBe(true);
  });

  it('lets a tick lapse after its validity window, on both sides of the boundary', () => {
    expect(item(evaluateChecklist(input({ now: T0 + 2 * HOUR })), 'airspace').state).toBe('pass');
    expect(item(evaluateChecklist(input({ now: T0 + 2 * HOUR + 1 })), 'airspace')).toMatchObject({ state: 'fail', reason: 'expired' });
  });

  it('wants a note where the item asks for one', () => {
    const c = evaluateChecklist(input({ ticks: { ...input().ticks, weather: { by: 'olga', userId: null, at: T0, note: null } } }));
    expect(item(c, 'weather')).toMatchObject({ state: 'fail', reason: 'note_missing' });
  });

  it('lets an override arm an incomplete checklist until it lapses', () => {
    const override = { by: 'ada', userId: 'u9', at: T0, reason: 'ferry flight', until: T0 + 60_000 };
    const base = input({ ticks: {}, override });
    const during = evaluateChecklist({ ...base, now: T0 + 59_999 });
    expect(during).toMatchObject({ complete: false, canArm: true, override: { by: 'ada', reason: 'ferry flight', until: T0 + 60_000 } });
    const after = evaluateChecklist({ ...base, now: T0 + 60_000 });
    expect(after).toMatchObject({ complete: false, canArm: false, override: null });
  });

  it('lets anything arm where the checklist is not required, still showing what is open', () => {
    const c = evaluateChecklist(input({ ticks: {}, required: false }));
    expect(c).toMatchObject({ complete: false, required: false, canArm: true });
    expect(item(c, 'weather').state).toBe('fail');
  });

  it('summarises what blocks arming in one line', () => {
    const c = evaluateChecklist(input({ ticks: {}, fence: null }));
    expect(blockingSummary(c)).toBe('geofence: not checked yet; weather: not done; airspace: not done; airframe: not done');
  });

  it('uses a site template’s own items and labels', () => {
    const template = { minBatteryPercent: 50, minSatellites: 6, requireGeofence: false, manual: [{ id: 'spotter', label: 'Spotter briefed', requiresNote: false }] };
    const c = evaluateChecklist(input({ template, ticks: {} }));
    expect(c.items.map((i) => i.id)).toEqual(['battery', 'gps', 'link', 'spotter']);
    expect(item(c, 'spotter')).toMatchObject({ kind: 'manual', label: 'Spotter briefed', message: 'Spotter briefed: not done' });
  });
});

describe('checklist request schemas', () => {
  it('refuses a template whose manual items reuse an automatic id or repeat one', () => {
    const r = ChecklistTemplateSchema.safeParse({
      ...DEFAULT_CHECKLIST_TEMPLATE,
      manual: [{ id: 'gps' }, { id: 'spotter' }, { id: 'spotter' }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['manual.0.id', 'gps is an automatic item'],
      ['manual.2.id', 'spotter is listed twice'],
    ]);
  });

  it('needs items or a site in a tick request', () => {
    expect(ChecklistTickSchema.safeParse({}).success).toBe(false);
    expect(ChecklistTickSchema.safeParse({ siteId: null }).success).toBe(true);
    expect(ChecklistTickSchema.safeParse({ items: [{ id: 'weather', done: true, note: 'calm' }] }).success).toBe(true);
  });
});
