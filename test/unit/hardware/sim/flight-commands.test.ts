import { afterEach, describe, expect, it } from 'vitest';
import { common, minimal } from 'node-mavlink';
import type { SimHandle } from '../../../../hardware/sim/sim-drone.js';
import { MSG } from '../../../../hardware/sim/streams.js';
import { flush, type GroundStation, simWithGcs } from './ground-station.js';

const C = common.MavCmd;
const R = common.MavResult;
const MODE = { STABILIZE: 0, AUTO: 3, GUIDED: 4, LOITER: 5, RTL: 6, LAND: 9 } as const;
const CUSTOM = minimal.MavModeFlag.CUSTOM_MODE_ENABLED;
const FORCE = 21196;

const running: SimHandle[] = [];
async function setup(opts: Parameters<typeof simWithGcs>[0] = {}): ReturnType<typeof simWithGcs> {
  const r = await simWithGcs(opts);
  running.push(r.sim);
  return r;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function setMode(gcs: GroundStation, mode: number): Promise<number | undefined> {
  await gcs.command(7, C.DO_SET_MODE, CUSTOM, mode);
  return gcs.lastAck(C.DO_SET_MODE)?.result;
}

/** GUIDED, armed, climbed to `alt` metres. */
async function takeOff(gcs: GroundStation, sim: SimHandle, alt = 20): Promise<void> {
  expect(await setMode(gcs, MODE.GUIDED)).toBe(R.ACCEPTED);
  await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
  expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.ACCEPTED);
  await gcs.command(7, C.NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, alt);
  expect(gcs.lastAck(C.NAV_TAKEOFF)?.result).toBe(R.ACCEPTED);
  await gcs.runUntil(`climb to ${alt} m`, () => sim.state().altRel > alt - 0.5, 60_000);
}

function heartbeat(gcs: GroundStation): minimal.Heartbeat {
  return gcs.of<minimal.Heartbeat>(MSG.HEARTBEAT).at(-1)!.data;
}

describe('sim arming', () => {
  it('refuses to arm before a GPS 3D fix with the STATUSTEXT reason, then arms once it has one', async () => {
    const { gcs, sim } = await setup({ gpsAcquisitionMs: 4000 });
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.FAILED);
    const text = gcs.of<common.StatusText>(253).map((m) => m.data);
    expect(text.map((t) => [t.severity, t.text])).toEqual([[common.MavSeverity.CRITICAL, 'Arm: Need Position Estimate']]);
    // The reason comes before the ACK, as ArduPilot sends it.
    const order = gcs.heard.filter((h) => h.msg.msgid === 253 || h.msg.msgid === 77).map((h) => h.msg.msgid);
    expect(order).toEqual([253, 77]);
    expect(sim.state().armed).toBe(false);

    await gcs.run(4000);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.ACCEPTED);
    await gcs.run(1000);
    expect(heartbeat(gcs).baseMode & minimal.MavModeFlag.SAFETY_ARMED).toBeTruthy();
  });

  it('refuses to arm with the battery under 20 % unless forced with 21196', async () => {
    const { gcs, sim } = await setup({ battery: { startPercent: 19 } });
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.FAILED);
    expect(gcs.texts()).toEqual(['Arm: Battery 1 low capacity failsafe']);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1, FORCE);
    expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.ACCEPTED);
    expect(sim.state().armed).toBe(true);
  });

  it('refuses to arm in RTL and LAND, and in AUTO without a mission', async () => {
    const { gcs } = await setup();
    for (const mode of [MODE.RTL, MODE.LAND]) {
      expect(await setMode(gcs, mode)).toBe(R.ACCEPTED);
      await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
      expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.FAILED);
    }
    expect(gcs.texts()).toEqual(['Arm: Mode not armable', 'Arm: Mode not armable']);
    // AUTO cannot even be entered without a mission.
    expect(await setMode(gcs, MODE.AUTO)).toBe(R.FAILED);
    expect(gcs.texts().at(-1)).toBe('Mode change to AUTO failed: no mission');
  });

  it('disarms by itself 10 s after arming on the ground without taking off', async () => {
    const { gcs, sim } = await setup();
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    expect(sim.state().armed).toBe(true);
    await gcs.run(9900);
    expect(sim.state().armed).toBe(true);
    await gcs.run(200);
    expect(sim.state().armed).toBe(false);
  });

  it('refuses to disarm in flight unless forced; forced, it falls and stays disarmed', async () => {
    const { gcs, sim } = await setup({ speedup: 4 });
    await takeOff(gcs, sim, 30);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 0);
    expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.FAILED);
    expect(sim.state().armed).toBe(true);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 0, FORCE);
    expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.ACCEPTED);
    await gcs.run(250);
    expect(sim.state().climbRate).toBeLessThan(-5);
    await gcs.runUntil('the ground', () => sim.state().altRel === 0, 5000);
    expect(sim.state().armed).toBe(false);
  });
});

