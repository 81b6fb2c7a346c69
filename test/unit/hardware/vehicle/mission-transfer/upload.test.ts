import type { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import type { MissionTransferError } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer-error.js';
import type { TransferProgress } from '../../../../../hardware/vehicle/mission-transfer/transfer-machine.js';
import { GCS, ID, VEHICLE, describeSent, flush, itemOf, scripted, track, vehicleSays, waypoints } from './wire.js';

/** Starts an upload of `n` waypoints and returns the harness, the outcome and the progress seen. */
function uploading(n = 3, type: 'mission' | 'fence' | 'rally' = 'mission') {
  const h = scripted();
  const items = waypoints(n);
  const progress: TransferProgress[] = [];
  const outcome = track(h.mt.upload(type, items, { onProgress: (p) => progress.push(p) }));
  return { ...h, items, outcome, progress };
}

describe('mission upload', () => {
  it('starts with MISSION_COUNT addressed to the vehicle, with the mission type', () => {
    const { take } = uploading(4, 'fence');
    const [count, ...rest] = take();
    expect(rest).toEqual([]);
    expect(count.msgid).toBe(ID.MISSION_COUNT);
    expect(count.sysid).toBe(GCS.sysid);
    expect(count.compid).toBe(GCS.compid);
    expect(count.data).toMatchObject({ targetSystem: VEHICLE.sysid, targetComponent: VEHICLE.compid, count: 4, missionType: 1 });
  });

  it('answers each request at once with exactly the item asked for and resolves on ACCEPTED', async () => {
    const { reply, take, sentOf, items, outcome, mt } = uploading(3);
    take();
    for (let seq = 0; seq < 3; seq++) {
      reply(vehicleSays.request(seq));
      expect(take().map(describeSent)).toEqual([`ITEM ${seq}`]);
    }
    expect(sentOf<common.MissionItemInt>(ID.MISSION_ITEM_INT).map(itemOf)).toEqual(items);
    expect(sentOf<common.MissionItemInt>(ID.MISSION_ITEM_INT).every((m) => m.targetSystem === 1 && m.targetComponent === 1 && (m.missionType as number) === 0)).toBe(true);
    await flush();
    expect(outcome.settled).toBe(false);
    reply(vehicleSays.ack(0));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
    expect(mt.running).toBeNull();
    expect(take()).toEqual([]);
  });

  it('answers legacy MISSION_REQUEST (as ArduPilot asks) with MISSION_ITEM_INT', async () => {
    const { reply, take, outcome } = uploading(2);
    take();
    reply(vehicleSays.request(0, 'mission', true));
    reply(vehicleSays.request(1, 'mission', true));
    expect(take().map((m) => m.msgid)).toEqual([ID.MISSION_ITEM_INT, ID.MISSION_ITEM_INT]);
    reply(vehicleSays.ack(0));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
  });

  it('resends only the item asked for when the vehicle asks for it again', () => {
    const { reply, take } = uploading(5);
    take();
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    take();
    reply(vehicleSays.request(1));
    expect(take().map(describeSent)).toEqual(['ITEM 1']);
  });

  it('answers a request that goes backwards with that item (the vehicle lost ours)', () => {
    const { reply, take } = uploading(5);
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    reply(vehicleSays.request(2));
    take();
    reply(vehicleSays.request(0));
    expect(take().map(describeSent)).toEqual(['ITEM 0']);
  });

  it('ignores a request past the end of the list', () => {
    const { reply, take } = uploading(3);
    take();
    reply(vehicleSays.request(3));
    reply(vehicleSays.request(400));
    expect(take()).toEqual([]);
  });

  it('sends nothing in answer to requests for another mission type, or from another vehicle, or for another ground station', () => {
    const { reply, take } = uploading(3);
    take();
    reply(vehicleSays.request(0, 'rally'));
    reply(vehicleSays.request(0), { sysid: 2, compid: 1 });
    reply(vehicleSays.request(0), { sysid: 1, compid: 100 });
    const other = vehicleSays.request(0) as common.MissionRequestInt;
    other.targetSystem = 254;
    reply(other);
    expect(take()).toEqual([]);
    const broadcast = vehicleSays.request(0) as common.MissionRequestInt;
    broadcast.targetSystem = 0;
    broadcast.targetComponent = 0;
    reply(broadcast);
    expect(take().map(describeSent)).toEqual(['ITEM 0']);
  });

  it('reports progress as items are confirmed: monotonic, from 0 to the total', async () => {
    const { reply, progress, outcome } = uploading(4);
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    reply(vehicleSays.request(1));
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    reply(vehicleSays.request(2));
    reply(vehicleSays.request(3));
    reply(vehicleSays.ack(0));
    await flush();
    expect(outcome.error).toBeUndefined();
    expect(progress).toEqual([{ done: 0, total: 4 }, { done: 1, total: 4 }, { done: 2, total: 4 }, { done: 3, total: 4 }, { done: 4, total: 4 }]);
  });

  it('ignores an ACCEPTED that comes before the last item went out (a late copy from an earlier transfer)', async () => {
    const { reply, take, outcome } = uploading(3);
    reply(vehicleSays.ack(0));
    reply(vehicleSays.request(0));
    reply(vehicleSays.ack(0));
    await flush();
    expect(outcome.settled).toBe(false);
    reply(vehicleSays.request(1));
    reply(vehicleSays.request(2));
    take();
    reply(vehicleSays.ack(0));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
  });

  it('uploads an empty list as MISSION_COUNT 0, which the vehicle acknowledges (a clear)', async () => {
    const h = scripted();
    const progress: TransferProgress[] = [];
    const outcome = track(h.mt.upload('rally', [], { onProgress: (p) => progress.push(p) }));
    expect(h.take().map(describeSent)).toEqual(['COUNT 0']);
    h.clock.advance(250);
    expect(h.take().map(describeSent)).toEqual(['COUNT 0']);
    h.reply(vehicleSays.ack(0, 'rally'));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
    expect(progress).toEqual([{ done: 0, total: 0 }]);
  });

  it('checks every item before sending anything and names the first bad one', async () => {
    const cases: [string, (items: ReturnType<typeof waypoints>) => void, number, RegExp][] = [
      ['a gap in seq', (it) => { it[2].seq = 3; }, 2, /item 2: seq is 3; items must be numbered 0, 1, 2/],
      ['latitude in degrees', (it) => { it[1].x = 26.58; }, 1, /item 1: x \(latitude\) 26\.58 is not an integer: global frames carry degrees × 1e7 \(use degE7\(\)\)/],
      ['latitude out of range', (it) => { it[3].x = 950_000_000; }, 3, /item 3: x \(latitude\) 950000000 is outside ±900000000/],
      ['longitude out of range', (it) => { it[0].y = -1_800_000_001; }, 0, /item 0: y \(longitude\) -1800000001 is outside ±1800000000/],
      ['a local x that is not an int32', (it) => { it[1].frame = 1; it[1].x = 0.5; }, 1, /item 1: x 0\.5 is not a 32-bit integer/],
      ['an infinite param', (it) => { it[2].param3 = Infinity; }, 2, /item 2: param3 must be a finite number or NaN, not Infinity/],
      ['a NaN altitude', (it) => { it[1].z = NaN; }, 1, /item 1: z \(altitude\) must be a finite number, not NaN/],
      ['a frame out of range', (it) => { it[0].frame = 300; }, 0, /item 0: frame 300 is not a MAV_FRAME number/],
      ['a command out of range', (it) => { it[0].command = -1; }, 0, /item 0: command -1 is not a MAV_CMD number/],
    ];
    for (const [what, spoil, index, message] of cases) {
      const h = scripted();
      const items = waypoints(4);
      spoil(items);
      const error = await h.mt.upload('mission', items).then(() => null, (e: unknown) => e as MissionTransferError);
      expect(error, what).toMatchObject({ name: 'MissionTransferError', code: 'invalid_items', seq: index, vehicle: 'Forest survey', operation: 'upload' });
      expect(error?.message, what).toMatch(/^The mission upload to Forest survey was not started: /);
      expect(error?.message, what).toMatch(message);
      expect(h.sent, what).toEqual([]);
      expect(h.mt.running, what).toBeNull();
      expect(h.clock.pending, what).toBe(0);
    }
  });

  it('lets NaN params through (MAVLink\'s "no value") and they reach the vehicle as NaN', () => {
    const { reply, sentOf, items } = uploading(1);
    expect(Number.isNaN(items[0].param4)).toBe(true);
    reply(vehicleSays.request(0));
    const [sent] = sentOf<common.MissionItemInt>(ID.MISSION_ITEM_INT);
    expect(Number.isNaN(sent.param4)).toBe(true);
  });

  it('sends the items as they were when the upload was called, whatever the caller changes later', () => {
    const { reply, sentOf, items } = uploading(2);
    const original = items.map((i) => ({ ...i }));
    items[1].x = 0;
    items.push({ ...items[0], seq: 2 });
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    reply(vehicleSays.request(2));
    expect(sentOf<common.MissionItemInt>(ID.MISSION_ITEM_INT).map(itemOf)).toEqual(original);
  });

  it('treats a send that throws as a lost frame and retries it', async () => {
    const h = scripted();
    h.failSends(true);
    const outcome = track(h.mt.upload('mission', waypoints(1)));
    expect(h.take()).toEqual([]);
    h.failSends(false);
    h.clock.advance(250);
    expect(h.take().map(describeSent)).toEqual(['COUNT 1']);
    await flush();
    expect(outcome.settled).toBe(false);
  });
});
