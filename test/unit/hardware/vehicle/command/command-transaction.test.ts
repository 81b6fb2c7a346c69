import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../hardware/clock.js';
import { CommandError } from '../../../../../hardware/vehicle/command/command-error.js';
import { resolveRequest } from '../../../../../hardware/vehicle/command/command-request.js';
import { CommandTransaction } from '../../../../../hardware/vehicle/command/command-transaction.js';
import type { CommandOutcome } from '../../../../../hardware/vehicle/command/command-transaction.js';

function ack(result: number, progress = 0): common.CommandAck {
  const m = new common.CommandAck();
  m.command = 400 as common.MavCmd;
  m.result = result as common.MavResult;
  m.progress = progress;
  m.resultParam2 = 0;
  return m;
}

function setup() {
  const clock = new ManualClock();
  const sent: MavLinkData[] = [];
  const finished: (CommandOutcome | CommandError)[] = [];
  const tx = new CommandTransaction(resolveRequest({ command: 400, params: [1] }), {
    clock,
    send: (d) => sent.push(d),
    targetSystem: 3,
    targetComponent: 1,
    vehicleName: () => 'Forest survey',
    progress: () => {},
    finish: (r) => finished.push(r),
  });
  return { clock, sent, finished, tx };
}

describe('command transaction', () => {
  it('steps from idle through resends and progress to finished', () => {
    const { clock, sent, tx } = setup();
    expect(tx.step).toEqual({ kind: 'idle' });
    expect(sent).toEqual([]);
    tx.start();
    expect(tx.step).toEqual({ kind: 'awaiting_ack', tries: 1 });
    clock.advance(750);
    expect(tx.step).toEqual({ kind: 'awaiting_ack', tries: 2 });
    tx.onAck(ack(5, 40));
    expect(tx.step).toEqual({ kind: 'in_progress', tries: 2, progress: 40 });
    tx.onAck(ack(0));
    expect(tx.step).toEqual({ kind: 'finished' });
    expect(sent).toHaveLength(2);
  });

  it('finishes exactly once, whatever comes after', () => {
    const { clock, finished, tx } = setup();
    tx.start();
    tx.onAck(ack(2));
    tx.onAck(ack(0));
    tx.cancel('late');
    clock.advance(60_000);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toBeInstanceOf(CommandError);
    expect(clock.pending).toBe(0);
  });

  it('cancelling before the first send fails with no tries', () => {
    const { sent, finished, tx } = setup();
    tx.cancel('operator changed their mind');
    expect(finished[0]).toMatchObject({ code: 'cancelled', tries: 0, message: 'COMPONENT_ARM_DISARM to Forest survey cancelled: operator changed their mind' });
    tx.start();
    expect(sent).toEqual([]);
  });
});