describe('sim modes', () => {
  it('changes mode by DO_SET_MODE: FAILED for an unknown mode, DENIED without the custom-mode flag', async () => {
    const { gcs } = await setup();
    expect(await setMode(gcs, MODE.LOITER)).toBe(R.ACCEPTED);
    await gcs.run(1000);
    expect(heartbeat(gcs).customMode).toBe(MODE.LOITER);
    expect(await setMode(gcs, 42)).toBe(R.FAILED);
    await gcs.command(7, C.DO_SET_MODE, 0, MODE.GUIDED);
    expect(gcs.lastAck(C.DO_SET_MODE)?.result).toBe(R.DENIED);
    await gcs.run(1000);
    expect(heartbeat(gcs).customMode).toBe(MODE.LOITER);
  });

  it('changes mode by SET_MODE and acknowledges with command 11, as ArduPilot does', async () => {
    const { gcs } = await setup();
    const m = new common.SetMode();
    Object.assign(m, { targetSystem: 7, baseMode: CUSTOM, customMode: MODE.GUIDED });
    gcs.send(m);
    await flush();
    await gcs.run(1000);
    expect(gcs.lastAck(11)?.result).toBe(R.ACCEPTED);
    expect(heartbeat(gcs).customMode).toBe(MODE.GUIDED);
    expect(heartbeat(gcs).baseMode & minimal.MavModeFlag.GUIDED_ENABLED).toBeTruthy();
  });

  it('refuses position modes before the GPS fix with ArduPilot\'s reason', async () => {
    const { gcs } = await setup({ gpsAcquisitionMs: 4000 });
    expect(await setMode(gcs, MODE.GUIDED)).toBe(R.FAILED);
    expect(gcs.texts()).toEqual(['Mode change to GUIDED failed: requires position']);
    expect(await setMode(gcs, MODE.LAND)).toBe(R.ACCEPTED);
  });
});

