import { describe, expect, it } from 'vitest';
import type { MissionTransferError } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer-error.js';
import { ID, describeSent, flush, scripted, track, vehicleSays, waypoints } from './wire.js';

describe('mission clear', () => {
  it('sends MISSION_CLEAR_ALL with the mission type and resolves on ACCEPTED', async () => {
    const h = scripted();
    const outcome = track(h.mt.clear('fence'));
    const [clear] = h.take();
    expect(clear.msgid).toBe(ID.MISSION_CLEAR_ALL);
    expect(clear.data).toMatchObject({ targetSystem: 1, targetComponent: 1, missionType: 1 });
    h.reply(vehicleSays.ack(0, 'fence'));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
    expect(h.clock.pending).toBe(0);
  });

  it('resends MISSION_CLEAR_ALL after 250 ms when it or its ACK is lost, and fails a vehicle silent for 1500 ms (not 1499) after the 5th retry', async () => {
    const h = scripted();
    const outcome = track(h.mt.clear('mission'));
    h.take();
    h.clock.advance(249);
    expect(h.take()).toEqual([]);
    h.clock.advance(1);
    expect(h.take().map(describeSent)).toEqual(['CLEAR_ALL']);
    h.clock.advance(1249);
    expect(h.take().map(describeSent)).toEqual(['CLEAR_ALL', 'CLEAR_ALL', 'CLEAR_ALL', 'CLEAR_ALL']);
    await flush();
    expect(outcome.settled).toBe(false);
    h.clock.advance(1);
    await flush();
    expect(outcome.error).toMatchObject({ code: 'timeout', operation: 'clear' });
    expect((outcome.error as Error).message).toBe('Mission clear on Forest survey timed out: nothing heard for 1.5 s after 5 retries (waiting for MISSION_ACK)');
    // Nothing to cancel on the vehicle for a clear.
    expect(h.take()).toEqual([]);
  });

  it('fails with the vehicle\'s reason when it refuses', async () => {
    const h = scripted();
    const outcome = track(h.mt.clear('rally'));
    h.reply(vehicleSays.ack(1, 'rally'));
    await flush();
    expect(outcome.error).toMatchObject({ code: 'error', operation: 'clear', missionType: 'rally' });
    expect((outcome.error as Error).message).toBe('Forest survey refused to clear the rally points: error (not accepting mission commands right now)');
  });
});

describe('cancelling a transfer', () => {
  it('tells the vehicle with MISSION_ACK OPERATION_CANCELLED and rejects with cancelled', async () => {
    const h = scripted();
    const outcome = track(h.mt.upload('mission', waypoints(10)));
    h.reply(vehicleSays.request(0));
    h.reply(vehicleSays.request(1));
    h.reply(vehicleSays.request(2));
    h.take();
    expect(h.mt.cancel()).toBe(true);
    const [ack, ...rest] = h.take();
    expect(rest).toEqual([]);
    expect(ack.msgid).toBe(ID.MISSION_ACK);
    expect(ack.data).toMatchObject({ type: 15, missionType: 0, targetSystem: 1, targetComponent: 1 });
    await flush();
    expect(outcome.error).toMatchObject({ code: 'cancelled', seq: 2 });
    expect((outcome.error as Error).message).toBe('Mission upload to Forest survey cancelled at item 2 of 10');
    expect(h.mt.running).toBeNull();
    expect(h.clock.pending).toBe(0);
    // Late messages from the vehicle change nothing.
    h.reply(vehicleSays.request(3));
    h.reply(vehicleSays.ack(0));
    expect(h.take()).toEqual([]);
  });

  it('cancels a download the same way', async () => {
    const h = scripted();
    const outcome = track(h.mt.download('fence'));
    h.reply(vehicleSays.count(4, 'fence'));
    h.take();
    h.mt.cancel();
    expect(h.take().map((m) => [describeSent(m), (m.data as unknown as { missionType: number }).missionType])).toEqual([['ACK 15', 1]]);
    await flush();
    expect((outcome.error as Error).message).toBe('Geofence download from Forest survey cancelled at item 0 of 4');
  });

  it('cancels through an AbortSignal, and refuses to start with one already aborted', async () => {
    const h = scripted();
    const ctl = new AbortController();
    const outcome = track(h.mt.download('mission', { signal: ctl.signal }));
    h.take();
    ctl.abort();
    expect(h.take().map(describeSent)).toEqual(['ACK 15']);
    await flush();
    expect(outcome.error).toMatchObject({ code: 'cancelled' });
    const again = await h.mt.clear('mission', { signal: ctl.signal }).then(() => null, (e: unknown) => e as MissionTransferError);
    expect(again).toMatchObject({ code: 'cancelled' });
    expect(h.take()).toEqual([]);
  });

  it('returns false when nothing runs', () => {
    const h = scripted();
    expect(h.mt.cancel()).toBe(false);
    expect(h.sent).toEqual([]);
  });
});

