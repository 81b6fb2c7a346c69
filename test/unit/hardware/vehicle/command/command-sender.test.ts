import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../hardware/clock.js';
import { CommandError, CommandSender } from '../../../../../hardware/vehicle/command/index.js';
import type { CommandOutcome, CommandRequest, SendOptions } from '../../../../../hardware/vehicle/command/index.js';
import { FakeVehicle, flush, track } from './fake-vehicle.js';

const ARM = 400;
const SET_MODE = 176;
const REPOSITION = 192;
const COMMAND_INT = 75;
const COMMAND_LONG = 76;

function ack(command: number, result: number, extra: { progress?: number; resultParam2?: number; targetSystem?: number; targetComponent?: number } = {}): common.CommandAck {
  const m = new common.CommandAck();
  m.command = command as common.MavCmd;
  m.result = result as common.MavResult;
  m.progress = extra.progress ?? 0;
  m.resultParam2 = extra.resultParam2 ?? 0;
  m.targetSystem = extra.targetSystem ?? 255;
  m.targetComponent = extra.targetComponent ?? 190;
  return m;
}

function setup(targetComponent = 1) {
  const clock = new ManualClock();
  const vehicle = new FakeVehicle(1, 1);
  const sender = new CommandSender({ clock, send: vehicle.port, targetSystem: 1, targetComponent, vehicleName: 'Forest survey' });
  const longs = (): common.CommandLong[] => vehicle.sent<common.CommandLong>(COMMAND_LONG);
  const send = (req: CommandRequest, opts?: SendOptions) => track(sender.send(req, opts));
  return { clock, vehicle, sender, longs, send };
}

async function errorOf(t: { state: string; error?: unknown }): Promise<CommandError> {
  await flush();
  expect(t.state).toBe('rejected');
  expect(t.error).toBeInstanceOf(CommandError);
  return t.error as CommandError;
}

