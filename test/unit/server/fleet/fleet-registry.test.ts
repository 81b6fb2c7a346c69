import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { memoryPair } from '../../../../hardware/link/memory.js';
import { FleetRegistry } from '../../../../server/fleet/fleet-registry.js';
import type { FleetEvent, FleetRegistryOptions } from '../../../../server/fleet/fleet-registry.js';
import { autopilotVersion, decodeAll, frameOf, gcsHeartbeat, globalPosition, heartbeat, statusText } from '../../hardware/vehicle/fixtures.js';
import { HubLink } from './hub-link.js';

const registries: FleetRegistry[] = [];

afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.stop()));
});

async function setup(opts: Partial<FleetRegistryOptions> = {}) {
  const clock = new ManualClock(1_000_000);
  const link = new HubLink();
  const registry = new FleetRegistry({ links: [link], clock, heartbeatIntervalMs: 0, requestStreams: false, ...opts });
  registries.push(registry);
  const events: FleetEvent[] = [];
  registry.subscribe((e) => events.push(e));
  await registry.start();
  const seqs = new Map<string, number>();
  /** `data` from system `sysid` component `compid` at `peer`, with a running sequence per sender. */
  const from = (peer: string, data: MavLinkData, sysid = 1, compid = 1): void => {
    const key = `${peer}/${sysid}/${compid}`;
    const seq = seqs.get(key) ?? 0;
    seqs.set(key, seq + 1);
    link.receive(frameOf(data, sysid, compid, seq), peer);
  };
  const kinds = (): string[] => events.map((e) => e.kind);
  return { clock, link, registry, events, from, kinds };
}

function commandLong(): common.CommandLong {
  const m = new common.CommandLong();
  m.command = 400 as common.MavCmd;
  m.targetSystem = 1;
  m.targetComponent = 1;
  m._param1 = 1;
  return m;
}