describe('one transfer at a time', () => {
  it('rejects a second transfer at once, naming the one that runs, and leaves the first alone', async () => {
    const h = scripted();
    const first = track(h.mt.upload('mission', waypoints(200)));
    for (let seq = 0; seq <= 40; seq++) h.reply(vehicleSays.request(seq));
    h.take();
    const second = await h.mt.download('fence').then(() => null, (e: unknown) => e as MissionTransferError);
    expect(second).toMatchObject({ code: 'busy', operation: 'download', missionType: 'fence' });
    expect(second?.message).toBe('Cannot start the geofence download: Forest survey is busy with a mission upload (item 40 of 200); wait for it to finish or cancel it');
    expect(h.take()).toEqual([]);
    expect(h.mt.running).toEqual({ operation: 'upload', missionType: 'mission', done: 40, total: 200 });
    h.reply(vehicleSays.request(41));
    expect(h.take().map(describeSent)).toEqual(['ITEM 41']);
    await flush();
    expect(first.settled).toBe(false);
  });

  it('accepts a new transfer once the last has finished', async () => {
    const h = scripted();
    const first = track(h.mt.clear('mission'));
    h.reply(vehicleSays.ack(0));
    await flush();
    expect(first.settled).toBe(true);
    const second = track(h.mt.download('mission'));
    expect(h.take().map(describeSent)).toEqual(['CLEAR_ALL', 'REQUEST_LIST']);
    await flush();
    expect(second.settled).toBe(false);
  });

  it('keeps going when a progress listener throws', async () => {
    const h = scripted();
    const outcome = track(h.mt.upload('mission', waypoints(2), { onProgress: () => { throw new Error('listener bug'); } }));
    h.reply(vehicleSays.request(0));
    h.reply(vehicleSays.request(1));
    h.reply(vehicleSays.ack(0));
    await flush();
    expect(outcome).toMatchObject({ settled: true, error: undefined });
  });
});

describe('stopping', () => {
  it('fails the running transfer with stopped, sends nothing more, leaves no timers and refuses new ones', async () => {
    const h = scripted();
    const outcome = track(h.mt.upload('mission', waypoints(5)));
    h.reply(vehicleSays.request(0));
    h.take();
    h.mt.stop();
    await flush();
    expect(outcome.error).toMatchObject({ code: 'stopped' });
    expect((outcome.error as Error).message).toBe('Mission upload to Forest survey stopped at item 0 of 5: the vehicle connection closed');
    expect(h.take()).toEqual([]);
    expect(h.clock.pending).toBe(0);
    const later = await h.mt.download('mission').then(() => null, (e: unknown) => e as MissionTransferError);
    expect(later).toMatchObject({ code: 'stopped' });
    expect(later?.message).toBe('Cannot start the mission download from Forest survey: the vehicle connection is closed');
  });
});
