/**
 * Ingest throughput: node-mavlink's stream pipeline (as its README uses it) against our
 * MavlinkReader + decode + telemetry reducer, on the same pre-encoded telemetry stream.
 * Run alone with `npx tsx test/bench/decode.ts [frames]`.
 */
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { MavLinkPacketParser, MavLinkPacketSplitter, ardupilotmega, common, minimal, standard } from 'node-mavlink';
import type { MavLinkData, MavLinkPacket, MavLinkPacketRegistry } from 'node-mavlink';
import type { InboundMessage } from '../../hardware/mavlink/frame.js';
import { degE7, heartbeat, message } from '../../hardware/mavlink/messages.js';
import { MavlinkReader } from '../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../hardware/mavlink/writer.js';
import { createTelemetry, reduceTelemetry } from '../../hardware/vehicle/telemetry-reducer.js';
import type { VehicleTelemetry } from '../../hardware/vehicle/telemetry.js';

const VEHICLES = 8;
const CHUNK_BYTES = 1024;

/** One vehicle's share of a streaming second, roughly as ArduPilot sends at the usual rates. */
function vehicleTick(sysid: number, t: number): MavLinkData[] {
  const lat = 26.6 + sysid * 0.01 + t * 1e-6;
  const lon = 106.7 + t * 1e-6;
  const attitude = (k: number): MavLinkData =>
    message(common.Attitude, { timeBootMs: t * 100 + k, roll: Math.sin(t + k) * 0.1, pitch: Math.cos(t + k) * 0.1, yaw: (t % 628) / 100 });
  const position = (k: number): MavLinkData =>
    message(common.GlobalPositionInt, {
      timeBootMs: t * 100 + k, lat: degE7(lat), lon: degE7(lon), alt: 1_200_000 + t, relativeAlt: 80_000 + (t % 100), vx: 500, vy: -120, vz: 3, hdg: (t * 7) % 36_000,
    });
  return [
    attitude(0), position(0), attitude(1),
    message(common.VfrHud, { airspeed: 5 + (t % 3), groundspeed: 5.5, alt: 80 + (t % 10), climb: 0.1, heading: (t * 7) % 360, throttle: 45 }),
    attitude(2), position(1), attitude(3),
    message(common.GpsRawInt, { timeUsec: BigInt(t) * 1_000_000n, lat: degE7(lat), lon: degE7(lon), alt: 1_200_000, eph: 80, epv: 120, vel: 550, cog: 9000, fixType: 3, satellitesVisible: 12 + (t % 4) }),
    message(common.SysStatus, { onboardControlSensorsPresent: 0x3fffff, onboardControlSensorsHealth: 0x3fffff, load: 300, voltageBattery: 15_800 - (t % 500), currentBattery: 1_250, batteryRemaining: 90 - (t % 60) }),
    message(common.BatteryStatus, { currentConsumed: t, energyConsumed: -1, temperature: 2500, voltages: [3950, 3950, 3950, 3950, 65535, 65535, 65535, 65535, 65535, 65535], currentBattery: 1250, batteryRemaining: 90 - (t % 60) }),
    heartbeat({ type: 2, autopilot: 3, baseMode: 0x59 | 0x80, customMode: 3, systemStatus: 4 }),
  ];
}

/** About `frames` MAVLink 2 frames from several vehicles, interleaved, cut into read-sized chunks. */
function buildStream(frames: number): { chunks: Buffer[]; count: number } {
  const writers = Array.from({ length: VEHICLES }, (_, i) => new MavlinkWriter(i + 1, 1));
  const parts: Buffer[] = [];
  for (let t = 0; parts.length < frames; t++) {
    for (let v = 0; v < VEHICLES && parts.length < frames; v++) {
      for (const msg of vehicleTick(v + 1, t)) if (parts.length < frames) parts.push(writers[v].encode(msg));
    }
  }
  const all = Buffer.concat(parts);
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length; at += CHUNK_BYTES) chunks.push(all.subarray(at, at + CHUNK_BYTES));
  return { chunks, count: parts.length };
}

const REGISTRY: MavLinkPacketRegistry = { ...minimal.REGISTRY, ...standard.REGISTRY, ...common.REGISTRY, ...ardupilotmega.REGISTRY };

/** node-mavlink as its README shows: Readable → splitter → parser → protocol.data per packet. */
async function runNodeMavlink(chunks: Buffer[]): Promise<number> {
  let count = 0;
  const packets = Readable.from(chunks).pipe(new MavLinkPacketSplitter()).pipe(new MavLinkPacketParser());
  packets.on('data', (packet: MavLinkPacket) => {
    const clazz = REGISTRY[packet.header.msgid];
    if (clazz && packet.protocol.data(packet.payload, clazz)) count++;
  });
  await new Promise((resolve, reject) => packets.on('end', resolve).on('error', reject));
  return count;
}

/** Our ingest path: bytes → MavlinkReader → decoded message → per-vehicle telemetry. */
function runOurs(chunks: Buffer[], reduce: boolean): number {
  const reader = new MavlinkReader('bench');
  const vehicles: (VehicleTelemetry | undefined)[] = [];
  let now = 0;
  let count = 0;
  const onMessage = (msg: InboundMessage): void => {
    count++;
    if (!reduce) return;
    const state = (vehicles[msg.sysid] ??= createTelemetry(msg.sysid, msg.compid));
    reduceTelemetry(state, msg, now);
  };
  for (const chunk of chunks) {
    now += 1;
    reader.push(chunk, 'peer', onMessage);
  }
  return count;
}

async function rate(run: () => number | Promise<number>, expected: number): Promise<number> {
  const start = process.hrtime.bigint();
  const count = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (count !== expected) throw new Error(`decoded ${count} of ${expected} messages`);
  return count / seconds;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (r: number): string => `${Math.round(r / 1000).toLocaleString('en-US')} k msgs/s`;

/** Median of 3 interleaved runs of each path over the same ~200k-frame stream. */
export async function benchDecode(opts: { frames?: number } = {}): Promise<{ lines: string[] }> {
  const { chunks, count } = buildStream(opts.frames ?? 200_000);
  const warm = buildStream(20_000);
  await runNodeMavlink(warm.chunks);
  runOurs(warm.chunks, true);

  const theirs: number[] = [];
  const ours: number[] = [];
  const oursNoReduce: number[] = [];
  for (let i = 0; i < 3; i++) {
    theirs.push(await rate(() => runNodeMavlink(chunks), count));
    ours.push(await rate(() => runOurs(chunks, true), count));
    oursNoReduce.push(await rate(() => runOurs(chunks, false), count));
  }
  const a = median(theirs);
  const b = median(ours);
  return {
    lines: [
      `decode: ${count.toLocaleString('en-US')} frames from ${VEHICLES} vehicles in ${CHUNK_BYTES}-byte chunks, median of 3`,
      `  node-mavlink splitter → parser → protocol.data: ${fmt(a)}`,
      `  ours MavlinkReader → decode → reduceTelemetry:   ${fmt(b)}`,
      `  ours without the reducer:                       ${fmt(median(oursNoReduce))}`,
      `  ours / node-mavlink: ${(b / a).toFixed(2)}×`,
    ],
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const frames = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const { lines } = await benchDecode({ frames });
  for (const line of lines) console.log(line);
}
