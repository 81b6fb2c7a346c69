import { describe, expect, it } from 'vitest';
import type { MissionTransferError } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer-error.js';
import { describeSent, flush, scripted, track, vehicleSays, waypoints } from './wire.js';
import type { Scripted } from './wire.js';

/** Another vehicle on the same link, and the camera on board ours. */
const OTHER_SYSTEM = { sysid: 2, compid: 1 } as const;
const OUR_CAMERA = { sysid: 1, compid: 100 } as const;

const STARTS = [
  { what: 'upload', start: (h: Scripted): Promise<unknown> => h.mt.upload('mission', waypoints(3)), resend: 'COUNT 3', cancels: true, message: 'Mission upload to Forest survey timed out: no progress for 20 s although it answers (waiting for the first item request)' },
  { what: 'download', start: (h: Scripted): Promise<unknown> => h.mt.download('mission'), resend: 'REQUEST_LIST', cancels: true, message: 'Mission download from Forest survey timed out: no progress for 20 s although it answers (waiting for MISSION_COUNT)' },
  { what: 'clear', start: (h: Scripted): Promise<unknown> => h.mt.clear('mission'), resend: 'CLEAR_ALL', cancels: false, message: 'Mission clear on Forest survey timed out: no progress for 20 s although it answers (waiting for MISSION_ACK)' },
] as const;

describe('mission transfer against a vehicle that is heard but does not answer, or is not heard', () => {
  for (const { what, start, resend, cancels, message } of STARTS) {
    it(`fails a ${what} by the 20 s stall, not at 19 999 ms, when the vehicle heartbeats but never answers, resending every 250 ms meanwhile`, async () => {
      const h = scripted();
      const outcome = track(start(h));
      expect(h.take().map(describeSent)).toEqual([resend]);
      const resentAt: number[] = [];
      const resent = new Set<string>();
      const t0 = h.clock.now();
      for (let t = 1; t < 20_000; t++) {
        h.clock.advance(1);
        if (t % 1000 === 0) h.reply(vehicleSays.heartbeat());
        for (const m of h.take()) {
          resentAt.push(h.clock.now() - t0);
          resent.add(describeSent(m));
        }
      }
      // 79 resends: far past the 5 a silent vehicle gets, as long as it is heard.
      expect(resentAt).toEqual(Array.from({ length: 79 }, (_, i) => 250 * (i + 1)));
      expect([...resent]).toEqual([resend]);
      await flush();
      expect(outcome.settled).toBe(false);
      h.clock.advance(1);
      await flush();
      const error = outcome.error as MissionTransferError | undefined;
      expect(error).toMatchObject({ code: 'timeout', operation: what, missionType: 'mission' });
      expect(error?.message).toBe(message);
      expect(h.take().map(describeSent)).toEqual(cancels ? ['ACK 15'] : []);
      expect(h.clock.pending).toBe(0);
      expect(h.mt.running).toBeNull();
    });
  }

  it('does not count messages from another system as the vehicle being heard', async () => {
    const h = scripted();
    const outcome = track(h.mt.upload('mission', waypoints(3)));
    h.take();
    // Another vehicle heartbeats every 100 ms and even asks for an item, as if it were ours.
    for (let t = 100; t < 1500; t += 100) {
      h.clock.advance(100);
      h.reply(vehicleSays.heartbeat(), OTHER_SYSTEM);
      h.reply(vehicleSays.request(0), OTHER_SYSTEM);
    }
    h.clock.advance(99); // 1499 ms
    expect(h.take().map(describeSent)).toEqual(['COUNT 3', 'COUNT 3', 'COUNT 3', 'COUNT 3', 'COUNT 3']);
    await flush();
    expect(outcome.settled).toBe(false);
    h.clock.advance(1);
    await flush();
    expect(outcome.error).toMatchObject({ code: 'timeout', operation: 'upload' });
    expect((outcome.error as Error).message).toBe('Mission upload to Forest survey timed out: nothing heard for 1.5 s after 5 retries (waiting for the first item request)');
  });

  it('counts any message from the vehicle\'s system, even another component\'s, and fails 1500 ms (not 1499) after the last one', async () => {
    const h = scripted();
    const outcome = track(h.mt.download('mission'));
    h.take();
    // The camera's heartbeat keeps the transfer alive well past 1.5 s, then the vehicle falls silent.
    for (let t = 1000; t <= 5000; t += 1000) {
      h.clock.advance(1000);
      h.reply(vehicleSays.heartbeat(), OUR_CAMERA);
    }
    expect(h.take().map(describeSent)).toEqual(Array.from({ length: 20 }, () => 'REQUEST_LIST'));
    h.clock.advance(1499);
    await flush();
    expect(outcome.settled).toBe(false);
    h.clock.advance(1);
    await flush();
    expect(outcome.error).toMatchObject({ code: 'timeout', operation: 'download' });
    expect((outcome.error as Error).message).toBe('Mission download from Forest survey timed out: nothing heard for 1.5 s after 5 retries (waiting for MISSION_COUNT)');
    expect(h.clock.pending).toBe(0);
  });

  it('counts the 20 s stall from the last progress, not from the start', async () => {
    const h = scripted();
    const outcome = track(h.mt.upload('mission', waypoints(3)));
    for (let t = 1000; t <= 15_000; t += 1000) {
      h.clock.advance(1000);
      h.reply(vehicleSays.heartbeat());
    }
    h.reply(vehicleSays.request(0)); // progress at 15 s: the stall deadline moves to 35 s
    for (let t = 16_000; t < 35_000; t += 1000) {
      h.clock.advance(1000);
      h.reply(vehicleSays.heartbeat());
    }
    h.clock.advance(999); // 34 999 ms
    await flush();
    expect(outcome.settled).toBe(false);
    h.clock.advance(1);
    await flush();
    expect(outcome.error).toMatchObject({ code: 'timeout', seq: 0 });
    expect((outcome.error as Error).message).toBe('Mission upload to Forest survey timed out: no progress for 20 s although it answers (waiting for the request after item 0)');
  });
});
