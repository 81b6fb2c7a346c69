import { afterEach, describe, expect, it } from 'vitest';
import { common } from 'node-mavlink';
import { ITEM_RETRIES, ITEM_RETRY_MS } from '../../../../hardware/sim/mission-server.js';
import type { SimHandle } from '../../../../hardware/sim/sim-drone.js';
import { flush, HOME, simWithGcs, type GroundStation } from './ground-station.js';
import { download, home, item, jump, numbered, rtl, takeoff, upload, waypoint } from './mission-script.js';

const C = common.MavCmd;
const MR = common.MavMissionResult;
const MSG = { MISSION_REQUEST: 40, MISSION_CURRENT: 42, MISSION_ACK: 47, MISSION_REQUEST_INT: 51 } as const;

const running: SimHandle[] = [];
async function setup(opts: Parameters<typeof simWithGcs>[0] = {}): ReturnType<typeof simWithGcs> {
  const r = await simWithGcs(opts);
  running.push(r.sim);
  return r;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const MISSION = [home(), takeoff(20), waypoint(100, 0, 20), waypoint(100, 100, 25, 3), jump(2, 1), rtl()];

function sendCount(gcs: GroundStation, count: number, missionType = 0, sysid = 7): void {
  const c = new common.MissionCount();
  Object.assign(c, { targetSystem: sysid, targetComponent: 1, count, missionType, opaqueId: 0 });
  gcs.send(c);
}

function acks(gcs: GroundStation, since = -Infinity): number[] {
  return gcs.of<common.MissionAck>(MSG.MISSION_ACK, since).map((m) => m.data.type);
}

describe('sim mission protocol', () => {
  it('uploads with MISSION_REQUEST_INT item by item, and downloads the same list with home at 0', async () => {
    const { gcs, sim } = await setup();
    const up = await upload(gcs, 7, MISSION);
    expect(up.result).toBe(MR.ACCEPTED);
    expect(up.requests.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(up.requests.every((r) => !r.legacy)).toBe(true);
    expect(sim.state().mission.total).toBe(5);

    const down = await download(gcs, 7);
    expect(down).toHaveLength(6);
    // Item 0 is the vehicle's home whatever was uploaded there: GLOBAL frame, MSL altitude.
    expect(down[0]).toMatchObject({ seq: 0, command: C.NAV_WAYPOINT, frame: common.MavFrame.GLOBAL, x: Math.round(HOME.lat * 1e7), y: Math.round(HOME.lon * 1e7), z: HOME.altMsl });
    const sent = numbered(MISSION);
    for (let i = 1; i < sent.length; i++) {
      expect(down[i]).toMatchObject({ seq: i, command: sent[i].command, frame: sent[i].frame, x: sent[i].x, y: sent[i].y, z: sent[i].z, param1: sent[i].param1, param2: sent[i].param2 });
    }
  });

  it('asks with legacy MISSION_REQUEST when told to, as ArduPilot does', async () => {
    const { gcs } = await setup({ legacyRequests: true });
    const up = await upload(gcs, 7, MISSION);
    expect(up.result).toBe(MR.ACCEPTED);
    expect(up.requests.every((r) => r.legacy)).toBe(true);
    expect(gcs.of(MSG.MISSION_REQUEST_INT)).toHaveLength(0);
  });

  it('asks for an unanswered item again after 250 ms, not before, and completes when answered', async () => {
    const { gcs } = await setup();
    const r = await upload(gcs, 7, MISSION, { drop: (seq, nth) => seq === 3 && nth <= 2 });
    expect(r.result).toBe(MR.ACCEPTED);
    expect(r.requests.map((q) => q.seq)).toEqual([0, 1, 2, 3, 3, 3, 4, 5]);
    const threes = r.requests.filter((q) => q.seq === 3).map((q) => q.at);
    expect(threes[1] - threes[0]).toBe(250);
    expect(threes[2] - threes[1]).toBe(250);
    // Answered, the next item is asked for at once, not after another wait.
    expect(r.requests.find((q) => q.seq === 4)!.at - threes[2]).toBeLessThanOrEqual(10);
  });

  it(`re-asks exactly on the 250 ms boundary and gives up with OPERATION_CANCELLED after ${ITEM_RETRIES} re-asks`, async () => {
    const { gcs, clock } = await setup();
    sendCount(gcs, 3);
    await flush();
    const t0 = clock.now();
    const asks = (): number => gcs.of(MSG.MISSION_REQUEST_INT).length;
    expect(asks()).toBe(1);
    clock.advance(ITEM_RETRY_MS - 1);
    await flush();
    expect(asks()).toBe(1);
    clock.advance(1);
    await flush();
    expect(asks()).toBe(2);
    const giveUp = ITEM_RETRY_MS * (ITEM_RETRIES + 1);
    clock.advance(giveUp - ITEM_RETRY_MS - 1);
    await flush();
    expect(asks()).toBe(1 + ITEM_RETRIES);
    expect(acks(gcs)).toEqual([]);
    clock.advance(1);
    await flush();
    expect(acks(gcs)).toEqual([MR.OPERATION_CANCELLED]);
    expect(clock.now() - t0).toBe(giveUp);
    expect(gcs.of<common.MissionRequestInt>(MSG.MISSION_REQUEST_INT).every((m) => m.data.seq === 0)).toBe(true);
    clock.advance(5000);
    await flush();
    expect(asks()).toBe(1 + ITEM_RETRIES);
  });

  it('ignores an item out of sequence and asks for the expected one again', async () => {
    const { gcs } = await setup();
    let jumped = false;
    const list = numbered(MISSION);
    const stop = gcs.listen((m) => {
      if (m.msgid !== MSG.MISSION_REQUEST_INT) return;
      const seq = (m.data as common.MissionRequestInt).seq;
      // Answer the first ask for item 2 with item 3.
      const send = seq === 2 && !jumped ? list[3] : list[seq];
      if (seq === 2) jumped = true;
      const it = new common.MissionItemInt();
      Object.assign(it, { ...send, current: 0, autocontinue: 1, targetSystem: 7, targetComponent: 1, missionType: 0 });
      gcs.send(it);
    });
    sendCount(gcs, list.length);
    await gcs.runUntil('ACK', () => acks(gcs).length > 0, 5000, 10);
    stop();
    expect(acks(gcs)).toEqual([MR.ACCEPTED]);
    expect(gcs.of<common.MissionRequestInt>(MSG.MISSION_REQUEST_INT).map((m) => m.data.seq)).toEqual([0, 1, 2, 2, 3, 4, 5]);
    expect((await download(gcs, 7)).map((i) => i.command)).toEqual(list.map((i) => i.command));
  });

  it('ends an upload with MAV_MISSION_UNSUPPORTED for a command it cannot fly, keeping the old mission', async () => {
    const { gcs, sim } = await setup();
    await upload(gcs, 7, MISSION);
    const bad = [home(), takeoff(10), item(31000, 10, 10, 10)];
    const r = await upload(gcs, 7, bad);
    expect(r.result).toBe(MR.UNSUPPORTED);
    expect(r.requests.map((q) => q.seq)).toEqual([0, 1, 2]);
    expect(sim.state().mission.total).toBe(5);
  });

  it('rejects a bad frame, a bad latitude and a DO_JUMP past the end', async () => {
    const { gcs } = await setup();
    const local = { ...waypoint(10, 10, 10), frame: common.MavFrame.LOCAL_NED };
    expect((await upload(gcs, 7, [home(), local])).result).toBe(MR.UNSUPPORTED_FRAME);
    const lat = { ...waypoint(10, 10, 10), x: 95e7 };
    expect((await upload(gcs, 7, [home(), lat])).result).toBe(MR.INVALID_PARAM5_X);
    expect((await upload(gcs, 7, [home(), takeoff(5), jump(9, 1)])).result).toBe(MR.INVALID_PARAM1);
  });

  it('answers a count above maxMissionItems with NO_SPACE and asks for nothing', async () => {
    const { gcs } = await setup({ maxMissionItems: 10 });
    sendCount(gcs, 11);
    await gcs.run(500);
    expect(acks(gcs)).toEqual([MR.NO_SPACE]);
    expect(gcs.of(MSG.MISSION_REQUEST_INT)).toHaveLength(0);
  });

  it('denies a second ground station while an upload is in progress', async () => {
    const { gcs } = await setup();
    sendCount(gcs, 3);
    await flush();
    // Another sender: same link, different system id.
    const other = new common.MissionCount();
    Object.assign(other, { targetSystem: 7, targetComponent: 1, count: 2, missionType: 0, opaqueId: 0 });
    const { MavlinkWriter } = await import('../../../../hardware/mavlink/writer.js');
    gcs.link.send(new MavlinkWriter(254, 190).encode(other));
    await flush();
    await flush();
    const denied = gcs.of<common.MissionAck>(MSG.MISSION_ACK).map((m) => [m.data.type, m.data.targetSystem]);
    expect(denied).toEqual([[MR.DENIED, 254]]);
  });

  it('sends the final ACK again when the last item is repeated (its ACK was lost)', async () => {
    const { gcs } = await setup();
    await upload(gcs, 7, MISSION);
    const last = numbered(MISSION).at(-1)!;
    const it = new common.MissionItemInt();
    Object.assign(it, { ...last, current: 0, autocontinue: 1, targetSystem: 7, targetComponent: 1, missionType: 0 });
    gcs.send(it);
    await gcs.run(100);
    expect(acks(gcs)).toEqual([MR.ACCEPTED, MR.ACCEPTED]);
  });

  it('keeps mission, fence and rally lists apart, and clears one with MISSION_CLEAR_ALL', async () => {
    const { gcs } = await setup();
    await upload(gcs, 7, MISSION);
    const poly = [[-200, -200], [200, -200], [200, 200], [-200, 200]].map(([e, n]) => item(C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, e, n, 0, { param1: 4 }));
    expect((await upload(gcs, 7, poly, { type: 'fence' })).result).toBe(MR.ACCEPTED);
    expect((await upload(gcs, 7, [item(C.NAV_RALLY_POINT, 50, 50, 30)], { type: 'rally' })).result).toBe(MR.ACCEPTED);
    expect(await download(gcs, 7, 'fence')).toHaveLength(4);
    expect((await download(gcs, 7, 'rally')).map((i) => i.command)).toEqual([C.NAV_RALLY_POINT]);
    expect(await download(gcs, 7, 'mission')).toHaveLength(6);

    const clear = new common.MissionClearAll();
    Object.assign(clear, { targetSystem: 7, targetComponent: 1, missionType: 1 });
    gcs.send(clear);
    await gcs.run(100);
    expect(acks(gcs).at(-1)).toBe(MR.ACCEPTED);
    expect(await download(gcs, 7, 'fence')).toHaveLength(0);
    expect(await download(gcs, 7, 'mission')).toHaveLength(6);
    Object.assign(clear, { missionType: 0 });
    gcs.send(clear);
    await gcs.run(100);
    // No mission: just home.
    expect((await download(gcs, 7, 'mission')).map((i) => i.seq)).toEqual([0]);
  });

  it('rejects a fence polygon whose vertex count does not add up', async () => {
    const { gcs } = await setup();
    const poly = [[-200, -200], [200, -200], [200, 200]].map(([e, n]) => item(C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, e, n, 0, { param1: 4 }));
    expect((await upload(gcs, 7, poly, { type: 'fence' })).result).toBe(MR.INVALID_PARAM1);
  });

  it('takes legacy MISSION_ITEM answers in float degrees and stores them as degE7', async () => {
    const { gcs } = await setup({ legacyRequests: true });
    const list = numbered([home(), takeoff(10), waypoint(120, 80, 30)]);
    const stop = gcs.listen((m) => {
      if (m.msgid !== MSG.MISSION_REQUEST) return;
      const src = list[(m.data as common.MissionRequest).seq];
      const it = new common.MissionItem();
      Object.assign(it, { ...src, x: src.x / 1e7, y: src.y / 1e7, current: 0, autocontinue: 1, targetSystem: 7, targetComponent: 1, missionType: 0 });
      gcs.send(it);
    });
    sendCount(gcs, list.length);
    await gcs.runUntil('ACK', () => acks(gcs).length > 0, 5000, 10);
    stop();
    expect(acks(gcs)).toEqual([MR.ACCEPTED]);
    const wp = (await download(gcs, 7))[2];
    // float32 degrees carry about a metre of precision.
    expect(Math.abs(wp.x - list[2].x)).toBeLessThan(20);
    expect(Math.abs(wp.y - list[2].y)).toBeLessThan(20);
  });

  it('moves the current item on DO_SET_MISSION_CURRENT, and fails one out of range', async () => {
    const { gcs } = await setup();
    await upload(gcs, 7, MISSION);
    await gcs.command(7, C.DO_SET_MISSION_CURRENT, 2);
    expect(gcs.lastAck(C.DO_SET_MISSION_CURRENT)?.result).toBe(common.MavResult.ACCEPTED);
    expect(gcs.of<common.MissionCurrent>(MSG.MISSION_CURRENT).at(-1)!.data.seq).toBe(2);
    await gcs.command(7, C.DO_SET_MISSION_CURRENT, 9);
    expect(gcs.lastAck(C.DO_SET_MISSION_CURRENT)?.result).toBe(common.MavResult.FAILED);
  });

  it('moves the current item on MISSION_SET_CURRENT and says so with MISSION_CURRENT', async () => {
    const { gcs, clock } = await setup();
    await upload(gcs, 7, MISSION);
    const t = clock.now();
    const sc = new common.MissionSetCurrent();
    Object.assign(sc, { targetSystem: 7, targetComponent: 1, seq: 3 });
    gcs.send(sc);
    await flush();
    await flush();
    const cur = gcs.of<common.MissionCurrent>(MSG.MISSION_CURRENT, t).map((m) => m.data);
    expect(cur.at(-1)).toMatchObject({ seq: 3, total: 5 });
  });

  it('reports MISSION_CURRENT at 1 Hz with total and state', async () => {
    const { gcs, clock } = await setup();
    await gcs.run(3000);
    const none = gcs.of<common.MissionCurrent>(MSG.MISSION_CURRENT).at(-1)!.data;
    expect([none.total, none.missionState]).toEqual([65535, common.MissionState.NO_MISSION]);
    await upload(gcs, 7, MISSION);
    const t = clock.now();
    await gcs.run(5000);
    const cur = gcs.of<common.MissionCurrent>(MSG.MISSION_CURRENT, t);
    expect(cur.length).toBeGreaterThanOrEqual(5);
    expect(cur.length).toBeLessThanOrEqual(6);
    expect([cur.at(-1)!.data.total, cur.at(-1)!.data.missionState]).toEqual([5, common.MissionState.NOT_STARTED]);
  });
});
