import { afterEach, describe, expect, it } from 'vitest';
import { common, minimal } from 'node-mavlink';
import type { SimHandle } from '../../../../hardware/sim/sim-drone.js';
import { simWithGcs, type GroundStation } from './ground-station.js';
import { item, paramSet, upload } from './mission-script.js';

const C = common.MavCmd;
const R = common.MavResult;
const MODE = { GUIDED: 4, RTL: 6, LAND: 9 } as const;
const FORCE = 21196;
/** HOME plus metres east, as degrees of longitude (at 22.54° N). */
const lonEast = (m: number): number => 114.0579 + m / 102_800;

const running: SimHandle[] = [];
async function setup(opts: Parameters<typeof simWithGcs>[0] = {}): ReturnType<typeof simWithGcs> {
  const r = await simWithGcs({ speedup: 10, ...opts });
  running.push(r.sim);
  return r;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function takeOff(gcs: GroundStation, sim: SimHandle, alt: number, force = false): Promise<void> {
  await gcs.command(7, C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, MODE.GUIDED);
  await gcs.command(7, C.COMPONENT_ARM_DISARM, 1, force ? FORCE : 0);
  expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.ACCEPTED);
  await gcs.command(7, C.NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, alt);
  await gcs.runUntil('climb', () => sim.state().altRel > alt - 0.5, 60_000);
}

/** A square inclusion fence `half` metres either side of home. */
function square(half: number): ReturnType<typeof item>[] {
  return [[-half, -half], [half, -half], [half, half], [-half, half]].map(([e, n]) => item(C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, e, n, 0, { param1: 4 }));
}

describe('sim geofence', () => {
  it('breaching an inclusion polygon sends a STATUSTEXT and returns to launch', async () => {
    const { gcs, sim } = await setup({ params: { FENCE_ENABLE: 1 } });
    expect((await upload(gcs, 7, square(100), { type: 'fence' })).result).toBe(common.MavMissionResult.ACCEPTED);
    await takeOff(gcs, sim, 20);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5431, lonEast(200), 20);
    await gcs.runUntil('breach', () => sim.state().mode === MODE.RTL, 60_000);
    expect(sim.state().east).toBeGreaterThan(100);
    expect(sim.state().east).toBeLessThan(104);
    expect(gcs.texts()).toContain('Fence Breached: Polygon');
    const text = gcs.of<common.StatusText>(253).find((m) => m.data.text === 'Fence Breached: Polygon')!.data;
    expect(text.severity).toBe(common.MavSeverity.CRITICAL);
    await gcs.runUntil('home and disarmed', () => !sim.state().armed, 60_000);
    expect(Math.hypot(sim.state().east, sim.state().north)).toBeLessThan(1.5);
  });

  it('ignores the fence while FENCE_ENABLE is 0 and acts at once when PARAM_SET turns it on', async () => {
    const { gcs, sim } = await setup();
    await upload(gcs, 7, square(100), { type: 'fence' });
    await takeOff(gcs, sim, 20);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5431, lonEast(200), 20);
    await gcs.runUntil('outside', () => sim.state().east > 199 && sim.state().groundSpeed < 0.3, 60_000);
    expect(sim.state().mode).toBe(MODE.GUIDED);
    paramSet(gcs, 7, 'FENCE_ENABLE', 1, common.MavParamType.INT8);
    await gcs.run(200);
    expect(sim.state().mode).toBe(MODE.RTL);
  });

  it('breaches FENCE_ALT_MAX on the way up', async () => {
    const { gcs, sim } = await setup({ params: { FENCE_ENABLE: 1, FENCE_ALT_MAX: 30 } });
    await gcs.command(7, C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, MODE.GUIDED);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    await gcs.command(7, C.NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 50);
    await gcs.runUntil('breach', () => sim.state().mode === MODE.RTL, 60_000);
    expect(gcs.texts()).toContain('Fence Breached: Max Alt');
    expect(sim.state().altRel).toBeLessThan(32);
  });

  it('refuses to arm outside an enabled fence', async () => {
    const { gcs } = await setup({ params: { FENCE_ENABLE: 1 } });
    const away = [[100, 100], [200, 100], [200, 200], [100, 200]].map(([e, n]) => item(C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, e, n, 0, { param1: 4 }));
    await upload(gcs, 7, away, { type: 'fence' });
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.FAILED);
    expect(gcs.texts()).toEqual(['Arm: Vehicle outside fence']);
  });
});

describe('sim battery failsafe', () => {
  it('disarms instead when the battery runs low on the ground', async () => {
    const { gcs, sim } = await setup({ battery: { startPercent: 15 } });
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1, FORCE);
    expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.ACCEPTED);
    await gcs.run(100);
    expect(sim.state().armed).toBe(false);
    expect(gcs.texts().some((t) => t.startsWith('Battery 1 is low'))).toBe(true);
  });

  it('warns and returns to launch once when the battery runs low', async () => {
    const { gcs, sim } = await setup({ battery: { startPercent: 21 } });
    await takeOff(gcs, sim, 20);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5431, lonEast(300), 20);
    await gcs.runUntil('low battery RTL', () => sim.state().mode === MODE.RTL, 120_000);
    expect(sim.state().battery.percent).toBeLessThan(20);
    expect(sim.state().battery.percent).toBeGreaterThan(19.5);
    const low = gcs.of<common.StatusText>(253).filter((m) => m.data.text.startsWith('Battery 1 is low'));
    expect(low).toHaveLength(1);
    expect(low[0].data.severity).toBe(common.MavSeverity.CRITICAL);
    expect(low[0].data.text).toMatch(/^Battery 1 is low \d+\.\d\dV used \d+ mAh$/);
    // Once: taking over again in GUIDED is not undone.
    await gcs.command(7, C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, MODE.GUIDED);
    await gcs.run(3000);
    expect(sim.state().mode).toBe(MODE.GUIDED);
  });

  it('lands when the battery reaches critical (the low stage set to warn only)', async () => {
    const { gcs, sim } = await setup({ battery: { startPercent: 12 }, params: { BATT_FS_LOW_ACT: 0 } });
    await takeOff(gcs, sim, 20, true);
    expect(gcs.texts().some((t) => t.startsWith('Battery 1 is low'))).toBe(true);
    expect(sim.state().mode).toBe(MODE.GUIDED);
    await gcs.runUntil('critical', () => sim.state().mode === MODE.LAND, 120_000);
    expect(gcs.texts().some((t) => t.startsWith('Battery 1 is critical'))).toBe(true);
    expect(sim.state().battery.percent).toBeLessThan(10);
    await gcs.runUntil('landed', () => !sim.state().armed, 120_000);
    expect(sim.state().altRel).toBe(0);
  });
});

describe('sim rally points', () => {
  it('returns to the nearest rally point rather than home', async () => {
    const { gcs, sim } = await setup({ params: { RTL_LOIT_TIME: 0 } });
    await upload(gcs, 7, [item(C.NAV_RALLY_POINT, 300, 0, 30)], { type: 'rally' });
    await takeOff(gcs, sim, 20);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5431, lonEast(220), 20);
    await gcs.runUntil('there', () => sim.state().east > 219 && sim.state().groundSpeed < 0.3, 60_000);
    await gcs.command(7, C.NAV_RETURN_TO_LAUNCH);
    await gcs.runUntil('landed', () => !sim.state().armed, 60_000);
    expect(Math.hypot(sim.state().east - 300, sim.state().north)).toBeLessThan(1.5);
  });
});
