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

  it('arms the 250 ms retry and the 1.5 s transfer timers when it starts', () => {
    const { m, armed } = machine({ operation: 'clear' });
    m.start();
    expect(m.step).toEqual({ kind: 'clearing' });
    expect(armed).toEqual([['retry', 250], ['transfer', 1500]]);
  });

  it('finishes exactly once, whatever comes after', () => {
    const { m, sent, finished } = machine({ operation: 'upload', items: waypoints(2) });
    m.start();
    m.onAck('mission', 4);
    const count = sent.length;
    m.onAck('mission', 0);
    m.onTimeout('retry');
    m.onTimeout('transfer');
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
