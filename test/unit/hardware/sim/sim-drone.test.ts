import { afterEach, describe, expect, it } from 'vitest';
import { common, minimal, standard } from 'node-mavlink';
import { ManualClock } from '../../../../hardware/clock.js';
import { memoryPair } from '../../../../hardware/link/memory.js';
import { startSimDrone, type SimHandle } from '../../../../hardware/sim/sim-drone.js';
import { MSG } from '../../../../hardware/sim/streams.js';
import { GroundStation, HOME, flush, simWithGcs } from './ground-station.js';

const CMD_SET_MESSAGE_INTERVAL = 511;
const CMD_REQUEST_MESSAGE = 512;
const CMD_REQUEST_CAPABILITIES = 520;
const MSG_COMMAND_ACK = 77;
const MSG_MESSAGE_INTERVAL = 244;

const PATROL = { center: HOME, radius: 200, altitude: 60 };

const running: SimHandle[] = [];
async function setup(opts: Parameters<typeof simWithGcs>[0] = {}): ReturnType<typeof simWithGcs> {
  const r = await simWithGcs(opts);
  running.push(r.sim);
  return r;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function acks(gcs: GroundStation, since = -Infinity): common.CommandAck[] {
  return gcs.of<common.CommandAck>(MSG_COMMAND_ACK, since).map((m) => m.data);
}

describe('sim drone identity and streams', () => {
  it('heartbeats at 1 Hz as a disarmed ArduPilot Copter in STABILIZE, on the ground at home', async () => {
    const { gcs, clock, sim } = await setup();
    const t0 = clock.now();
    await gcs.run(10_000);
    const hbs = gcs.of<minimal.Heartbeat>(MSG.HEARTBEAT);
    // One at start, then one a second.
    expect(hbs.length).toBe(11);
    expect(hbs.map((h) => h.at - t0)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000]);
    const hb = hbs[0];
    expect(hb.sysid).toBe(7);
    expect(hb.compid).toBe(1);
    expect(hb.data.type).toBe(2);
    expect(hb.data.autopilot).toBe(3);
    expect(hb.data.baseMode & minimal.MavModeFlag.CUSTOM_MODE_ENABLED).toBeTruthy();
    expect(hb.data.baseMode & minimal.MavModeFlag.SAFETY_ARMED).toBeFalsy();
    expect(hb.data.customMode).toBe(0);
    expect(hb.data.systemStatus).toBe(minimal.MavState.STANDBY);
    expect(hb.data.mavlinkVersion).toBe(3);
    const s = sim.state();
    expect([s.armed, s.airborne, s.altRel, s.groundSpeed]).toEqual([false, false, 0, 0]);
    expect(s.lat).toBeCloseTo(HOME.lat, 9);
    expect(s.lon).toBeCloseTo(HOME.lon, 9);
  });

  it('boots armed in GUIDED, flying its loop, when given a patrol', async () => {
    const { gcs, sim } = await setup({ patrol: PATROL });
    await gcs.run(3000);
    const hb = gcs.of<minimal.Heartbeat>(MSG.HEARTBEAT).at(-1)!.data;
    expect(hb.baseMode & minimal.MavModeFlag.SAFETY_ARMED).toBeTruthy();
    expect(hb.baseMode & minimal.MavModeFlag.GUIDED_ENABLED).toBeTruthy();
    expect(hb.customMode).toBe(4);
    expect(hb.systemStatus).toBe(minimal.MavState.ACTIVE);
    const s = sim.state();
    expect(s.altRel).toBeCloseTo(60, 0);
    expect(s.groundSpeed).toBeGreaterThan(7);
  });

  it('streams GLOBAL_POSITION_INT at 10 Hz by default, matching its state', async () => {
    const { gcs, clock, sim } = await setup({ patrol: PATROL });
    await gcs.run(1000);
    const since = clock.now();
    await gcs.run(10_000);
    const pos = gcs.of<common.GlobalPositionInt>(MSG.GLOBAL_POSITION_INT, since + 1);
    expect(pos.length).toBe(100);
    const last = pos[pos.length - 1].data;
    const s = sim.state();
    expect(last.lat / 1e7).toBeCloseTo(s.lat, 6);
    expect(last.lon / 1e7).toBeCloseTo(s.lon, 6);
    expect(last.relativeAlt).toBeCloseTo(60_000, -2);
    expect(last.alt - last.relativeAlt).toBe(12_000);
    expect(Math.hypot(last.vx, last.vy) / 100).toBeCloseTo(s.groundSpeed, 0);
  });

  it('sends the other default streams at their ArduPilot-like rates', async () => {
    const { gcs, clock } = await setup();
    const since = clock.now() + 1;
    await gcs.run(10_000);
    const count = (id: number): number => gcs.of(id, since).length;
    expect(count(MSG.ATTITUDE)).toBe(100);
    expect(count(MSG.VFR_HUD)).toBe(40);
    expect(count(MSG.SYS_STATUS)).toBe(20);
    expect(count(MSG.GPS_RAW_INT)).toBe(20);
    expect(count(MSG.BATTERY_STATUS)).toBe(10);
    expect(count(MSG.HOME_POSITION)).toBe(2);
    const home = gcs.of<common.HomePosition>(MSG.HOME_POSITION)[0].data;
    expect([home.latitude, home.longitude, home.altitude]).toEqual([225431000, 1140579000, 12000]);
  });

  it('changes a rate on SET_MESSAGE_INTERVAL and acknowledges it', async () => {
    const { gcs, clock } = await setup();
    await gcs.run(1000);
    const t = clock.now();
    await gcs.command(7, CMD_SET_MESSAGE_INTERVAL, MSG.GLOBAL_POSITION_INT, 500_000);
    expect(acks(gcs, t)).toMatchObject([{ command: CMD_SET_MESSAGE_INTERVAL, result: common.MavResult.ACCEPTED, targetSystem: 255, targetComponent: 190 }]);
    // The 10 Hz stream already sent at `t` does not count; the new 2 Hz one starts a step later.
    await gcs.run(10_000);
    expect(gcs.of(MSG.GLOBAL_POSITION_INT, t + 1, t + 10_000).length).toBe(20);
  });

  it('stops a stream on interval -1 and restores the default on 0', async () => {
    const { gcs, clock } = await setup();
    await gcs.command(7, CMD_SET_MESSAGE_INTERVAL, MSG.ATTITUDE, -1);
    let since = clock.now() + 1;
    await gcs.run(5000);
    expect(gcs.of(MSG.ATTITUDE, since)).toHaveLength(0);
    expect(gcs.of(MSG.HEARTBEAT, since)).toHaveLength(5);
    await gcs.command(7, CMD_SET_MESSAGE_INTERVAL, MSG.ATTITUDE, 0);
    since = clock.now();
    await gcs.run(5000);
    expect(gcs.of(MSG.ATTITUDE, since, since + 5000)).toHaveLength(50);
    expect(acks(gcs).map((a) => a.result)).toEqual([0, 0]);
  });

  it('reports an interval on GET_MESSAGE_INTERVAL', async () => {
    const { gcs } = await setup();
    await gcs.command(7, 510, MSG.VFR_HUD);
    const reply = gcs.of<common.MessageInterval>(MSG_MESSAGE_INTERVAL);
    expect(reply.map((m) => [m.data.messageId, m.data.intervalUs])).toEqual([[MSG.VFR_HUD, 250_000]]);
  });

  it('fails SET_MESSAGE_INTERVAL for a message it cannot send', async () => {
    const { gcs } = await setup();
    await gcs.command(7, CMD_SET_MESSAGE_INTERVAL, 9999, 100_000);
    expect(acks(gcs).map((a) => a.result)).toEqual([common.MavResult.FAILED]);
  });

  it('answers unknown commands with UNSUPPORTED', async () => {
    const { gcs } = await setup();
    await gcs.command(7, 31000);
    expect(acks(gcs)).toMatchObject([{ command: 31000, result: common.MavResult.UNSUPPORTED }]);
  });

  it('ignores commands addressed to another system or component', async () => {
    const { gcs } = await setup();
    await gcs.command(8, CMD_SET_MESSAGE_INTERVAL, MSG.ATTITUDE, -1);
    const c = new common.CommandLong();
    Object.assign(c, { targetSystem: 7, targetComponent: 154, command: 31000, confirmation: 0 });
    gcs.send(c);
    await flush();
    await flush();
    expect(acks(gcs)).toHaveLength(0);
  });

  it('answers commands sent to the broadcast address', async () => {
    const { gcs } = await setup();
    await gcs.command(0, 31000);
    expect(acks(gcs)).toHaveLength(1);
  });

  it('sends AUTOPILOT_VERSION with its configured uid on REQUEST_MESSAGE', async () => {
    const { gcs } = await setup({ uid: 0x1234_5678_9abc_def0n });
    await gcs.command(7, CMD_REQUEST_MESSAGE, MSG.AUTOPILOT_VERSION);
    expect(acks(gcs).map((a) => [a.command, a.result])).toEqual([[CMD_REQUEST_MESSAGE, 0]]);
    const [v] = gcs.of<standard.AutopilotVersion>(MSG.AUTOPILOT_VERSION).map((m) => m.data);
    expect(v.uid).toBe(0x1234_5678_9abc_def0n);
    const caps = BigInt(v.capabilities);
    expect(caps & BigInt(standard.MavProtocolCapability.MAVLINK2)).not.toBe(0n);
    expect(caps & BigInt(standard.MavProtocolCapability.MISSION_INT)).not.toBe(0n);
    expect(v.flightSwVersion >>> 24).toBe(4);
  });

  it('sends AUTOPILOT_VERSION on REQUEST_AUTOPILOT_CAPABILITIES', async () => {
    const { gcs } = await setup();
    await gcs.command(7, CMD_REQUEST_CAPABILITIES, 1);
    expect(acks(gcs).map((a) => a.result)).toEqual([0]);
    expect(gcs.of(MSG.AUTOPILOT_VERSION)).toHaveLength(1);
  });

  it('sends HOME_POSITION on request', async () => {
    const { gcs, clock } = await setup();
    await gcs.run(1000);
    const t = clock.now();
    await gcs.command(7, CMD_REQUEST_MESSAGE, MSG.HOME_POSITION);
    expect(gcs.of(MSG.HOME_POSITION, t)).toHaveLength(1);
  });

  it('keeps a default uid that is stable for the same seed and differs across seeds', async () => {
    const uids: bigint[] = [];
    for (const seed of [1, 1, 2]) {
      const { gcs } = await setup({ seed });
      await gcs.command(7, CMD_REQUEST_MESSAGE, MSG.AUTOPILOT_VERSION);
      uids.push(gcs.of<standard.AutopilotVersion>(MSG.AUTOPILOT_VERSION)[0].data.uid);
    }
    expect(uids[0]).toBe(uids[1]);
    expect(uids[0]).not.toBe(uids[2]);
    expect(uids[0]).not.toBe(0n);
  });
});

