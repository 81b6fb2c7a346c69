import { afterEach, describe, expect, it } from 'vitest';
import { common, minimal, type ardupilotmega } from 'node-mavlink';
import type { MissionItem } from '../../../../missions/mission-item.js';
import type { CameraTriggerEvent } from '../../../../hardware/sim/camera-trigger.js';
import type { SimHandle, SimState } from '../../../../hardware/sim/sim-drone.js';
import { simWithGcs, type GroundStation } from './ground-station.js';
import { home, item, jump, land, rtl, takeoff, upload, waypoint } from './mission-script.js';

const C = common.MavCmd;
const R = common.MavResult;
const MS = common.MissionState;
const MODE = { AUTO: 3, GUIDED: 4, LOITER: 5 } as const;
const MSG_MISSION_CURRENT = 42;
const MSG_ITEM_REACHED = 46;
const MSG_CAMERA_FEEDBACK = 180;

const running: SimHandle[] = [];
async function setup(opts: Parameters<typeof simWithGcs>[0] = {}): ReturnType<typeof simWithGcs> {
  const r = await simWithGcs({ speedup: 10, ...opts });
  running.push(r.sim);
  return r;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

interface Reached {
  seq: number;
  state: SimState;
}

/** Uploads `items`, then GUIDED, arm, MISSION_START; records each MISSION_ITEM_REACHED with the drone's state then. */
async function startMission(gcs: GroundStation, sim: SimHandle, items: MissionItem[]): Promise<Reached[]> {
  expect((await upload(gcs, 7, items)).result).toBe(common.MavMissionResult.ACCEPTED);
  const reached: Reached[] = [];
  gcs.listen((m) => m.msgid === MSG_ITEM_REACHED && reached.push({ seq: (m.data as common.MissionItemReached).seq, state: sim.state() }));
  await gcs.command(7, C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, MODE.GUIDED);
  await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
  expect(gcs.lastAck(C.COMPONENT_ARM_DISARM)?.result).toBe(R.ACCEPTED);
  await gcs.command(7, C.MISSION_START);
  expect(gcs.lastAck(C.MISSION_START)?.result).toBe(R.ACCEPTED);
  return reached;
}

function lastCurrent(gcs: GroundStation): common.MissionCurrent {
  return gcs.of<common.MissionCurrent>(MSG_MISSION_CURRENT).at(-1)!.data;
}

/** Ten waypoints zig-zagging north-east of home at 25 m. */
const TEN = Array.from({ length: 10 }, (_, i) => ({ east: 40 + 30 * i, north: i % 2 === 0 ? 60 : 120 }));

describe('sim mission flight', () => {
  it('flies a 10-waypoint mission item by item, returns, lands and disarms itself', async () => {
    const { gcs, sim } = await setup();
    const items = [home(), takeoff(25), ...TEN.map((p) => waypoint(p.east, p.north, 25)), rtl()];
    const reached = await startMission(gcs, sim, items);
    await gcs.runUntil('landed and disarmed', () => !sim.state().armed, 60_000);

    expect(reached.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(reached[0].state.altRel).toBeGreaterThan(24.4);
    TEN.forEach((p, i) => {
      const s = reached[i + 1].state;
      // Within the default acceptance radius (WPNAV_RADIUS 2 m) plus one step's travel.
      expect(Math.hypot(s.east - p.east, s.north - p.north)).toBeLessThan(2.6);
      expect(s.altRel).toBeCloseTo(25, 0);
    });
    const end = sim.state();
    expect(Math.hypot(end.east, end.north)).toBeLessThan(1.5);
    expect([end.altRel, end.armed, end.mode]).toEqual([0, false, MODE.AUTO]);
    await gcs.run(1000);
    const cur = lastCurrent(gcs);
    expect([cur.seq, cur.total, cur.missionState]).toEqual([12, 12, MS.COMPLETE]);
    // MISSION_CURRENT followed the mission from item to item.
    const seqs = [...new Set(gcs.of<common.MissionCurrent>(MSG_MISSION_CURRENT).map((m) => m.data.seq))];
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(gcs.texts()).toContain('Reached command #2');
  });

  it('repeats a DO_JUMP section as many times as asked, then carries on', async () => {
    const { gcs, sim } = await setup();
    const items = [home(), takeoff(15), waypoint(40, 0, 15), waypoint(40, 40, 15), jump(2, 2), land(5, 5)];
    const reached = await startMission(gcs, sim, items);
    await gcs.runUntil('landed', () => !sim.state().armed, 60_000);
    expect(reached.map((r) => r.seq)).toEqual([1, 2, 3, 2, 3, 2, 3, 5]);
    expect(Math.hypot(sim.state().east - 5, sim.state().north - 5)).toBeLessThan(1.5);
  });

  it('holds at a waypoint for its param1 seconds before moving on', async () => {
    const { gcs, sim } = await setup({ speedup: 2 });
    const items = [home(), takeoff(10), waypoint(20, 0, 10, 6), waypoint(20, 20, 10)];
    const reached = await startMission(gcs, sim, items);
    let arrivedAt = -1;
    gcs.listen((m) => m.msgid === 253 && (m.data as common.StatusText).text === 'Reached command #2' && (arrivedAt = sim.state().bootMs));
    await gcs.runUntil('item 2 done', () => reached.some((r) => r.seq === 2), 60_000);
    const heldMs = reached.find((r) => r.seq === 2)!.state.bootMs - arrivedAt;
    expect(heldMs).toBeGreaterThanOrEqual(6000);
    expect(heldMs).toBeLessThan(6300);
  });

  it('ends a mission that ends on a waypoint by holding there in LOITER', async () => {
    const { gcs, sim } = await setup();
    const reached = await startMission(gcs, sim, [home(), takeoff(10), waypoint(30, 30, 12)]);
    await gcs.runUntil('done', () => reached.length === 2, 60_000);
    await gcs.run(2000);
    const s = sim.state();
    expect([s.mode, s.armed]).toEqual([MODE.LOITER, true]);
    expect(Math.hypot(s.east - 30, s.north - 30)).toBeLessThan(1.5);
    expect(s.altRel).toBeCloseTo(12, 0);
    expect(lastCurrent(gcs).missionState).toBe(MS.COMPLETE);
  });

  it('pauses with DO_PAUSE_CONTINUE (brakes and holds, mission PAUSED) and continues to finish', async () => {
    const { gcs, sim } = await setup({ speedup: 4 });
    const reached = await startMission(gcs, sim, [home(), takeoff(10), waypoint(300, 0, 10), land(300, 0)]);
    await gcs.runUntil('cruising', () => sim.state().east > 60 && sim.state().groundSpeed > 9, 60_000);
    await gcs.command(7, C.DO_PAUSE_CONTINUE, 0);
    expect(gcs.lastAck(C.DO_PAUSE_CONTINUE)?.result).toBe(R.ACCEPTED);
    await gcs.run(3000);
    const held = sim.state();
    expect(held.groundSpeed).toBeLessThan(0.2);
    expect(held.east).toBeLessThan(200);
    await gcs.run(2000);
    expect(Math.abs(sim.state().east - held.east)).toBeLessThan(0.5);
    expect(held.mode).toBe(MODE.AUTO);
    expect(lastCurrent(gcs).missionState).toBe(MS.PAUSED);
    await gcs.command(7, C.DO_PAUSE_CONTINUE, 1);
    expect(lastCurrent(gcs).missionState).toBe(MS.ACTIVE);
    await gcs.runUntil('landed', () => !sim.state().armed, 60_000);
    expect(reached.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(sim.state().east).toBeCloseTo(300, 0);
  });

  it('cruises at WPNAV_SPEED, and at a DO_CHANGE_SPEED speed once one runs', async () => {
    const { gcs, sim } = await setup({ params: { WPNAV_SPEED: 600 } });
    const change = item(C.DO_CHANGE_SPEED, 0, 0, 0, { param1: 1, param2: 3, frame: common.MavFrame.MISSION });
    const reached = await startMission(gcs, sim, [home(), takeoff(10), waypoint(150, 0, 10), change, waypoint(150, 150, 10)]);
    let leg1 = 0;
    let leg2 = 0;
    await gcs.runUntil('both legs', () => {
      const s = sim.state();
      if (reached.length === 1) leg1 = Math.max(leg1, s.groundSpeed);
      // Past the corner, where the first leg's speed has been shed.
      if (reached.length === 2 && s.north > 40) leg2 = Math.max(leg2, s.groundSpeed);
      return reached.length === 3;
    }, 60_000);
    expect(leg1).toBeGreaterThan(5.8);
    expect(leg1).toBeLessThan(6.05);
    expect(leg2).toBeGreaterThan(2.9);
    expect(leg2).toBeLessThan(3.05);
  });

  it('triggers the camera every DO_SET_CAM_TRIGG_DIST metres and reports each photo', async () => {
    const { gcs, sim } = await setup();
    const photos: CameraTriggerEvent[] = [];
    sim.drone.onCameraTrigger((e) => photos.push(e));
    const on = item(C.DO_SET_CAM_TRIGG_DIST, 0, 0, 0, { param1: 20, param3: 1, frame: common.MavFrame.MISSION });
    const off = item(C.DO_SET_CAM_TRIGG_DIST, 0, 0, 0, { param1: 0, frame: common.MavFrame.MISSION });
    await startMission(gcs, sim, [home(), takeoff(30), waypoint(0, 50, 30), on, waypoint(200, 50, 30), off, rtl()]);
    await gcs.runUntil('landed', () => !sim.state().armed, 60_000);
    // One at the start of the 200 m leg, then one every 20 m.
    expect(photos.length).toBeGreaterThanOrEqual(10);
    expect(photos.length).toBeLessThanOrEqual(11);
    expect(sim.state().photos).toBe(photos.length);
    const feedback = gcs.of<ardupilotmega.CameraFeedback>(MSG_CAMERA_FEEDBACK).map((m) => m.data);
    expect(feedback.map((f) => f.imgIdx)).toEqual(photos.map((p) => p.index));
    for (let i = 1; i < photos.length; i++) {
      const d = Math.hypot((photos[i].lat - photos[i - 1].lat) * 110_800, (photos[i].lon - photos[i - 1].lon) * 102_800);
      expect(d).toBeGreaterThan(19.5);
      expect(d).toBeLessThan(21.5);
    }
    expect(photos.every((p) => Math.abs(p.altRel - 30) < 1)).toBe(true);
  });

  it('orbits for NAV_LOITER_TURNS at its radius, and waits out NAV_LOITER_TIME', async () => {
    const { gcs, sim } = await setup();
    const turns = item(C.NAV_LOITER_TURNS, 100, 0, 20, { param1: 2, param3: 30 });
    const wait = item(C.NAV_LOITER_TIME, 0, 50, 20, { param1: 10 });
    const reached = await startMission(gcs, sim, [home(), takeoff(20), turns, wait, rtl()]);
    await gcs.runUntil('joined the circle', () => Math.abs(Math.hypot(sim.state().east - 100, sim.state().north) - 30) < 2, 60_000);
    const t0 = sim.state().bootMs;
    let worst = 0;
    await gcs.runUntil('turns done', () => {
      worst = Math.max(worst, Math.abs(Math.hypot(sim.state().east - 100, sim.state().north) - 30));
      return reached.length === 2;
    }, 60_000);
    const orbitS = (sim.state().bootMs - t0) / 1000;
    // Two turns of a 30 m circle (377 m) at the speed the turn allows (~7 m/s).
    expect(orbitS).toBeGreaterThan(45);
    expect(orbitS).toBeLessThan(65);
    expect(worst).toBeLessThan(4);
    const arrive = sim.state().bootMs;
    await gcs.runUntil('loiter time done', () => reached.length === 3, 60_000);
    expect(sim.state().bootMs - arrive).toBeGreaterThan(10_000);
  });

  it('points its nose at a DO_SET_ROI_LOCATION while flying the next legs', async () => {
    const { gcs, sim } = await setup({ speedup: 4 });
    const roi = item(C.DO_SET_ROI_LOCATION, 0, 100, 0, { frame: common.MavFrame.GLOBAL_RELATIVE_ALT });
    const reached = await startMission(gcs, sim, [home(), takeoff(10), roi, waypoint(100, 0, 10), waypoint(100, 100, 10)]);
    await gcs.runUntil('halfway along the first leg', () => sim.state().east > 50, 60_000);
    await gcs.run(1000);
    const s = sim.state();
    const bearing = ((Math.atan2(0 - s.east, 100 - s.north) * 180) / Math.PI + 360) % 360;
    expect(Math.abs(s.heading - bearing)).toBeLessThan(5);
    // The track is east, the nose is not.
    expect(Math.abs(s.course - 90)).toBeLessThan(5);
    await gcs.runUntil('done', () => reached.length === 3, 60_000);
  });

  it('refuses MISSION_START armed on the ground when the mission does not start with a take-off', async () => {
    const { gcs, sim } = await setup();
    expect((await upload(gcs, 7, [home(), waypoint(20, 20, 10)])).result).toBe(common.MavMissionResult.ACCEPTED);
    await gcs.command(7, C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, MODE.GUIDED);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    await gcs.command(7, C.MISSION_START);
    expect(gcs.lastAck(C.MISSION_START)?.result).toBe(R.FAILED);
    expect(gcs.texts()).toContain('Auto: Missing Takeoff Cmd');
    expect(sim.state().mode).toBe(MODE.GUIDED);
  });

  it('starts the mission when armed in AUTO', async () => {
    const { gcs, sim } = await setup();
    expect((await upload(gcs, 7, [home(), takeoff(10), waypoint(20, 0, 10)])).result).toBe(common.MavMissionResult.ACCEPTED);
    await gcs.command(7, C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, MODE.AUTO);
    expect(gcs.lastAck(C.DO_SET_MODE)?.result).toBe(R.ACCEPTED);
    await gcs.run(2000);
    expect(sim.state().altRel).toBe(0);
    await gcs.command(7, C.COMPONENT_ARM_DISARM, 1);
    await gcs.runUntil('at the waypoint', () => sim.state().mode === MODE.LOITER, 60_000);
    expect(sim.state().east).toBeCloseTo(20, 0);
  });
});
