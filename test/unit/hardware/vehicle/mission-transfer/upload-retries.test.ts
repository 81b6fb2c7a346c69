import { describe, expect, it } from 'vitest';
import type { MissionTransferError } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer-error.js';
import { describeSent, flush, scripted, track, vehicleSays, waypoints } from './wire.js';

function uploading(n = 3) {
  const h = scripted();
  const outcome = track(h.mt.upload('mission', waypoints(n)));
  return { ...h, outcome, error: () => outcome.error as MissionTransferError | undefined };
}

describe('mission upload over a link that loses messages', () => {
  it('resends MISSION_COUNT after 250 ms without a request, not at 249 ms', () => {
    const { clock, take, reply } = uploading();
    take();
    clock.advance(249);
    expect(take()).toEqual([]);
    clock.advance(1);
    expect(take().map(describeSent)).toEqual(['COUNT 3']);
    reply(vehicleSays.request(0));
    expect(take().map(describeSent)).toEqual(['ITEM 0']);
  });

  it('resends the lost item, and only it, after 250 ms of silence', () => {
    const { clock, take, reply } = uploading(4);
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    take();
    clock.advance(249);
    expect(take()).toEqual([]);
    clock.advance(1);
    expect(take().map(describeSent)).toEqual(['ITEM 1']);
    reply(vehicleSays.request(2));
    expect(take().map(describeSent)).toEqual(['ITEM 2']);
  });

  it('recovers a lost request: the resent item makes the vehicle ask again', () => {
    const { clock, take, reply } = uploading(3);
    reply(vehicleSays.request(0));
    take();
    // The vehicle's request for item 1 is lost.
    clock.advance(250);
    expect(take().map(describeSent)).toEqual(['ITEM 0']);
    reply(vehicleSays.request(1));
    expect(take().map(describeSent)).toEqual(['ITEM 1']);
  });

  it('recovers a lost final ACK: the last item is resent and the repeated ACCEPTED completes', async () => {
    const { clock, take, reply, outcome } = uploading(2);
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    take();
    clock.advance(250);
    expect(take().map(describeSent)).toEqual(['ITEM 1']);
    reply(vehicleSays.ack(0));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
  });

  it('calls an ERROR after the last item went out unconfirmed, not a rejection (ArduPilot\'s answer to a repeated last item)', async () => {
    const { clock, reply, outcome, error } = uploading(2);
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    clock.advance(250);
    reply(vehicleSays.ack(1));
    await flush();
    expect(outcome.settled).toBe(true);
    expect(error()).toMatchObject({ code: 'unconfirmed', seq: 1, result: 1, operation: 'upload' });
    expect(error()?.message).toBe('Forest survey did not confirm the mission: it answered "error" after item 1, the last, which is also how it answers a repeated last item once its acceptance was lost; download the mission to check whether it took');
  });

  it('keeps going after INVALID_SEQUENCE, ArduPilot\'s answer to a duplicate item', async () => {
    const { clock, take, reply, outcome } = uploading(3);
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    clock.advance(250); // ITEM 1 again, which the vehicle already has
    reply(vehicleSays.ack(13));
    await flush();
    expect(outcome.settled).toBe(false);
    take();
    reply(vehicleSays.request(2));
    expect(take().map(describeSent)).toEqual(['ITEM 2']);
    reply(vehicleSays.ack(0));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
  });

  it('gives up on a vehicle silent for 1500 ms, not 1499: resends at 250…1250 ms, then fails after the 5th retry', async () => {
    const { clock, take, outcome, error, mt } = uploading(3);
    take();
    const resentAt: number[] = [];
    const start = clock.now();
    for (let t = 1; t < 1500; t++) {
      clock.advance(1);
      if (take().length > 0) resentAt.push(clock.now() - start);
    }
    expect(resentAt).toEqual([250, 500, 750, 1000, 1250]);
    await flush();
    expect(outcome.settled).toBe(false);
    clock.advance(1);
    await flush();
    expect(error()).toMatchObject({ code: 'timeout', operation: 'upload', missionType: 'mission' });
    expect(error()?.message).toBe('Mission upload to Forest survey timed out: nothing heard for 1.5 s after 5 retries (waiting for the first item request)');
    // It tells the vehicle it gave up, then falls silent with no timers left.
    expect(take().map(describeSent)).toEqual(['ACK 15']);
    clock.advance(10_000);
    expect(take()).toEqual([]);
    expect(clock.pending).toBe(0);
    expect(mt.running).toBeNull();
  });

  it('counts retries per step: a vehicle that answers once, then falls silent, fails 1500 ms later after 5 resends of the new step', async () => {
    const { clock, take, reply, outcome, error } = uploading(3);
    clock.advance(1000); // four resends of MISSION_COUNT
    reply(vehicleSays.request(0));
    take();
    clock.advance(1499);
    expect(take().map(describeSent)).toEqual(['ITEM 0', 'ITEM 0', 'ITEM 0', 'ITEM 0', 'ITEM 0']);
    await flush();
    expect(outcome.settled).toBe(false);
    clock.advance(1);
    await flush();
    expect(error()).toMatchObject({ code: 'timeout', seq: 0 });
    expect(error()?.message).toBe('Mission upload to Forest survey timed out: nothing heard for 1.5 s after 5 retries (waiting for the request after item 0)');
  });

  it('fails 20 s after the last progress, not at 19 999 ms, when the vehicle asks for the same item over and over', async () => {
    const { clock, reply, outcome, error } = uploading(3);
    reply(vehicleSays.request(0));
    reply(vehicleSays.request(1));
    for (let i = 0; i < 199; i++) {
      clock.advance(100);
      reply(vehicleSays.request(1));
    }
    clock.advance(99); // 19 999 ms since item 1 was first asked for
    await flush();
    expect(outcome.settled).toBe(false);
    clock.advance(1);
    await flush();
    expect(error()).toMatchObject({ code: 'timeout', seq: 1 });
    expect(error()?.message).toBe('Mission upload to Forest survey timed out: no progress for 20 s although it answers (waiting for the request after item 1)');
  });

  it('counts a vehicle that restarted from item 0 as moving', async () => {
    const { clock, reply, take, outcome } = uploading(6);
    for (const seq of [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5]) {
      clock.advance(200);
      reply(vehicleSays.request(seq));
    }
    expect(take().filter((m) => m.msgid === 73).length).toBe(11);
    reply(vehicleSays.ack(0));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
  });

  it('says the vehicle had answered "out of sequence" when it then times out', async () => {
    const { clock, reply, error } = uploading(3);
    reply(vehicleSays.request(0));
    reply(vehicleSays.ack(13));
    clock.advance(2000);
    await flush();
    expect(error()?.message).toMatch(/; it had answered "item out of sequence"\)$/);
  });
});