describe('fleet registry', () => {
  it('keeps two drones with system id 1 on different peers as two vehicles', async () => {
    const { registry, from } = await setup();
    from('10.0.0.1:14550', heartbeat({ customMode: 5 }));
    from('10.0.0.2:14550', heartbeat({ customMode: 6 }));
    const [a, b] = registry.vehicles();
    expect(registry.size).toBe(2);
    expect([a.id, b.id]).toEqual(['v1', 'v2']);
    expect([a.peer, b.peer]).toEqual(['10.0.0.1:14550', '10.0.0.2:14550']);
    expect([a.telemetry.mode, b.telemetry.mode]).toEqual(['LOITER', 'RTL']);
    expect(a.name).toBe('Copter 1 @ 10.0.0.1:14550');
    expect(a.key).toBe('udp://0.0.0.0:14550|10.0.0.1:14550|1|1');
  });

  it('reduces each message into the vehicle it came from', async () => {
    const { registry, from } = await setup();
    from('p1', heartbeat());
    from('p2', heartbeat());
    from('p2', globalPosition({ lat: 300000000, lon: 1200000000 }));
    expect(registry.get('v1')!.telemetry.position).toBeNull();
    expect(registry.get('v2')!.telemetry.position).toMatchObject({ lat: 30, lon: 120 });
  });

  it('sends a message for one vehicle only to its peer, from our GCS identity', async () => {
    const { link, registry, from } = await setup();
    from('p1', heartbeat());
    from('p2', heartbeat());
    expect(registry.send('v2', commandLong())).toBe(true);
    expect(link.sent.map((s) => s.peer)).toEqual(['p2']);
    const [msg] = link.sentTo('p2');
    expect(msg).toMatchObject({ sysid: 255, compid: 190, msgid: 76 });
    expect(msg.data).toMatchObject({ command: 400, targetSystem: 1, targetComponent: 1, _param1: 1 });
  });

  it('refuses to send to an unknown vehicle', async () => {
    const { link, registry } = await setup();
    expect(registry.send('v99', commandLong())).toBe(false);
    expect(link.sent).toEqual([]);
  });

  it('sends stream requests to the vehicle peer only', async () => {
    const { clock, link, from } = await setup({ requestStreams: true });
    from('p1', heartbeat());
    from('p2', heartbeat());
    from('p2', globalPosition());
    clock.advance(1500);
    expect(new Set(link.sent.map((s) => s.peer))).toEqual(new Set(['p1', 'p2']));
    const toP1 = link.sentTo('p1').filter((m) => m.msgid === 76 && (m.data as common.CommandLong).command === 511);
    expect(toP1).toHaveLength(7);
  });

  it('creates no vehicle for GCS, camera, gimbal or companion heartbeats', async () => {
    const { registry, from } = await setup();
    from('p1', gcsHeartbeat(), 255, 190);
    from('p1', heartbeat({ type: 30, autopilot: 8 }), 5, 100);
    from('p1', heartbeat({ type: 26, autopilot: 3 }), 6, 154);
    from('p1', heartbeat({ type: 18, autopilot: 3 }), 7, 191);
    from('p1', heartbeat({ type: 27, autopilot: 3 }), 8, 156);
    from('p1', globalPosition(), 9, 1);
    expect(registry.size).toBe(0);
  });

  it('attaches other components of a system to its vehicle without reducing them', async () => {
    const { registry, from } = await setup();
    from('p1', heartbeat({ customMode: 5 }));
    from('p1', heartbeat({ type: 30, autopilot: 8, customMode: 3 }), 1, 100);
    from('p1', globalPosition(), 1, 100);
    expect(registry.size).toBe(1);
    expect(registry.get('v1')!.telemetry.mode).toBe('LOITER');
    expect(registry.get('v1')!.telemetry.position).toBeNull();
  });

  it('reports a vehicle lost 3.5 s after its last heartbeat and restored when it returns', async () => {
    const { clock, registry, from, events } = await setup();
    from('p1', heartbeat());
    clock.advance(3499);
    expect(registry.get('v1')!.linkState).toBe('connected');
    clock.advance(1);
    expect(registry.get('v1')!.linkState).toBe('lost');
    from('p1', heartbeat());
    expect(registry.get('v1')!.linkState).toBe('connected');
    expect(events.filter((e) => e.kind === 'lost' || e.kind === 'restored').map((e) => e.kind)).toEqual(['lost', 'restored']);
  });

  it('passes status texts on with their vehicle', async () => {
    const { from, events } = await setup();
    from('p1', heartbeat());
    from('p1', statusText('PreArm: Need Position Estimate', 2));
    const text = events.find((e) => e.kind === 'statustext');
    expect(text).toMatchObject({ severity: 2, text: 'PreArm: Need Position Estimate', time: 1_000_000 });
    expect(text && 'vehicle' in text && text.vehicle.id).toBe('v1');
  });

  it('keeps the id of a drone that reconnects from a new UDP port, by its uid', async () => {
    const { clock, link, registry, from, events } = await setup();
    from('10.0.0.9:40001', heartbeat());
    from('10.0.0.9:40001', autopilotVersion(0xfeedn));
    clock.advance(5000);
    expect(registry.get('v1')!.linkState).toBe('lost');
    from('10.0.0.9:40002', heartbeat({ customMode: 6 }));
    expect(registry.size).toBe(2);
    from('10.0.0.9:40002', autopilotVersion(0xfeedn));
    expect(registry.size).toBe(1);
    expect(registry.get('v2')).toBeUndefined();
    const v1 = registry.get('v1')!;
    expect(v1.peer).toBe('10.0.0.9:40002');
    expect(v1.linkState).toBe('connected');
    expect(v1.telemetry.mode).toBe('RTL');
    expect(events.filter((e) => e.kind === 'removed')).toEqual([{ kind: 'removed', id: 'v2' }]);
    const removedAt = events.findIndex((e) => e.kind === 'removed');
    expect(events.slice(removedAt + 1).find((e) => e.kind === 'restored')).toMatchObject({ vehicle: v1 });
    from('10.0.0.9:40002', globalPosition({ lat: 100000000 }));
    expect(v1.telemetry.position?.lat).toBe(10);
    link.clearSent();
    registry.send('v1', commandLong());
    expect(link.sent.map((s) => s.peer)).toEqual(['10.0.0.9:40002']);
    clock.advance(3500);
    expect(v1.linkState).toBe('lost');
    expect(registry.drainChanged().map((v) => v.id)).toEqual(['v1']);
  });

  it('keeps two vehicles when the same uid is heard on two live paths', async () => {
    const { registry, from } = await setup();
    from('radio', heartbeat());
    from('radio', autopilotVersion(0xbeefn));
    from('lte', heartbeat());
    from('lte', autopilotVersion(0xbeefn));
    expect(registry.vehicles().map((v) => v.id)).toEqual(['v1', 'v2']);
  });

  it('drains each changed vehicle once, announcing it at most once per drain', async () => {
    const { registry, from, events } = await setup();
    from('p1', heartbeat());
    from('p2', heartbeat());
    registry.drainChanged();
    events.length = 0;
    from('p1', globalPosition({ lat: 1 }));
    from('p1', globalPosition({ lat: 2 }));
    from('p1', globalPosition({ lat: 3 }));
    expect(events.map((e) => e.kind)).toEqual(['changed']);
    expect(registry.drainChanged().map((v) => v.id)).toEqual(['v1']);
    expect(registry.drainChanged()).toEqual([]);
    from('p1', globalPosition({ lat: 3 }));
    expect(registry.drainChanged()).toEqual([]);
  });

  it('announces a new vehicle as added and then changed', async () => {
    const { from, kinds } = await setup();
    from('p1', heartbeat());
    expect(kinds()).toEqual(['added', 'changed']);
  });

  it('tells thousands of drones with system id 1 apart by their peers', async () => {
    const { registry, from } = await setup();
    for (let i = 0; i < 3000; i++) from(`10.1.${i >> 8}.${i & 255}:14550`, heartbeat({ customMode: i % 2 === 0 ? 5 : 6 }));
    expect(registry.size).toBe(3000);
    from('10.1.4.210:14550', globalPosition({ lat: 123456789 }));
    const moved = registry.vehicles().filter((v) => v.telemetry.position !== null);
    expect(moved.map((v) => v.peer)).toEqual(['10.1.4.210:14550']);
    // Peer 10.1.4.210 is drone 4 * 256 + 210 = 1234, an even one: LOITER.
    expect(moved[0].telemetry.mode).toBe('LOITER');
  });

  it('heartbeats as a GCS once a second to links with peers, with a configurable identity', async () => {
    const { clock, link, from } = await setup({ heartbeatIntervalMs: 1000, sysid: 250, compid: 191 });
    expect(link.sent).toHaveLength(0);
    from('p1', heartbeat());
    clock.advance(1000);
    expect(link.sent).toHaveLength(1);
    clock.advance(2000);
    const beats = link.sentTo(undefined);
    expect(beats).toHaveLength(3);
    expect(beats[0]).toMatchObject({ sysid: 250, compid: 191, msgid: 0 });
    expect(beats[0].data).toMatchObject({ type: 6, autopilot: 8, mavlinkVersion: 3 });
    expect(beats.map((b) => b.seq)).toEqual([0, 1, 2]);
  });

  it('spreads heartbeats to many peers over the second, each peer getting one per second', async () => {
    const { clock, link, from } = await setup({ heartbeatIntervalMs: 1000 });
    for (let i = 0; i < 100; i++) from(`10.0.0.${i}:14550`, heartbeat());
    link.sent.length = 0;
    const perTick: number[] = [];
    for (let t = 0; t < 10; t++) {
      const before = link.sent.length;
      clock.advance(100);
      perTick.push(link.sent.length - before);
    }
    expect(perTick.every((n) => n === 10)).toBe(true);
    const peers = link.sent.map((s) => s.peer);
    expect(new Set(peers).size).toBe(100);
    expect(peers).toHaveLength(100);
  });

  it('reports link and reader counters together', async () => {
    const { link, registry, from } = await setup();
    from('p1', heartbeat());
    link.receive(Buffer.from([1, 2, 3, 4]), 'p1');
    const [stats] = registry.linkStats();
    expect(stats).toMatchObject({ id: 'udp://0.0.0.0:14550', kind: 'udp', peers: ['p1'], packetsIn: 2, frames: 1 });
    expect(stats.garbageBytes).toBeGreaterThan(0);
  });

  it('delivers a heartbeat stuck behind a stray start byte once the line goes quiet', async () => {
    const { clock, link, registry } = await setup();
    // A header announcing a 28-byte ATTITUDE that never comes, then a good heartbeat.
    link.receive(Buffer.concat([Buffer.from([0xfd, 28, 0, 0, 0, 1, 1, 30, 0, 0]), frameOf(heartbeat(), 1, 1, 0)]), 'radio');
    expect(registry.size).toBe(0);
    clock.advance(249);
    expect(registry.size).toBe(0);
    clock.advance(1);
    expect(registry.size).toBe(1);
    expect(registry.linkStats()[0].garbageBytes).toBeGreaterThan(0);
  });

  it('stops every link and vehicle timer on stop', async () => {
    const { clock, link, registry, from } = await setup({ heartbeatIntervalMs: 1000, requestStreams: true });
    from('p1', heartbeat());
    await registry.stop();
    expect(link.stopped).toBe(1);
    expect(clock.pending).toBe(0);
    expect(registry.send('v1', commandLong())).toBe(false);
  });

  it('stops the links it started when one fails to start, and rethrows', async () => {
    const ok = new HubLink('udp://0.0.0.0:14550');
    const bad = new HubLink('udp://0.0.0.0:14551');
    bad.failStart = new Error('port in use');
    const registry = new FleetRegistry({ links: [ok, bad], clock: new ManualClock() });
    await expect(registry.start()).rejects.toThrow('port in use');
    expect(ok.stopped).toBe(1);
    expect(bad.stopped).toBe(1);
  });

  it('stops when its abort signal fires', async () => {
    const link = new HubLink();
    const registry = new FleetRegistry({ links: [link], clock: new ManualClock() });
    const controller = new AbortController();
    await registry.start(controller.signal);
    controller.abort();
    await Promise.resolve();
    expect(link.stopped).toBe(1);
  });

  it('finds and commands a drone at the other end of an in-memory link', async () => {
    const [gcsEnd, droneEnd] = memoryPair(['gcs', 'drone']);
    const clock = new ManualClock();
    const registry = new FleetRegistry({ links: [gcsEnd], clock, heartbeatIntervalMs: 0, requestStreams: false });
    registries.push(registry);
    const received: Buffer[] = [];
    droneEnd.subscribe((e) => {
      if (e.kind === 'data') received.push(e.bytes);
    });
    await registry.start();
    await droneEnd.start();
    droneEnd.send(frameOf(heartbeat(), 42, 1, 0));
    await new Promise((r) => setImmediate(r));
    const [v] = registry.vehicles();
    expect(v).toMatchObject({ id: 'v1', peer: 'drone' });
    expect(v.telemetry.sysid).toBe(42);
    registry.send(v.id, commandLong());
    await new Promise((r) => setImmediate(r));
    const msgs = decodeAll(Buffer.concat(received));
    expect(msgs.map((m) => m.msgid)).toEqual([76]);
    await droneEnd.stop();
  });
});