describe('sim flying commands', () => {
  it('takes off only when armed and in GUIDED, then hovers at the asked altitude', async () => {
    const { gcs, sim } = await setup({ speedup: 4 });
    await gcs.command(7, C.NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 20);
    expect(gcs.lastAck(C.NAV_TAKEOFF)?.result).toBe(R.FAILED);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    await gcs.command(7, C.NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 20);
    expect(gcs.lastAck(C.NAV_TAKEOFF)?.result).toBe(R.FAILED); // armed, but in STABILIZE
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 0);
    await takeOff(gcs, sim, 20);
    await gcs.run(5000);
    const s = sim.state();
    expect(s.altRel).toBeCloseTo(20, 0);
    expect(Math.hypot(s.east, s.north)).toBeLessThan(0.5);
    expect(s.groundSpeed).toBeLessThan(0.2);
    const pos = gcs.of<common.GlobalPositionInt>(MSG.GLOBAL_POSITION_INT).at(-1)!.data;
    expect(pos.relativeAlt / 1000).toBeCloseTo(20, 0);
    expect(heartbeat(gcs).customMode).toBe(MODE.GUIDED);
  });

  it('flies to a DO_REPOSITION target from COMMAND_INT (degE7, MSL) and from COMMAND_LONG (degrees, relative)', async () => {
    const { gcs, sim } = await setup({ speedup: 5 });
    await takeOff(gcs, sim, 20);
    const dest = { lat: 22.5440, lon: 114.0590 };
    await gcs.commandInt(7, C.DO_REPOSITION, common.MavFrame.GLOBAL_INT, [-1, 0, 0, 0, Math.round(dest.lat * 1e7), Math.round(dest.lon * 1e7), 12 + 35]);
    expect(gcs.lastAck(C.DO_REPOSITION)?.result).toBe(R.ACCEPTED);
    await gcs.runUntil('arrival', () => Math.abs(sim.state().lat - dest.lat) < 2e-6 && Math.abs(sim.state().lon - dest.lon) < 2e-6 && sim.state().groundSpeed < 0.3, 60_000);
    expect(sim.state().altRel).toBeCloseTo(35, 0);

    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5431, 114.0579, 25);
    expect(gcs.lastAck(C.DO_REPOSITION)?.result).toBe(R.ACCEPTED);
    await gcs.runUntil('back over home', () => Math.hypot(sim.state().east, sim.state().north) < 1 && sim.state().groundSpeed < 0.3, 60_000);
    expect(sim.state().altRel).toBeCloseTo(25, 0);
  });

  it('flies a GUIDED leg at the DO_CHANGE_SPEED speed', async () => {
    const { gcs, sim } = await setup({ speedup: 8 });
    await takeOff(gcs, sim, 10);
    await gcs.command(7, C.DO_CHANGE_SPEED, 1, 3, -1);
    expect(gcs.lastAck(C.DO_CHANGE_SPEED)?.result).toBe(R.ACCEPTED);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5431, 114.0589, 10);
    let top = 0;
    await gcs.runUntil('there', () => ((top = Math.max(top, sim.state().groundSpeed)), sim.state().east > 99 && sim.state().groundSpeed < 0.3), 60_000);
    expect(top).toBeGreaterThan(2.9);
    expect(top).toBeLessThan(3.05);
  });

  it('refuses DO_REPOSITION outside GUIDED unless asked to change mode', async () => {
    const { gcs, sim } = await setup({ speedup: 4 });
    await takeOff(gcs, sim, 10);
    expect(await setMode(gcs, MODE.LOITER)).toBe(R.ACCEPTED);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5435, 114.0579, 10);
    expect(gcs.lastAck(C.DO_REPOSITION)?.result).toBe(R.DENIED);
    await gcs.command(7, C.DO_REPOSITION, -1, common.MavDoRepositionFlags.CHANGE_MODE, 0, 0, 22.5435, 114.0579, 10);
    expect(gcs.lastAck(C.DO_REPOSITION)?.result).toBe(R.ACCEPTED);
    expect(sim.state().mode).toBe(MODE.GUIDED);
  });

  it('pauses a GUIDED flight with DO_PAUSE_CONTINUE, braking to a hold, and continues it', async () => {
    const { gcs, sim } = await setup({ speedup: 4 });
    await takeOff(gcs, sim, 20);
    await gcs.command(7, C.DO_REPOSITION, 8, 0, 0, 0, 22.5431, 114.0629, 20); // ~510 m east at 8 m/s
    await gcs.runUntil('cruise', () => sim.state().groundSpeed > 7.5, 30_000);
    await gcs.command(7, C.DO_PAUSE_CONTINUE, 0);
    expect(gcs.lastAck(C.DO_PAUSE_CONTINUE)?.result).toBe(R.ACCEPTED);
    await gcs.run(5000);
    const held = sim.state();
    expect(held.groundSpeed).toBeLessThan(0.2);
    await gcs.run(5000);
    expect(Math.hypot(sim.state().east - held.east, sim.state().north - held.north)).toBeLessThan(0.5);
    await gcs.command(7, C.DO_PAUSE_CONTINUE, 1);
    expect(gcs.lastAck(C.DO_PAUSE_CONTINUE)?.result).toBe(R.ACCEPTED);
    await gcs.runUntil('arrival', () => sim.state().lon > 114.0628 && sim.state().groundSpeed < 0.3, 60_000);
  });

  it('returns to launch: climbs to RTL_ALT, flies home, lands and disarms itself', async () => {
    const { gcs, sim } = await setup({ speedup: 8 });
    await takeOff(gcs, sim, 8);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5445, 114.0579, 8); // ~155 m north
    await gcs.runUntil('out there', () => sim.state().north > 150 && sim.state().groundSpeed < 0.3, 60_000);
    await gcs.command(7, C.NAV_RETURN_TO_LAUNCH);
    expect(gcs.lastAck(C.NAV_RETURN_TO_LAUNCH)?.result).toBe(R.ACCEPTED);
    let maxAlt = 0;
    let northAt14 = Infinity;
    await gcs.runUntil('landed and disarmed', () => {
      const s = sim.state();
      maxAlt = Math.max(maxAlt, s.altRel);
      if (s.altRel < 14.5 && s.altRel > 8.5 && s.climbRate > 0) northAt14 = Math.min(northAt14, s.north);
      return !s.armed;
    }, 120_000);
    const s = sim.state();
    expect(maxAlt).toBeGreaterThan(14.5);
    expect(maxAlt).toBeLessThan(15.5);
    // It climbed before leaving: still out there while climbing through the RTL altitude band.
    expect(northAt14).toBeGreaterThan(149);
    expect(Math.hypot(s.east, s.north)).toBeLessThan(1.5);
    expect(s.altRel).toBe(0);
    expect(s.mode).toBe(MODE.RTL);
  });

  it('returns at RTL_ALT as set by PARAM', async () => {
    const { gcs, sim } = await setup({ speedup: 8, params: { RTL_ALT: 4000, RTL_LOIT_TIME: 0 } });
    await takeOff(gcs, sim, 10);
    await gcs.command(7, C.NAV_RETURN_TO_LAUNCH);
    let maxAlt = 0;
    await gcs.runUntil('landed', () => ((maxAlt = Math.max(maxAlt, sim.state().altRel)), !sim.state().armed), 120_000);
    expect(maxAlt).toBeCloseTo(40, 0);
  });

  it('lands where it is on NAV_LAND and disarms on touchdown', async () => {
    const { gcs, sim } = await setup({ speedup: 8 });
    await takeOff(gcs, sim, 15);
    await gcs.command(7, C.DO_REPOSITION, -1, 0, 0, 0, 22.5431, 114.0589, 15); // ~100 m east
    await gcs.runUntil('there', () => sim.state().east > 99 && sim.state().groundSpeed < 0.3, 60_000);
    await gcs.command(7, C.NAV_LAND);
    expect(gcs.lastAck(C.NAV_LAND)?.result).toBe(R.ACCEPTED);
    let slowest = 0;
    await gcs.runUntil('landed', () => {
      const s = sim.state();
      if (s.altRel < 5 && s.altRel > 0.5) slowest = Math.min(slowest, s.climbRate);
      return !s.armed;
    }, 120_000);
    const s = sim.state();
    expect(s.east).toBeGreaterThan(98);
    expect(s.altRel).toBe(0);
    // LAND_SPEED (50 cm/s) near the ground.
    expect(slowest).toBeGreaterThan(-0.55);
    expect(s.mode).toBe(MODE.LAND);
  });

  it('terminates on DO_FLIGHTTERMINATION: motors off, falls to the ground, disarmed', async () => {
    const { gcs, sim } = await setup({ speedup: 4 });
    await takeOff(gcs, sim, 40);
    const t = gcs.now();
    await gcs.command(7, C.DO_FLIGHTTERMINATION, 1);
    expect(gcs.lastAck(C.DO_FLIGHTTERMINATION)?.result).toBe(R.ACCEPTED);
    expect(sim.state().armed).toBe(false);
    expect(gcs.texts(t)).toContain('Flight terminated');
    // Free fall from 40 m takes about 3 s; far faster than any powered descent.
    await gcs.runUntil('impact', () => sim.state().altRel === 0, 2000);
    await gcs.run(2000);
    expect(sim.state().armed).toBe(false);
    expect(heartbeat(gcs).baseMode & minimal.MavModeFlag.SAFETY_ARMED).toBeFalsy();
  });
});
