import { afterEach, describe, expect, it } from 'vitest';
import { MavLinkPacketSignature, common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { ManualClock } from '../../../../hardware/clock.js';
import { memoryPair } from '../../../../hardware/link/memory.js';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../../hardware/mavlink/reader.js';
import { signingTimestamp } from '../../../../hardware/mavlink/signing.js';
import { MavlinkWriter } from '../../../../hardware/mavlink/writer.js';
import { startSimDrone, type SimHandle } from '../../../../hardware/sim/sim-drone.js';
import { buildSetupSigning } from '../../../../hardware/vehicle/signing-setup.js';
import { HOME, flush } from './ground-station.js';

const KEY = Buffer.alloc(32, 0x42);
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const SYSID = 5;
const CMD_ARM = 400;
const MSG_COMMAND_ACK = 77;

const running: SimHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function arm(on: boolean): common.CommandLong {
  const c = new common.CommandLong();
  Object.assign(c, { targetSystem: SYSID, targetComponent: 1, command: CMD_ARM, confirmation: 0 });
  [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] = [on ? 1 : 0, 0, 0, 0, 0, 0, 0];
  return c;
}

async function setup(signing?: { key: Buffer; initialTimestamp?: number }) {
  const clock = new ManualClock(T0);
  const [droneEnd, gcsEnd] = memoryPair();
  const sim = await startSimDrone({ link: droneEnd, sysid: SYSID, clock, home: HOME, gpsAcquisitionMs: 0, signing });
  running.push(sim);
  await gcsEnd.start();
  const heard: InboundMessage[] = [];
  const reader = new MavlinkReader('gcs');
  gcsEnd.subscribe((e) => e.kind === 'data' && reader.push(e.bytes, e.peer, (m) => heard.push(m)));
  const writer = new MavlinkWriter(255, 190);
  const send = async (raw: Buffer): Promise<void> => {
    gcsEnd.send(raw);
    await flush();
    clock.advance(50);
    await flush();
  };
  const acks = (): common.CommandAck[] => heard.filter((m) => m.msgid === MSG_COMMAND_ACK).map((m) => m.data as common.CommandAck);
  return { clock, sim, heard, writer, send, acks, encode: (d: MavLinkData) => writer.encode(d) };
}

describe('sim drone signing', () => {
  it('answers unsigned commands until SETUP_SIGNING, then ignores them and signs what it sends', async () => {
    const t = await setup();
    await t.send(t.encode(buildSetupSigning({ targetSystem: SYSID, targetComponent: 1, key: KEY, initialTimestamp: signingTimestamp(T0) })));
    expect(t.sim.drone.signing.active).toBe(true);

    const before = t.heard.length;
    await t.send(t.encode(arm(true)));
    expect(t.acks()).toHaveLength(0);
    expect(t.sim.state().armed).toBe(false);
    expect(t.sim.drone.signing.stats().unsigned).toBe(1);

    const later = t.heard.slice(before);
    expect(later.length).toBeGreaterThan(0);
    for (const m of later) expect(new MavLinkPacketSignature(m.frame.raw).matches(KEY)).toBe(true);
  });

  it('obeys a signed arm command and acknowledges it signed', async () => {
    const t = await setup();
    await t.send(t.encode(buildSetupSigning({ targetSystem: SYSID, key: KEY, initialTimestamp: signingTimestamp(T0) })));
    t.writer.setSigning({ key: KEY, linkId: 1, clock: t.clock });
    await t.send(t.encode(arm(true)));
    const ack = t.acks();
    expect(ack).toHaveLength(1);
    expect(ack[0].result).toBe(common.MavResult.ACCEPTED);
    expect(t.sim.state().armed).toBe(true);
    const ackFrame = t.heard.find((m) => m.msgid === MSG_COMMAND_ACK)!.frame;
    expect(ackFrame.signature).not.toBeNull();
  });

  it('ignores a replayed signed command and counts it', async () => {
    const t = await setup({ key: KEY });
    t.writer.setSigning({ key: KEY, linkId: 1, clock: t.clock });
    const armFrame = t.encode(arm(true));
    await t.send(armFrame);
    await t.send(t.encode(arm(false)));
    expect(t.acks()).toHaveLength(2);
    expect(t.sim.state().armed).toBe(false);
    await t.send(armFrame);
    expect(t.acks()).toHaveLength(2);
    expect(t.sim.state().armed).toBe(false);
    expect(t.sim.drone.signing.stats()).toMatchObject({ accepted: 2, replay: 1 });
  });

  it('ignores commands signed with another key', async () => {
    const t = await setup({ key: KEY });
    t.writer.setSigning({ key: Buffer.alloc(32, 1), linkId: 1, clock: t.clock });
    await t.send(t.encode(arm(true)));
    expect(t.acks()).toHaveLength(0);
    expect(t.sim.drone.signing.stats().badSignature).toBe(1);
  });

  it('ignores SETUP_SIGNING sent unsigned once signing is on, and turns signing off for a signed all-zero key', async () => {
    const t = await setup({ key: KEY });
    await t.send(t.encode(buildSetupSigning({ targetSystem: SYSID, key: Buffer.alloc(32, 9), initialTimestamp: 0 })));
    expect(t.sim.drone.signing.stats().unsigned).toBe(1);
    t.writer.setSigning({ key: KEY, linkId: 1, clock: t.clock });
    await t.send(t.encode(buildSetupSigning({ targetSystem: SYSID, key: Buffer.alloc(32), initialTimestamp: 0 })));
    expect(t.sim.drone.signing.active).toBe(false);
    t.writer.setSigning(null);
    await t.send(t.encode(arm(true)));
    expect(t.acks()).toHaveLength(1);
    expect(t.sim.drone.signing.stats().unsigned).toBe(1);
  });

  it('lets unsigned RADIO_STATUS through while signing is required', async () => {
    const t = await setup({ key: KEY });
    const r = new common.RadioStatus();
    Object.assign(r, { rssi: 200, remrssi: 190, txbuf: 90, noise: 10, remnoise: 12, rxerrors: 0, fixed: 0 });
    await t.send(t.encode(r));
    expect(t.sim.drone.signing.stats()).toMatchObject({ acceptedUnsigned: 1, unsigned: 0 });
  });
});
