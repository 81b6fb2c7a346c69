import { createConnection, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { common, type minimal, type standard } from 'node-mavlink';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import type { InboundMessage } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';
import { startSimDrone, type SimHandle } from '../../../hardware/sim/sim-drone.js';
import { MSG } from '../../../hardware/sim/streams.js';
import { waitFor } from '../../support/wait.js';

const HOME = { lat: 47.397742, lon: 8.545594, altMsl: 488 };
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function requestVersion(sysid: number): Buffer {
  const c = new common.CommandLong();
  Object.assign(c, { targetSystem: sysid, targetComponent: 1, command: 512, confirmation: 0 });
  [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] = [MSG.AUTOPILOT_VERSION, 0, 0, 0, 0, 0, 0];
  return new MavlinkWriter(255, 190).encode(c);
}

describe('sim drone over real sockets', () => {
  it('delivers heartbeats and positions over udpout to a listening ground station, and answers it', async () => {
    const gcs = createLink('udp://127.0.0.1:0');
    await gcs.start();
    cleanup.push(() => gcs.stop());
    const port = (gcs as Link & { localPort(): number }).localPort();
    const heard: InboundMessage[] = [];
    const reader = new MavlinkReader(gcs.id);
    gcs.subscribe((e) => e.kind === 'data' && reader.push(e.bytes, e.peer, (m) => heard.push(m)));

    const patrol = { center: HOME, radius: 150, altitude: 60 };
    const sim = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${port}`), sysid: 42, home: HOME, gpsAcquisitionMs: 0, patrol });
    cleanup.push(() => sim.stop());

    const hb = await waitFor('a heartbeat', () => heard.find((m) => m.msgid === MSG.HEARTBEAT));
    expect(hb.sysid).toBe(42);
    expect((hb.data as minimal.Heartbeat).autopilot).toBe(3);
    const pos = (await waitFor('a position', () => heard.find((m) => m.msgid === MSG.GLOBAL_POSITION_INT))).data as common.GlobalPositionInt;
    expect(Math.abs(pos.lat / 1e7 - HOME.lat)).toBeLessThan(0.01);
    expect(Math.abs(pos.lon / 1e7 - HOME.lon)).toBeLessThan(0.01);
    expect(pos.relativeAlt).toBeGreaterThan(50_000);
    expect(reader.stats().badCrc).toBe(0);

    // The listener learned the drone's address from its packets; a request goes back the same way.
    gcs.send(requestVersion(42), hb.peer);
    const version = await waitFor('AUTOPILOT_VERSION', () => heard.find((m) => m.msgid === MSG.AUTOPILOT_VERSION));
    expect((version.data as standard.AutopilotVersion).uid).not.toBe(0n);
  });

  it('accepts a TCP client on tcpin, streams to it and answers its commands', async () => {
    const link = createLink('tcpin://127.0.0.1:0');
    const sim: SimHandle = await startSimDrone({ link, sysid: 1, home: HOME, gpsAcquisitionMs: 0 });
    cleanup.push(() => sim.stop());
    const port = (link as Link & { localPort(): number }).localPort();
    expect(port).toBeGreaterThan(0);

    const heard: InboundMessage[] = [];
    const reader = new MavlinkReader('tcp-client');
    const client: Socket = createConnection({ host: '127.0.0.1', port });
    cleanup.push(() => void client.destroy());
    client.on('data', (bytes) => reader.push(bytes, 'sim', (m) => heard.push(m)));
    await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));

    await waitFor('heartbeat and position', () => heard.some((m) => m.msgid === MSG.HEARTBEAT) && heard.some((m) => m.msgid === MSG.GLOBAL_POSITION_INT));
    expect(sim.link.peers()).toHaveLength(1);
    client.write(requestVersion(1));
    const ack = await waitFor('COMMAND_ACK', () => heard.find((m) => m.msgid === 77));
    expect((ack.data as common.CommandAck).result).toBe(common.MavResult.ACCEPTED);
    await waitFor('AUTOPILOT_VERSION', () => heard.find((m) => m.msgid === MSG.AUTOPILOT_VERSION));
  });
});
