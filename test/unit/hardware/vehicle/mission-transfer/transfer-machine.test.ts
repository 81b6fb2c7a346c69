import type { MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { MISSION_TIMING, TransferMachine } from '../../../../../hardware/vehicle/mission-transfer/transfer-machine.js';
import type { TimerKind, TransferRequest, TransferResult } from '../../../../../hardware/vehicle/mission-transfer/transfer-machine.js';
import { waypoints } from './wire.js';

/** A machine on hand-driven ports: no clock, no link. */
function machine(request: TransferRequest) {
  const sent: MavLinkData[] = [];
  const armed: [TimerKind, number][] = [];
  const finished: TransferResult[] = [];
  const m = new TransferMachine({
    vehicle: 'Forest survey',
    type: 'mission',
    request,
    target: { targetSystem: 1, targetComponent: 1 },
    timing: { ...MISSION_TIMING },
    ports: {
      send: (d) => sent.push(d),
      arm: (t, ms) => armed.push([t, ms]),
      progress: () => {},
      finish: (r) => finished.push(r),
    },
  });
  return { m, sent, armed, finished };
}

describe('transfer machine', () => {
  it('walks an upload through its steps', () => {
    const { m, finished } = machine({ operation: 'upload', items: waypoints(2) });
    expect(m.step).toEqual({ kind: 'idle' });
    m.start();
    expect(m.step).toEqual({ kind: 'sending-count' });
    m.onRequest('mission', 0);
    expect(m.step).toEqual({ kind: 'sending-items', asked: 0 });
    m.onRequest('mission', 1);
    m.onAck('mission', 0);
    expect(m.step).toEqual({ kind: 'done' });
    expect(finished).toEqual([{ ok: true, items: null }]);
  });

  it('walks a download through its steps', () => {
    const { m, finished } = machine({ operation: 'download' });
    m.start();
    expect(m.step).toEqual({ kind: 'requesting-count' });
    m.onCount('mission', 1);
    expect(m.step).toEqual({ kind: 'requesting-items', next: 0 });
    m.onItem('mission', waypoints(1)[0]);
    expect(m.step).toEqual({ kind: 'done' });
    expect(finished).toEqual([{ ok: true, items: waypoints(1) }]);
  });

  it('arms the 250 ms retry, the 1.5 s transfer and the 20 s stall timers when it starts', () => {
    const { m, armed } = machine({ operation: 'clear' });
    m.start();
    expect(m.step).toEqual({ kind: 'clearing' });
    expect(armed).toEqual([['retry', 250], ['transfer', 1500], ['stall', 20_000]]);
  });

  it('re-arms only the transfer timer when it hears the vehicle, and only while it runs', () => {
    const { m, armed } = machine({ operation: 'upload', items: waypoints(2) });
    m.heard();
    expect(armed).toEqual([]);
    m.start();
    armed.length = 0;
    m.heard();
    expect(armed).toEqual([['transfer', 1500]]);
    m.cancel();
    armed.length = 0;
    m.heard();
    expect(armed).toEqual([]);
  });

  it('keeps resending on every retry timeout, past the 5 a silent vehicle gets', () => {
    const { m, sent, armed, finished } = machine({ operation: 'download' });
    m.start();
    armed.length = 0;
    for (let i = 0; i < 12; i++) m.onTimeout('retry');
    expect(sent).toHaveLength(13);
    expect(new Set(sent)).toEqual(new Set([sent[0]]));
    expect(armed).toEqual(Array.from({ length: 12 }, () => ['retry', 250]));
    expect(finished).toEqual([]);
  });

  it('says which timer ended it: nothing heard, or no progress although the vehicle answers', () => {
    const silent = machine({ operation: 'download' });
    silent.m.start();
    for (let i = 0; i < 7; i++) silent.m.onTimeout('retry');
    silent.m.onTimeout('transfer');
    expect(silent.finished).toMatchObject([{ ok: false, error: { code: 'timeout', message: 'Mission download from Forest survey timed out: nothing heard for 1.5 s after 5 retries (waiting for MISSION_COUNT)' } }]);
    const stalled = machine({ operation: 'upload', items: waypoints(3) });
    stalled.m.start();
    stalled.m.onRequest('mission', 0);
    stalled.m.onRequest('mission', 1);
    stalled.m.onTimeout('stall');
    expect(stalled.finished).toMatchObject([{ ok: false, error: { code: 'timeout', seq: 1, message: 'Mission upload to Forest survey timed out: no progress for 20 s although it answers (waiting for the request after item 1)' } }]);
  });

  it('finishes exactly once, whatever comes after', () => {
    const { m, sent, finished } = machine({ operation: 'upload', items: waypoints(2) });
    m.start();
    m.onAck('mission', 4);
    const count = sent.length;
    m.onAck('mission', 0);
    m.onTimeout('retry');
    m.onTimeout('transfer');
    m.onTimeout('stall');
    m.heard();
    expect(m.cancel()).toBe(false);
    m.stop();
    m.onRequest('mission', 0);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ ok: false, error: { code: 'no_space' } });
    expect(sent).toHaveLength(count);
  });

  it('does nothing before it is started', () => {
    const { m, sent, finished } = machine({ operation: 'download' });
    m.onCount('mission', 3);
    m.onTimeout('retry');
    m.onAck('mission', 1);
    expect(sent).toEqual([]);
    expect(finished).toEqual([]);
  });
});
