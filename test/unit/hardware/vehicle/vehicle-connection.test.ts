import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { VehicleConnection } from '../../../../hardware/vehicle/vehicle-connection.js';
import type { VehicleConnectionOptions, VehicleEvent } from '../../../../hardware/vehicle/vehicle-connection.js';
import { autopilotVersion, globalPosition, heartbeat, inbound, statusText } from './fixtures.js';

function setup(opts: Partial<VehicleConnectionOptions> = {}) {
  const clock = new ManualClock(1_000);
  const sent: MavLinkData[] = [];
  const events: VehicleEvent[] = [];
  const v = new VehicleConnection({ linkId: 'udp://0.0.0.0:14550', peer: '10.0.0.7:14555', sysid: 3, compid: 1, clock, send: (d) => sent.push(d), ...opts });
  v.subscribe((e) => events.push(e));
  v.start();
  let seq = 0;
  const from = (compid = 1) => ({ sysid: 3, compid, seq: seq++ });
  return { clock, sent, events, v, from };
}

describe('vehicle connection', () => {
  it('reduces its autopilot messages and emits changed', () => {
    const { v, events, from } = setup({ requestStreams: false });
    expect(v.handle(inbound(heartbeat({ customMode: 5 }), from()))).toBe(true);
    expect(v.telemetry.mode).toBe('LOITER');
    expect(events).toEqual([{ kind: 'changed' }]);
    expect(v.handle(inbound(heartbeat({ customMode: 5 }), from()))).toBe(false);
    expect(events).toHaveLength(1);
  });

  it('passes other components to message listeners without touching telemetry', () => {
    const { v, events, from } = setup({ requestStreams: false });
    const seen: InboundMessage[] = [];
    v.subscribeMessages((m) => seen.push(m));
    v.handle(inbound(heartbeat({ customMode: 5 }), from()));
    v.handle(inbound(heartbeat({ type: 30, autopilot: 8, customMode: 9 }), from(100)));
    v.handle(inbound(globalPosition(), from(100)));
    expect(v.telemetry.mode).toBe('LOITER');
    expect(v.telemetry.position).toBeNull();
    expect(seen.map((m) => m.compid)).toEqual([1, 100, 100]);
    expect(events).toHaveLength(1);
  });

  it('reports lost 3500 ms after the last heartbeat and restored on the next one', () => {
    const { clock, v, events, from } = setup({ requestStreams: false });
    v.handle(inbound(heartbeat(), from()));
    clock.advance(3499);
    expect(v.linkState).toBe('connected');
    clock.advance(1);
    expect(v.linkState).toBe('lost');
    v.handle(inbound(heartbeat(), from()));
    expect(v.linkState).toBe('connected');
    expect(events.filter((e) => e.kind !== 'changed')).toEqual([{ kind: 'lost' }, { kind: 'restored' }]);
  });

  it('does not count non-heartbeat traffic as a heartbeat', () => {
    const { clock, v, from } = setup({ requestStreams: false });
    v.handle(inbound(heartbeat(), from()));
    for (let i = 0; i < 40; i++) {
      clock.advance(100);
      v.handle(inbound(globalPosition(), from()));
    }
    expect(v.linkState).toBe('lost');
  });

  it('emits each status text, a chunked one once complete', () => {
    const { v, events, from } = setup({ requestStreams: false });
    v.handle(inbound(statusText('Arming motors', 6), from()));
    v.handle(inbound(statusText('X'.repeat(50), 4, 9, 0), from()));
    v.handle(inbound(statusText('tail', 4, 9, 1), from()));
    const texts = events.filter((e) => e.kind === 'statustext');
    expect(texts).toEqual([
      { kind: 'statustext', time: 1000, severity: 6, text: 'Arming motors' },
      { kind: 'statustext', time: 1000, severity: 4, text: `${'X'.repeat(50)}tail` },
    ]);
  });

  it('emits identified when AUTOPILOT_VERSION brings a uid, once', () => {
    const { v, events, from } = setup({ requestStreams: false });
    v.handle(inbound(autopilotVersion(0xabcn), from()));
    v.handle(inbound(autopilotVersion(0xabcn), from()));
    expect(events.filter((e) => e.kind === 'identified')).toEqual([{ kind: 'identified', uid: '0000000000000abc' }]);
  });

  it('requests streams and its version from its own system and component', () => {
    const { clock, v, sent, from } = setup();
    v.handle(inbound(heartbeat(), from()));
    clock.advance(1500);
    const commands = sent.filter((m): m is common.CommandLong => m instanceof common.CommandLong);
    expect(commands.length).toBeGreaterThan(1);
    expect(commands.every((c) => c.targetSystem === 3 && c.targetComponent === 1)).toBe(true);
  });

  it('neither handles nor sends after stop, and leaves no timers', () => {
    const { clock, v, sent, events, from } = setup();
    v.handle(inbound(heartbeat(), from()));
    const before = sent.length;
    v.stop();
    expect(clock.pending).toBe(0);
    expect(v.handle(inbound(heartbeat({ customMode: 4 }), from()))).toBe(false);
    v.send(new common.CommandLong());
    clock.advance(10_000);
    expect(sent).toHaveLength(before);
    expect(events).toHaveLength(1);
  });
});
