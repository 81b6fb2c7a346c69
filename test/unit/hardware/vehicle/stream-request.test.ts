import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { MavlinkWriter } from '../../../../hardware/mavlink/writer.js';
import { StreamRequester } from '../../../../hardware/vehicle/stream-request.js';
import { attitude, autopilotVersion, commandAck, decodeAll, globalPosition, heartbeat } from './fixtures.js';

const SET_MESSAGE_INTERVAL = 511;
const REQUEST_MESSAGE = 512;
const REQUEST_AUTOPILOT_CAPABILITIES = 520;

function setup(opts: { maxAttempts?: number } = {}) {
  const clock = new ManualClock();
  const sent: MavLinkData[] = [];
  const r = new StreamRequester({ clock, send: (d) => sent.push(d), targetSystem: 7, targetComponent: 1, ...opts });
  const commands = (cmd: number): common.CommandLong[] =>
    sent.filter((m): m is common.CommandLong => m instanceof common.CommandLong && m.command === cmd);
  const streams = (): common.RequestDataStream[] => sent.filter((m): m is common.RequestDataStream => m instanceof common.RequestDataStream);
  const hb = (): void => r.onMessage(0, heartbeat());
  const streaming = (): void => {
    r.onMessage(33, globalPosition());
    r.onMessage(30, attitude());
  };
  return { clock, sent, r, commands, streams, hb, streaming };
}

