import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { MISSION_RESULT_CODES } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer-error.js';
import type { MissionTransferError } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer-error.js';
import { describeSent, flush, scripted, track, vehicleSays, waypoints } from './wire.js';

/** Every MAV_MISSION_RESULT error and the words an operator reads for it. */
const RESULTS: [number, string, string][] = [
  [1, 'error', 'error (not accepting mission commands right now)'],
  [2, 'unsupported_frame', 'coordinate frame not supported'],
  [3, 'unsupported', 'command not supported'],
  [4, 'no_space', 'not enough space for that many items'],
  [5, 'invalid', 'a parameter has an invalid value'],
  [6, 'invalid_param1', 'invalid param 1'],
  [7, 'invalid_param2', 'invalid param 2'],
  [8, 'invalid_param3', 'invalid param 3'],
  [9, 'invalid_param4', 'invalid param 4'],
  [10, 'invalid_param5_x', 'invalid param 5 (latitude / x)'],
  [11, 'invalid_param6_y', 'invalid param 6 (longitude / y)'],
  [12, 'invalid_param7', 'invalid param 7 (altitude)'],
  [14, 'denied', 'not accepting mission commands from this ground station'],
  [15, 'operation_cancelled', 'the vehicle cancelled the transfer'],
];

/** An upload of 20 items that the vehicle answers with `result` right after item 12. */
async function rejectedAtItem12(result: number): Promise<MissionTransferError> {
  const h = scripted();
  const outcome = track(h.mt.upload('mission', waypoints(20)));
  for (let seq = 0; seq <= 12; seq++) h.reply(vehicleSays.request(seq));
  h.reply(vehicleSays.ack(result));
  await flush();
  expect(outcome.settled).toBe(true);
  expect(h.mt.running).toBeNull();
  expect(h.clock.pending).toBe(0);
  return outcome.error as MissionTransferError;
}

describe('MISSION_ACK errors', () => {
  it('name every MAV_MISSION_RESULT as node-mavlink does, in lower case', () => {
    const names = MISSION_RESULT_CODES.map((_, n) => common.MavMissionResult[n]?.toLowerCase() ?? null);
    expect(MISSION_RESULT_CODES.slice(1)).toEqual(names.slice(1));
    expect(common.MavMissionResult[MISSION_RESULT_CODES.length]).toBeUndefined();
  });

  it('word the operator\'s example exactly', async () => {
    const error = await rejectedAtItem12(12);
    expect(error.message).toBe('Forest survey rejected the mission at item 12: invalid param 7 (altitude)');
  });

  for (const [result, code, words] of RESULTS) {
    it(`turn ${code} (${result}) after item 12 into a MissionTransferError naming the vehicle, the list and the item`, async () => {
      const error = await rejectedAtItem12(result);
      expect(error).toMatchObject({ name: 'MissionTransferError', code, result, seq: 12, vehicle: 'Forest survey', operation: 'upload', missionType: 'mission' });
      // ERROR once the last item is out would be "unconfirmed"; item 12 of 20 is not the last.
      expect(error.message).toBe(`Forest survey rejected the mission at item 12: ${words}`);
    });
  }

  it('name no item when the vehicle refuses the count itself', async () => {
    const h = scripted();
    const outcome = track(h.mt.upload('fence', waypoints(300)));
    h.reply(vehicleSays.ack(4, 'fence'));
    await flush();
    expect(outcome.error).toMatchObject({ code: 'no_space', seq: null, missionType: 'fence' });
    expect((outcome.error as Error).message).toBe('Forest survey rejected the geofence: not enough space for that many items');
  });

  it('report an ACK code this dialect does not know as unknown_result with its number', async () => {
    const error = await rejectedAtItem12(42);
    expect(error).toMatchObject({ code: 'unknown_result', result: 42 });
    expect(error.message).toBe('Forest survey rejected the mission at item 12: unknown result 42');
  });

  it('do not end a transfer with INVALID_SEQUENCE, which the spec calls recoverable', async () => {
    const h = scripted();
    const outcome = track(h.mt.upload('mission', waypoints(20)));
    h.reply(vehicleSays.request(0));
    h.reply(vehicleSays.ack(13));
    await flush();
    expect(outcome.settled).toBe(false);
  });

  it('ignore an error for another mission type', async () => {
    const h = scripted();
    const outcome = track(h.mt.upload('mission', waypoints(2)));
    h.reply(vehicleSays.ack(4, 'rally'));
    await flush();
    expect(outcome.settled).toBe(false);
    expect(h.take().map(describeSent)).toEqual(['COUNT 2']);
  });
});