describe('sim drone with streamOnStart false', () => {
  it('sends only heartbeats until REQUEST_DATA_STREAM asks', async () => {
    const { gcs, clock } = await setup({ streamOnStart: false });
    await gcs.run(5000);
    expect([...gcs.ids()]).toEqual([MSG.HEARTBEAT]);
    const req = new common.RequestDataStream();
    Object.assign(req, { targetSystem: 7, targetComponent: 1, reqStreamId: 0, reqMessageRate: 4, startStop: 1 });
    gcs.send(req);
    await flush();
    const since = clock.now();
    await gcs.run(5000);
    const until = since + 5000;
    expect(gcs.of(MSG.GLOBAL_POSITION_INT, since, until)).toHaveLength(20);
    expect(gcs.of(MSG.ATTITUDE, since, until)).toHaveLength(20);
    expect(gcs.of(MSG.SYS_STATUS, since, until)).toHaveLength(20);
    expect(gcs.ids(since).has(MSG.BATTERY_STATUS)).toBe(true);
  });

  it('starts one stream group at the asked rate', async () => {
    const { gcs, clock } = await setup({ streamOnStart: false });
    const req = new common.RequestDataStream();
    Object.assign(req, { targetSystem: 7, targetComponent: 1, reqStreamId: 6, reqMessageRate: 2, startStop: 1 });
    gcs.send(req);
    await flush();
    const since = clock.now();
    await gcs.run(5000);
    expect([...gcs.ids(since)].sort((a, b) => a - b)).toEqual([MSG.HEARTBEAT, MSG.GLOBAL_POSITION_INT]);
    expect(gcs.of(MSG.GLOBAL_POSITION_INT, since, since + 5000)).toHaveLength(10);
  });

  it('sends only heartbeats until SET_MESSAGE_INTERVAL asks', async () => {
    const { gcs, clock } = await setup({ streamOnStart: false });
    await gcs.run(3000);
    expect([...gcs.ids()]).toEqual([MSG.HEARTBEAT]);
    await gcs.command(7, CMD_SET_MESSAGE_INTERVAL, MSG.VFR_HUD, 200_000);
    const since = clock.now();
    await gcs.run(2000);
    expect(gcs.of(MSG.VFR_HUD, since, since + 2000)).toHaveLength(10);
    expect(gcs.ids(since).has(MSG.GLOBAL_POSITION_INT)).toBe(false);
  });
});