describe('command sender', () => {
  it('sends COMMAND_LONG to the vehicle and resolves when it is accepted', async () => {
    const { vehicle, sender, longs, send } = setup();
    const t = send({ command: ARM, params: [1, 0] });
    expect(longs()).toHaveLength(1);
    expect(longs()[0]).toMatchObject({ command: ARM, targetSystem: 1, targetComponent: 1, confirmation: 0, _param1: 1, _param2: 0, _param7: 0 });
    expect(vehicle.inbox[0]).toMatchObject({ sysid: 255, compid: 190 });
    vehicle.answer(sender, ack(ARM, 0));
    await flush();
    expect(t).toEqual({ state: 'resolved', value: { result: 'accepted', tries: 1 } });
    expect(sender.busy()).toEqual([]);
  });

  it('passes on a nonzero result_param2 of an accepted command', async () => {
    const { vehicle, sender, send } = setup();
    const t = send({ command: ARM, params: [1] });
    vehicle.answer(sender, ack(ARM, 0, { resultParam2: 42 }));
    await flush();
    expect(t.value).toEqual({ result: 'accepted', resultParam2: 42, tries: 1 });
  });

  it.each([
    [1, 'temporarily_rejected', 'Forest survey refused COMPONENT_ARM_DISARM: temporarily rejected'],
    [2, 'denied', 'Forest survey refused COMPONENT_ARM_DISARM: denied'],
    [3, 'unsupported', 'Forest survey refused COMPONENT_ARM_DISARM: unsupported'],
    [4, 'failed', 'Forest survey refused COMPONENT_ARM_DISARM: failed'],
    [6, 'cancelled', 'Forest survey cancelled COMPONENT_ARM_DISARM: cancelled'],
    [7, 'command_long_only', 'Forest survey refused COMPONENT_ARM_DISARM: command long only'],
    [8, 'command_int_only', 'Forest survey refused COMPONENT_ARM_DISARM: command int only'],
    [9, 'command_unsupported_mav_frame', 'Forest survey refused COMPONENT_ARM_DISARM: command unsupported mav frame'],
    [42, 'unknown_result', 'Forest survey refused COMPONENT_ARM_DISARM: result 42'],
  ])('MAV_RESULT %i rejects with code %s', async (result, code, message) => {
    const { clock, vehicle, sender, longs, send } = setup();
    const t = send({ command: ARM, params: [1], label: 'arm' });
    vehicle.answer(sender, ack(ARM, result, { resultParam2: 7 }));
    const e = await errorOf(t);
    expect(e).toMatchObject({ code, message, command: ARM, commandName: 'COMPONENT_ARM_DISARM', vehicle: 'Forest survey', tries: 1, label: 'arm', resultParam2: 7 });
    clock.advance(10_000);
    expect(longs()).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('reports IN_PROGRESS without resending, then resolves on ACCEPTED', async () => {
    const { clock, vehicle, sender, longs, send } = setup();
    const progress: (number | null)[] = [];
    const t = send({ command: 241, params: [1] }, { onProgress: (p) => progress.push(p) });
    vehicle.answer(sender, ack(241, 5, { progress: 30 }));
    clock.advance(4000);
    vehicle.answer(sender, ack(241, 5, { progress: 255 }));
    clock.advance(4000);
    vehicle.answer(sender, ack(241, 5, { progress: 80 }));
    clock.advance(4999);
    expect(longs()).toHaveLength(1);
    vehicle.answer(sender, ack(241, 0));
    await flush();
    expect(progress).toEqual([30, null, 80]);
    expect(t.value).toEqual({ result: 'accepted', tries: 1 });
  });

  it('fails an IN_PROGRESS command when progress reports stop for the in-progress timeout, not before', async () => {
    const { clock, vehicle, sender, longs, send } = setup();
    const t = send({ command: 241, inProgressTimeoutMs: 5000 });
    vehicle.answer(sender, ack(241, 5, { progress: 10 }));
    clock.advance(4999);
    await flush();
    expect(t.state).toBe('pending');
    clock.advance(1);
    const e = await errorOf(t);
    expect(e.code).toBe('timeout');
    expect(e.message).toBe('Forest survey stopped reporting progress on PREFLIGHT_CALIBRATION (nothing for 5 s)');
    expect(longs()).toHaveLength(1);
  });

  it('resends after 750 ms of silence with confirmation counting up', () => {
    const { clock, longs, send } = setup();
    send({ command: ARM, params: [1] });
    clock.advance(749);
    expect(longs()).toHaveLength(1);
    clock.advance(1);
    expect(longs()).toHaveLength(2);
    clock.advance(750 * 2);
    expect(longs().map((m) => m.confirmation)).toEqual([0, 1, 2, 3]);
    expect(longs().every((m) => m._param1 === 1 && m.command === ARM)).toBe(true);
  });

  it('times out after the last try, not a millisecond before', async () => {
    const { clock, longs, send } = setup();
    const t = send({ command: ARM, params: [1] });
    clock.advance(4 * 750 - 1);
    await flush();
    expect(t.state).toBe('pending');
    clock.advance(1);
    const e = await errorOf(t);
    expect(e).toMatchObject({ code: 'timeout', tries: 4, message: 'no answer from Forest survey to COMPONENT_ARM_DISARM after 4 tries' });
    clock.advance(10_000);
    expect(longs()).toHaveLength(4);
    expect(clock.pending).toBe(0);
  });

  it('honours per-request timing', async () => {
    const { clock, longs, send } = setup();
    const t = send({ command: ARM, timeoutMs: 200, retries: 0 });
    clock.advance(200);
    const e = await errorOf(t);
    expect(e.message).toBe('no answer from Forest survey to COMPONENT_ARM_DISARM after 1 try');
    expect(longs()).toHaveLength(1);
  });

  it('accepts a late answer to an earlier try', async () => {
    const { clock, vehicle, sender, send } = setup();
    const t = send({ command: ARM });
    clock.advance(750);
    vehicle.answer(sender, ack(ARM, 0));
    await flush();
    expect(t.value).toEqual({ result: 'accepted', tries: 2 });
  });

  it('ignores acknowledgements for other commands, systems, components and ground stations', async () => {
    const { vehicle, sender, send } = setup();
    const t = send({ command: ARM });
    vehicle.answer(sender, ack(SET_MODE, 0));
    vehicle.answer(sender, ack(ARM, 0), { sysid: 2 });
    vehicle.answer(sender, ack(ARM, 0), { compid: 100 });
    vehicle.answer(sender, ack(ARM, 0, { targetSystem: 254 }));
    vehicle.answer(sender, ack(ARM, 0, { targetComponent: 191 }));
    await flush();
    expect(t.state).toBe('pending');
    vehicle.answer(sender, ack(ARM, 2, { targetSystem: 0, targetComponent: 0 }));
    expect((await errorOf(t)).code).toBe('denied');
  });

  it('takes acknowledgements from any component when sending to component 0', async () => {
    const { vehicle, sender, send } = setup(0);
    const t = send({ command: ARM });
    vehicle.answer(sender, ack(ARM, 0), { compid: 100 });
    await flush();
    expect(t.state).toBe('resolved');
  });

  it('queues a second command with the same id until the first is answered', async () => {
    const { vehicle, sender, longs, send } = setup();
    const first = send({ command: ARM, params: [1] });
    const second = send({ command: ARM, params: [0] });
    expect(longs().map((m) => m._param1)).toEqual([1]);
    expect(sender.busy()).toEqual([ARM]);
    vehicle.answer(sender, ack(ARM, 0));
    await flush();
    expect(first.state).toBe('resolved');
    expect(second.state).toBe('pending');
    expect(longs().map((m) => m._param1)).toEqual([1, 0]);
    vehicle.answer(sender, ack(ARM, 4));
    expect((await errorOf(second)).code).toBe('failed');
  });

  it('runs commands with different ids at the same time', async () => {
    const { vehicle, sender, longs, send } = setup();
    const arm = send({ command: ARM, params: [1] });
    const mode = send({ command: SET_MODE, params: [1, 4] });
    expect(longs().map((m) => m.command)).toEqual([ARM, SET_MODE]);
    vehicle.answer(sender, ack(SET_MODE, 0));
    await flush();
    expect(mode.state).toBe('resolved');
    expect(arm.state).toBe('pending');
  });

  it('sends COMMAND_INT with integer coordinates and resends it unchanged', () => {
    const { clock, vehicle, send } = setup();
    send({ command: REPOSITION, params: [-1, 1, 0, NaN], int: { frame: 6, x: 266000001, y: 1063000002, z: 40 } });
    clock.advance(750);
    const sent = vehicle.sent<common.CommandInt>(COMMAND_INT);
    expect(sent).toHaveLength(2);
    for (const m of sent) {
      expect(m).toMatchObject({ command: REPOSITION, targetSystem: 1, targetComponent: 1, frame: 6, _param1: -1, _param2: 1, _param5: 266000001, _param6: 1063000002, _param7: 40 });
      expect(m._param4).toBeNaN();
    }
    expect(vehicle.sent(COMMAND_LONG)).toEqual([]);
  });

  it.each([
    [{ command: -1 }, 'command must be a MAV_CMD number'],
    [{ command: ARM, params: [1, 2, 3, 4, 5, 6, 7, 8] }, 'params must be at most 7 numbers'],
    [{ command: ARM, params: [Infinity] }, 'param1 must be a finite number or NaN'],
    [{ command: REPOSITION, params: [1, 2, 3, 4, 5], int: { frame: 6, x: 1, y: 2, z: 3 } }, 'params must be at most 4 numbers with COMMAND_INT'],
    [{ command: REPOSITION, int: { frame: 6, x: 26.6, y: 2, z: 3 } }, 'int.x must be a 32-bit integer'],
    [{ command: ARM, timeoutMs: 0 }, 'timeoutMs must be a positive number'],
    [{ command: ARM, retries: 1.5 }, 'retries must be a whole number'],
  ] as [CommandRequest, string][])('refuses a malformed request before sending (%j)', async (req, words) => {
    const { vehicle, send } = setup();
    const e = await errorOf(send(req));
    expect(e.code).toBe('invalid');
    expect(e.message).toContain(words);
    expect(vehicle.inbox).toEqual([]);
  });

  it('stop() rejects running and queued commands as cancelled and refuses new ones', async () => {
    const { clock, vehicle, sender, longs, send } = setup();
    const running = send({ command: ARM, params: [1] });
    const queued = send({ command: ARM, params: [0] });
    const other = send({ command: SET_MODE, params: [1, 4] });
    sender.stop('vehicle connection closed');
    const errors = await Promise.all([running, queued, other].map(errorOf));
    expect(errors.map((e) => e.code)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(errors[0].message).toBe('COMPONENT_ARM_DISARM to Forest survey cancelled: vehicle connection closed');
    expect(errors[1].message).toBe('COMPONENT_ARM_DISARM to Forest survey cancelled before it was sent: vehicle connection closed');
    const later = await errorOf(send({ command: ARM }));
    expect(later.code).toBe('cancelled');
    vehicle.answer(sender, ack(ARM, 0));
    clock.advance(10_000);
    expect(longs()).toHaveLength(2);
    expect(clock.pending).toBe(0);
  });

  it('cancel(command) cancels that command only', async () => {
    const { vehicle, sender, send } = setup();
    const arm = send({ command: ARM });
    const mode = send({ command: SET_MODE, params: [1, 4] });
    sender.cancel(ARM);
    expect((await errorOf(arm)).code).toBe('cancelled');
    vehicle.answer(sender, ack(SET_MODE, 0));
    await flush();
    expect(mode.state).toBe('resolved');
  });

  it('an aborted signal drops a queued command and leaves the running one alone', async () => {
    const { vehicle, sender, longs, send } = setup();
    const controller = new AbortController();
    const running = send({ command: ARM, params: [1] });
    const queued = send({ command: ARM, params: [0] }, { signal: controller.signal });
    controller.abort();
    expect((await errorOf(queued)).code).toBe('cancelled');
    vehicle.answer(sender, ack(ARM, 0));
    await flush();
    expect(running.state).toBe('resolved');
    expect(longs()).toHaveLength(1);
  });

  it('names the vehicle by its current name', async () => {
    const { clock, sender, send } = setup();
    const t = send({ command: ARM, retries: 0 });
    sender.vehicleName = 'Bridge 2';
    clock.advance(750);
    expect((await errorOf(t)).message).toBe('no answer from Bridge 2 to COMPONENT_ARM_DISARM after 1 try');
  });

  it('resolves the same outcome shape for every accepted command', async () => {
    const { vehicle, sender, send } = setup();
    const outcomes: (CommandOutcome | undefined)[] = [];
    for (const command of [ARM, SET_MODE, 20, 21]) {
      const t = send({ command });
      vehicle.answer(sender, ack(command, 0));
      await flush();
      outcomes.push(t.value);
    }
    expect(outcomes).toEqual(Array(4).fill({ result: 'accepted', tries: 1 }));
  });
});
