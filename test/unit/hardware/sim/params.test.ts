import { afterEach, describe, expect, it } from 'vitest';
import { common, minimal } from 'node-mavlink';
import type { SimHandle } from '../../../../hardware/sim/sim-drone.js';
import { flush, simWithGcs, type GroundStation } from './ground-station.js';
import { home, paramRead, paramSet, takeoff, upload, waypoint } from './mission-script.js';

const MSG_PARAM_VALUE = 22;
const T = common.MavParamType;
const C = common.MavCmd;

const running: SimHandle[] = [];
async function setup(opts: Parameters<typeof simWithGcs>[0] = {}): ReturnType<typeof simWithGcs> {
  const r = await simWithGcs(opts);
  running.push(r.sim);
  return r;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function values(gcs: GroundStation, since = -Infinity): common.ParamValue[] {
  return gcs.of<common.ParamValue>(MSG_PARAM_VALUE, since).map((m) => m.data);
}

async function echo(gcs: GroundStation, name: string, value: number, type: number = T.REAL32): Promise<common.ParamValue | undefined> {
  const before = values(gcs).length;
  paramSet(gcs, 7, name, value, type);
  await flush();
  await flush();
  return values(gcs).slice(before).find((v) => v.paramId === name);
}

describe('sim parameters', () => {
  it('sends every parameter on PARAM_REQUEST_LIST with index and count, a few per step', async () => {
    const { gcs, clock } = await setup();
    const req = new common.ParamRequestList();
    Object.assign(req, { targetSystem: 7, targetComponent: 1 });
    gcs.send(req);
    await flush();
    const t0 = clock.now();
    await gcs.run(2000);
    const all = values(gcs);
    const count = all[0].paramCount;
    expect(count).toBeGreaterThanOrEqual(40);
    expect(all).toHaveLength(count);
    expect(all.map((v) => v.paramIndex)).toEqual([...Array(count).keys()]);
    expect(all.every((v) => v.paramCount === count)).toBe(true);
    expect(new Set(all.map((v) => v.paramId)).size).toBe(count);
    // Paced: never more than five in one 50 ms step, and spread over several steps.
    const perStep = new Map<number, number>();
    for (const m of gcs.of(MSG_PARAM_VALUE)) perStep.set(m.at, (perStep.get(m.at) ?? 0) + 1);
    expect(Math.max(...perStep.values())).toBeLessThanOrEqual(5);
    expect(perStep.size).toBeGreaterThanOrEqual(Math.ceil(count / 5));
    expect(Math.max(...perStep.keys()) - t0).toBeLessThan(1000);
    const byName = new Map(all.map((v) => [v.paramId, v]));
    for (const name of ['SYSID_THISMAV', 'RTL_ALT', 'WPNAV_SPEED', 'WPNAV_ACCEL', 'LAND_SPEED', 'PILOT_SPEED_UP', 'FENCE_ENABLE', 'FENCE_ALT_MAX', 'FENCE_RADIUS', 'FENCE_ACTION', 'BATT_LOW_VOLT', 'BATT_CRT_VOLT', 'BATT_FS_LOW_ACT', 'FS_GCS_ENABLE', 'MIS_TOTAL']) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(byName.get('SYSID_THISMAV')).toMatchObject({ paramValue: 7, paramType: T.INT16 });
    expect(byName.get('RTL_ALT')!.paramValue).toBe(1500);
  });

  it('reads one parameter by name and by index', async () => {
    const { gcs } = await setup();
    paramRead(gcs, 7, 'WPNAV_SPEED');
    await flush();
    await flush();
    const byName = values(gcs)[0];
    expect(byName).toMatchObject({ paramId: 'WPNAV_SPEED', paramValue: 1000, paramType: T.REAL32 });
    paramRead(gcs, 7, byName.paramIndex);
    paramRead(gcs, 7, 'NO_SUCH_PARAM');
    await gcs.run(200);
    expect(values(gcs).map((v) => [v.paramId, v.paramIndex])).toEqual([
      ['WPNAV_SPEED', byName.paramIndex],
      ['WPNAV_SPEED', byName.paramIndex],
    ]);
  });

  it('stores PARAM_SET and echoes the stored value, clamped to its range and rounded to its type', async () => {
    const { gcs } = await setup();
    expect(await echo(gcs, 'RTL_ALT', 3000, T.INT32)).toMatchObject({ paramValue: 3000, paramIndex: 65535 });
    expect((await echo(gcs, 'RTL_ALT', 10, T.INT32))?.paramValue).toBe(30);
    expect((await echo(gcs, 'FENCE_ENABLE', 0.7, T.INT8))?.paramValue).toBe(1);
    expect((await echo(gcs, 'WPNAV_SPEED', 5000))?.paramValue).toBe(2000);
    paramRead(gcs, 7, 'RTL_ALT');
    await gcs.run(100);
    expect(values(gcs).at(-1)).toMatchObject({ paramId: 'RTL_ALT', paramValue: 30 });
  });

  it('refuses a read-only parameter with a STATUSTEXT and its unchanged value, and ignores unknown names', async () => {
    const { gcs } = await setup();
    expect((await echo(gcs, 'MIS_TOTAL', 9, T.INT16))?.paramValue).toBe(0);
    expect(gcs.texts()).toEqual(['Param write denied (MIS_TOTAL)']);
    expect(await echo(gcs, 'NOT_A_PARAM', 1)).toBeUndefined();
    await gcs.run(500);
    expect(values(gcs).filter((v) => v.paramId === 'NOT_A_PARAM')).toHaveLength(0);
  });

  it('counts the stored mission in MIS_TOTAL', async () => {
    const { gcs } = await setup();
    await upload(gcs, 7, [home(), takeoff(10), waypoint(10, 10, 10), waypoint(20, 10, 10)]);
    paramRead(gcs, 7, 'MIS_TOTAL');
    await gcs.run(100);
    expect(values(gcs).at(-1)).toMatchObject({ paramId: 'MIS_TOTAL', paramValue: 3 });
  });

  it('flies GUIDED legs at the WPNAV_SPEED set by PARAM_SET', async () => {
    const { gcs, sim } = await setup({ speedup: 10 });
    await echo(gcs, 'WPNAV_SPEED', 400);
    await gcs.command(7, C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, 4);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    await gcs.command(7, C.NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 10);
    await gcs.runUntil('up', () => sim.state().altRel > 9.5, 30_000);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5431, 114.0579 + 200 / 102_800, 10);
    let top = 0;
    await gcs.runUntil('there', () => ((top = Math.max(top, sim.state().groundSpeed)), sim.state().east > 199 && sim.state().groundSpeed < 0.3), 60_000);
    expect(top).toBeGreaterThan(3.9);
    expect(top).toBeLessThan(4.05);
  });
});
