import { describe, expect, it } from 'vitest';
import type { MissionTransferError } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer-error.js';
import type { TransferProgress } from '../../../../../hardware/vehicle/mission-transfer/transfer-machine.js';
import type { MissionItem } from '../../../../../missions/mission-item.js';
import { ID, describeSent, flush, scripted, track, vehicleSays, waypoints } from './wire.js';

function downloading(type: 'mission' | 'fence' | 'rally' = 'mission') {
  const h = scripted();
  const progress: TransferProgress[] = [];
  const outcome = track(h.mt.download(type, { onProgress: (p) => progress.push(p) }));
  return { ...h, outcome, progress, error: () => outcome.error as MissionTransferError | undefined };
}

describe('mission download', () => {
  it('asks for the list, then for each item in turn with one request outstanding, then acknowledges', async () => {
    const { take, reply, outcome, progress } = downloading('fence');
    const [list] = take();
    expect(list.msgid).toBe(ID.MISSION_REQUEST_LIST);
    expect(list.data).toMatchObject({ targetSystem: 1, targetComponent: 1, missionType: 1 });
    const items = waypoints(3);
    reply(vehicleSays.count(3, 'fence'));
    expect(take().map(describeSent)).toEqual(['REQUEST 0']);
    reply(vehicleSays.itemInt(items[0], 'fence'));
    expect(take().map(describeSent)).toEqual(['REQUEST 1']);
    reply(vehicleSays.itemInt(items[1], 'fence'));
    expect(take().map(describeSent)).toEqual(['REQUEST 2']);
    reply(vehicleSays.itemInt(items[2], 'fence'));
    const [ack, ...rest] = take();
    expect(rest).toEqual([]);
    expect(describeSent(ack)).toBe('ACK 0');
    expect(ack.data).toMatchObject({ missionType: 1, targetSystem: 1, targetComponent: 1 });
    await flush();
    expect(outcome.value).toEqual(items);
    expect(progress).toEqual([{ done: 0, total: 3 }, { done: 1, total: 3 }, { done: 2, total: 3 }, { done: 3, total: 3 }]);
  });

  it('returns an empty list for a count of 0, and acknowledges it', async () => {
    const { take, reply, outcome } = downloading('rally');
    take();
    reply(vehicleSays.count(0, 'rally'));
    expect(take().map(describeSent)).toEqual(['ACK 0']);
    await flush();
    expect(outcome.value).toEqual([]);
  });

  it('accepts legacy MISSION_ITEM, scaling float degrees to degE7 and local metres to ×1e4', async () => {
    // The legacy message carries float32: about a metre of resolution at these longitudes.
    const f32E7 = (deg: number): number => Math.round(Math.fround(deg) * 1e7);
    const { take, reply, outcome } = downloading();
    const base = waypoints(3);
    reply(vehicleSays.count(3));
    reply(vehicleSays.itemLegacy(base[0], 26.58, 106.63));
    reply(vehicleSays.itemLegacy({ ...base[1], frame: 1 }, 12.5, -3.25));
    reply(vehicleSays.itemLegacy({ ...base[2], frame: 2, command: 183 }, 9, 1500));
    await flush();
    const items = outcome.value as MissionItem[];
    expect(items.map((i) => [i.frame, i.x, i.y])).toEqual([[3, f32E7(26.58), f32E7(106.63)], [1, 125_000, -32_500], [2, 9, 1500]]);
    expect(items[0]).toMatchObject({ seq: 0, command: 16, current: true, autocontinue: true, z: base[0].z });
    expect(take().map(describeSent).at(-1)).toBe('ACK 0');
  });

  it('drops a repeated item without a word and re-requests at once when an item comes ahead of its turn', async () => {
    const { take, reply, outcome } = downloading();
    const items = waypoints(3);
    reply(vehicleSays.count(3));
    reply(vehicleSays.itemInt(items[0]));
    take();
    reply(vehicleSays.itemInt(items[0]));
    expect(take()).toEqual([]);
    reply(vehicleSays.itemInt(items[2]));
    expect(take().map(describeSent)).toEqual(['REQUEST 1']);
    reply(vehicleSays.itemInt(items[1]));
    reply(vehicleSays.itemInt(items[2]));
    await flush();
    expect(outcome.value).toEqual(items);
  });

  it('ignores a repeated MISSION_COUNT once items are being requested', () => {
    const { take, reply } = downloading();
    reply(vehicleSays.count(5));
    take();
    reply(vehicleSays.count(5));
    reply(vehicleSays.count(7));
    expect(take()).toEqual([]);
  });

  it('ignores items of another mission type', async () => {
    const { take, reply, outcome } = downloading('mission');
    reply(vehicleSays.count(1));
    take();
    reply(vehicleSays.itemInt(waypoints(1)[0], 'fence'));
    expect(take()).toEqual([]);
    await flush();
    expect(outcome.settled).toBe(false);
  });

  it('resends MISSION_REQUEST_LIST after 250 ms when the request or the count is lost, not at 249 ms', () => {
    const { clock, take, reply } = downloading();
    take();
    clock.advance(249);
    expect(take()).toEqual([]);
    clock.advance(1);
    expect(take().map(describeSent)).toEqual(['REQUEST_LIST']);
    reply(vehicleSays.count(2));
    expect(take().map(describeSent)).toEqual(['REQUEST 0']);
  });

  it('re-requests the wanted item after 250 ms when the request or the item is lost', () => {
    const { clock, take, reply } = downloading();
    const items = waypoints(3);
    reply(vehicleSays.count(3));
    reply(vehicleSays.itemInt(items[0]));
    take();
    clock.advance(249);
    expect(take()).toEqual([]);
    clock.advance(1);
    expect(take().map(describeSent)).toEqual(['REQUEST 1']);
    reply(vehicleSays.itemInt(items[1]));
    expect(take().map(describeSent)).toEqual(['REQUEST 2']);
  });

  it('gives up on a vehicle silent for 1500 ms, not 1499 ms, after the 5th re-request, and tells the vehicle', async () => {
    const { clock, take, reply, outcome, error } = downloading();
    reply(vehicleSays.count(4));
    reply(vehicleSays.itemInt(waypoints(1)[0]));
    take();
    clock.advance(1499);
    expect(take().map(describeSent)).toEqual(['REQUEST 1', 'REQUEST 1', 'REQUEST 1', 'REQUEST 1', 'REQUEST 1']);
    await flush();
    expect(outcome.settled).toBe(false);
    clock.advance(1);
    await flush();
    expect(error()).toMatchObject({ code: 'timeout', operation: 'download', seq: 1 });
    expect(error()?.message).toBe('Mission download from Forest survey timed out: nothing heard for 1.5 s after 5 retries (waiting for item 1)');
    expect(take().map(describeSent)).toEqual(['ACK 15']);
    expect(clock.pending).toBe(0);
  });

  it('fails with the vehicle\'s reason when it answers the list request with an error', async () => {
    const { reply, error } = downloading('fence');
    reply(vehicleSays.ack(14, 'fence'));
    await flush();
    expect(error()).toMatchObject({ code: 'denied', operation: 'download', missionType: 'fence', seq: null, result: 14 });
    expect(error()?.message).toBe('Forest survey refused to send the geofence: not accepting mission commands from this ground station');
  });
});