describe('sim drone lifecycle', () => {
  it('stops sending and stops the link it owns', async () => {
    const clock = new ManualClock();
    const [droneEnd, gcsEnd] = memoryPair();
    await gcsEnd.start();
    const gcs = new GroundStation(gcsEnd, clock);
    const sim = await startSimDrone({ link: droneEnd, sysid: 3, clock, home: HOME });
    await gcs.run(2000);
    await sim.stop();
    await sim.stop();
    const n = gcs.heard.length;
    await gcs.run(2000);
    expect(gcs.heard.length).toBe(n);
    expect(droneEnd.peers()).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('leaves a link it does not own running', async () => {
    const clock = new ManualClock();
    const [droneEnd, gcsEnd] = memoryPair();
    await Promise.all([droneEnd.start(), gcsEnd.start()]);
    const sim = await startSimDrone({ link: droneEnd, sysid: 3, clock, home: HOME, ownsLink: false });
    await sim.stop();
    expect(droneEnd.peers()).toEqual(['b']);
    await Promise.all([droneEnd.stop(), gcsEnd.stop()]);
  });

  it('stops a shared link only with the last drone on it', async () => {
    const clock = new ManualClock();
    const [shared, gcsEnd] = memoryPair();
    await gcsEnd.start();
    const gcs = new GroundStation(gcsEnd, clock);
    const a = await startSimDrone({ link: shared, sysid: 1, clock, home: HOME, gpsAcquisitionMs: 0 });
    const b = await startSimDrone({ link: shared, sysid: 2, clock, home: HOME, gpsAcquisitionMs: 0 });
    await gcs.run(3000);
    expect(new Set(gcs.of(MSG.HEARTBEAT).map((h) => h.sysid))).toEqual(new Set([1, 2]));
    await a.stop();
    expect(shared.peers()).toEqual(['b']);
    await b.stop();
    expect(shared.peers()).toEqual([]);
  });

  it('rejects a bad sysid with a clear error', async () => {
    const [link] = memoryPair();
    await expect(startSimDrone({ link, sysid: 0, home: HOME })).rejects.toThrow('sysid must be an integer 1-255, got 0');
  });
});
