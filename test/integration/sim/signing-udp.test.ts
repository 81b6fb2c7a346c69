import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { MavLinkPacketSignature, common } from 'node-mavlink';
import { RealClock } from '../../../hardware/clock.js';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import type { InboundMessage } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { generateSigningKey } from '../../../hardware/mavlink/signing-key.js';
import { signingTimestamp } from '../../../hardware/mavlink/signing.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';
import { startSimDrone } from '../../../hardware/sim/sim-drone.js';
import { buildSetupSigning } from '../../../hardware/vehicle/signing-setup.js';
import { waitFor } from '../../support/wait.js';

const HOME = { lat: 47.397742, lon: 8.545594, altMsl: 488 };
const SYSID = 3;
const MSG_COMMAND_ACK = 77;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function armCommand(on: boolean): common.CommandLong {
  const c = new common.CommandLong();
  Object.assign(c, { targetSystem: SYSID, targetComponent: 1, command: 400, confirmation: 0 });
  [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] = [on ? 1 : 0, 0, 0, 0, 0, 0, 0];
  return c;
}

/** A bare UDP socket on an ephemeral port, as a third party on the network would use. */
async function attackerSocket(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => s.close(() => resolve())));
  return s;
}

function sendTo(s: Socket, bytes: Buffer, port: number): Promise<void> {
  return new Promise((resolve, reject) => s.send(bytes, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
}

describe('signed MAVLink over real UDP', () => {
  it('obeys signed commands from the ground station and ignores unsigned and replayed ones from a third socket', async () => {
    const clock = new RealClock();
    const droneLink = createLink('udp://127.0.0.1:0');
    const sim = await startSimDrone({ link: droneLink, sysid: SYSID, home: HOME, gpsAcquisitionMs: 0, clock });
    cleanup.push(() => sim.stop());
    const port = (droneLink as Link & { localPort(): number }).localPort();

    const gcs = createLink(`udpout://127.0.0.1:${port}`);
    const heard: InboundMessage[] = [];
    const reader = new MavlinkReader(gcs.id);
    gcs.subscribe((e) => e.kind === 'data' && reader.push(e.bytes, e.peer, (m) => heard.push(m)));
    await gcs.start();
    cleanup.push(() => gcs.stop());
    const writer = new MavlinkWriter(255, 190);
    const acks = (): common.CommandAck[] => heard.filter((m) => m.msgid === MSG_COMMAND_ACK).map((m) => m.data as common.CommandAck);

    // Signing is set up over the (trusted) link itself.
    const key = generateSigningKey();
    gcs.send(writer.encode(buildSetupSigning({ targetSystem: SYSID, targetComponent: 1, key, initialTimestamp: signingTimestamp(clock.now()) })));
    await waitFor('signing on the drone', () => sim.drone.signing.active);
    writer.setSigning({ key, linkId: 1, clock });

    // An unsigned arm from another socket: counted, not obeyed.
    const attacker = await attackerSocket();
    await sendTo(attacker, new MavlinkWriter(255, 190).encode(armCommand(true)), port);
    await waitFor('the unsigned arm counted', () => sim.drone.signing.stats().unsigned >= 1);
    expect(sim.state().armed).toBe(false);
    expect(acks()).toHaveLength(0);

    // A signed arm from the ground station: obeyed, and the drone's answer is signed too.
    const signedArm = writer.encode(armCommand(true));
    gcs.send(signedArm);
    const ack = await waitFor('COMMAND_ACK for the signed arm', () => acks()[0]);
    expect(ack.result).toBe(common.MavResult.ACCEPTED);
    expect(sim.state().armed).toBe(true);
    const ackFrame = heard.find((m) => m.msgid === MSG_COMMAND_ACK)!.frame;
    expect(new MavLinkPacketSignature(ackFrame.raw).matches(key)).toBe(true);

    gcs.send(writer.encode(armCommand(false)));
    await waitFor('COMMAND_ACK for the disarm', () => acks().length === 2);
    expect(sim.state().armed).toBe(false);

    // The captured signed arm, replayed from the third socket: counted, not obeyed.
    await sendTo(attacker, signedArm, port);
    await waitFor('the replay counted', () => sim.drone.signing.stats().replay >= 1);
    expect(sim.state().armed).toBe(false);
    expect(acks()).toHaveLength(2);
    expect(sim.drone.signing.stats()).toMatchObject({ unsigned: 1, replay: 1, badSignature: 0 });
  });
});