describe('stream requests', () => {
  it('sends nothing before the first heartbeat', () => {
    const { clock, sent, r } = setup();
    clock.advance(10_000);
    expect(sent).toEqual([]);
    expect(r.phase).toBe('idle');
  });

  it('asks for AUTOPILOT_VERSION with REQUEST_MESSAGE right after the first heartbeat', () => {
    const { sent, commands, hb } = setup();
    hb();
    expect(sent).toHaveLength(1);
    const [req] = commands(REQUEST_MESSAGE);
    expect(req).toMatchObject({ targetSystem: 7, targetComponent: 1, _param1: 148 });
  });

  it('asks for nothing more when the vehicle already streams position and attitude', () => {
    const { clock, r, commands, streams, hb, streaming } = setup();
    hb();
    clock.advance(1000);
    streaming();
    clock.advance(20_000);
    expect(r.phase).toBe('streaming');
    expect(commands(SET_MESSAGE_INTERVAL)).toEqual([]);
    expect(streams()).toEqual([]);
  });

  it('waits 1500 ms, then sets message intervals for every needed message', () => {
    const { clock, r, commands, hb } = setup();
    hb();
    clock.advance(1499);
    expect(commands(SET_MESSAGE_INTERVAL)).toEqual([]);
    clock.advance(1);
    expect(r.phase).toBe('interval');
    const asked = commands(SET_MESSAGE_INTERVAL).map((c) => [c._param1, c._param2]);
    expect(asked).toEqual([[33, 100000], [30, 100000], [74, 250000], [1, 500000], [24, 500000], [147, 500000], [242, 2000000]]);
    expect(commands(SET_MESSAGE_INTERVAL).every((c) => c.targetSystem === 7 && c.targetComponent === 1)).toBe(true);
  });

  it('needs both position and attitude before it counts as streaming', () => {
    const { clock, r, commands, hb } = setup();
    hb();
    r.onMessage(33, globalPosition());
    clock.advance(1500);
    expect(commands(SET_MESSAGE_INTERVAL)).not.toEqual([]);
  });

  it('falls back to REQUEST_DATA_STREAM at once when SET_MESSAGE_INTERVAL is unsupported', () => {
    const { clock, r, streams, hb } = setup();
    hb();
    clock.advance(1500);
    r.onMessage(77, commandAck(SET_MESSAGE_INTERVAL, 3));
    expect(r.phase).toBe('legacy');
    expect(streams().map((s) => [s.reqStreamId, s.reqMessageRate, s.startStop])).toEqual([[2, 2, 1], [6, 10, 1], [10, 10, 1], [11, 4, 1], [12, 2, 1]]);
    expect(streams().every((s) => s.targetSystem === 7 && s.targetComponent === 1)).toBe(true);
  });

  it('keeps the interval method when one message is denied after others were accepted', () => {
    const { clock, r, streams, hb } = setup();
    hb();
    clock.advance(1500);
    r.onMessage(77, commandAck(SET_MESSAGE_INTERVAL, 0));
    r.onMessage(77, commandAck(SET_MESSAGE_INTERVAL, 2));
    expect(r.phase).toBe('interval');
    expect(streams()).toEqual([]);
  });

  it('falls back to REQUEST_DATA_STREAM when nothing arrives 3 s after the interval request', () => {
    const { clock, r, streams, hb } = setup();
    hb();
    clock.advance(1500 + 2999);
    expect(streams()).toEqual([]);
    clock.advance(1);
    expect(r.phase).toBe('legacy');
    expect(streams()).toHaveLength(5);
  });

  it('retries a bounded number of times, then gives up', () => {
    const { clock, r, sent, streams, commands, hb } = setup({ maxAttempts: 3 });
    hb();
    r.onMessage(148, autopilotVersion(1n));
    clock.advance(1500 + 3000 * 3);
    expect(commands(SET_MESSAGE_INTERVAL)).toHaveLength(7);
    expect(streams()).toHaveLength(10);
    expect(r.phase).toBe('gave-up');
    const count = sent.length;
    clock.advance(60_000);
    expect(sent).toHaveLength(count);
    expect(clock.pending).toBe(0);
  });

  it('stops asking once the streams arrive', () => {
    const { clock, r, streams, hb, streaming } = setup();
    hb();
    r.onMessage(148, autopilotVersion(1n));
    clock.advance(1500 + 3000);
    streaming();
    expect(r.phase).toBe('streaming');
    clock.advance(30_000);
    expect(streams()).toHaveLength(5);
    expect(clock.pending).toBe(0);
  });

  it('asks again after restart when the streams do not come back', () => {
    const { clock, r, commands, hb, streaming } = setup();
    hb();
    streaming();
    r.restart();
    clock.advance(1500);
    expect(commands(SET_MESSAGE_INTERVAL)).toHaveLength(7);
  });

  it('asks for capabilities when REQUEST_MESSAGE is refused', () => {
    const { r, commands, hb } = setup();
    hb();
    r.onMessage(77, commandAck(REQUEST_MESSAGE, 3));
    expect(commands(REQUEST_AUTOPILOT_CAPABILITIES)).toHaveLength(1);
    expect(commands(REQUEST_AUTOPILOT_CAPABILITIES)[0]._param1).toBe(1);
  });

  it('alternates the two version requests on silence, three in all', () => {
    const { clock, r, commands, hb, streaming } = setup();
    hb();
    streaming();
    clock.advance(2999);
    expect(commands(REQUEST_AUTOPILOT_CAPABILITIES)).toHaveLength(0);
    clock.advance(1);
    expect(commands(REQUEST_AUTOPILOT_CAPABILITIES)).toHaveLength(1);
    clock.advance(30_000);
    expect(commands(REQUEST_MESSAGE)).toHaveLength(2);
    expect(commands(REQUEST_AUTOPILOT_CAPABILITIES)).toHaveLength(1);
    expect(r.versionPhase).toBe('gave-up');
  });

  it('stops asking for the version once AUTOPILOT_VERSION arrives', () => {
    const { clock, r, commands, hb, streaming } = setup();
    hb();
    streaming();
    r.onMessage(148, autopilotVersion(1n));
    clock.advance(30_000);
    expect(commands(REQUEST_MESSAGE)).toHaveLength(1);
    expect(r.versionPhase).toBe('received');
  });

  it('sends nothing after stop', () => {
    const { clock, r, sent, hb } = setup();
    hb();
    r.stop();
    clock.advance(30_000);
    expect(sent).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('builds messages that encode and decode with numeric enums and whole integers', () => {
    const { clock, r, sent, hb } = setup();
    hb();
    clock.advance(1500);
    r.onMessage(77, commandAck(SET_MESSAGE_INTERVAL, 3));
    const writer = new MavlinkWriter();
    const decoded = decodeAll(Buffer.concat(sent.map((m) => writer.encode(m))));
    expect(decoded).toHaveLength(sent.length);
    const first = decoded.find((m) => m.msgid === 76 && (m.data as common.CommandLong)._param1 === 33)!;
    expect(first.data).toMatchObject({ command: SET_MESSAGE_INTERVAL, targetSystem: 7, targetComponent: 1, _param2: 100000 });
    expect(decoded.filter((m) => m.msgid === 66)).toHaveLength(5);
  });
});
