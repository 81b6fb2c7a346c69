/**
 * Load generator for the fleet benchmark, run as a child process (`fork`) so its CPU is its own:
 * N drones, each on its own UDP socket (its own source port), all system 1 component 1, as real
 * fleets look. Each sends HEARTBEAT (ArduPilot copter, armed) at 1 Hz and GLOBAL_POSITION_INT +
 * ATTITUDE at `hz`, one datagram per frame, staggered evenly over the period by one timer.
 * The longitude carries the send time (see send-time.ts).
 *
 * Talks to its parent over IPC: sends `ready` once every socket is bound, answers `stats`, stops
 * sending on `pause`, exits on `stop` or when the parent goes away.
 */
import { createSocket, type Socket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { common } from 'node-mavlink';
import { degE7, heartbeat, message } from '../../../hardware/mavlink/messages.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';
import { MsHistogram } from './ms-histogram.js';
import { encodeSendTime } from './send-time.js';

/** Parent → swarm. */
export type SwarmCommand = { kind: 'stats' } | { kind: 'pause' } | { kind: 'stop' };

/** Swarm → parent. Counters are totals since start; the lag figures cover the time since the previous `stats`. */
export type SwarmReport =
  | { kind: 'ready'; drones: number }
  | { kind: 'stats'; stats: SwarmStats }
  | { kind: 'failed'; error: string };

export interface SwarmStats {
  /** Datagrams handed to the kernel, and bytes in them. */
  datagrams: number;
  bytes: number;
  sendErrors: number;
  /** Datagrams the server sent back (GCS heartbeats, requests). */
  received: number;
  /** Send slots given up because the timer fell more than a whole period behind. */
  skippedSlots: number;
  /** process.cpuUsage(), µs. */
  cpuUser: number;
  cpuSystem: number;
  /** How late slots went out after their scheduled time, ms. */
  lagP99: number;
  lagMax: number;
}

const LAT_BASE_E7 = degE7(26.6);
/** Drones sit 0.0005° (~55 m) apart in latitude, so each one's position is distinct. */
const LAT_STEP_E7 = 5_000;
/** One timer drives every drone; each tick sends the slots that have come due. */
const TICK_MS = 2;

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    count: { type: 'string' },
    hz: { type: 'string', default: '10' },
  },
});
const [host, portText] = (values.target ?? '').split(':');
const port = Number(portText);
const count = Number(values.count);
const periodMs = 1000 / Number(values.hz);
/** Periods between a drone's heartbeats: 1 Hz. */
const heartbeatEvery = Math.max(1, Math.round(1000 / periodMs));
if (!host || !Number.isInteger(port) || !Number.isInteger(count) || count < 1 || !(periodMs > 0)) {
  throw new Error('usage: drone-swarm.ts --target host:port --count N [--hz 10]');
}

const report = (r: SwarmReport): void => {
  process.send?.(r);
};

// Messages built once and reused; only the changing fields are written before each encode.
const hb = heartbeat({ type: 2, autopilot: 3, baseMode: 0x59 | 0x80, customMode: 5, systemStatus: 4 });
const position = message(common.GlobalPositionInt, { alt: 1_120_000, relativeAlt: 60_000, vx: 500, vy: 0, vz: 0, hdg: 9_000 });
const attitude = message(common.Attitude, { roll: 0.01, pitch: -0.02, yaw: 0 });

const sockets: Socket[] = [];
const writers: MavlinkWriter[] = [];
const stats: SwarmStats = { datagrams: 0, bytes: 0, sendErrors: 0, received: 0, skippedSlots: 0, cpuUser: 0, cpuSystem: 0, lagP99: 0, lagMax: 0 };
const lag = new MsHistogram(10_000);
const onSent = (err: Error | null): void => {
  if (err) stats.sendErrors++;
};
const onReceived = (): void => {
  stats.received++;
};

function send(i: number, bytes: Buffer): void {
  stats.datagrams++;
  stats.bytes += bytes.length;
  sockets[i].send(bytes, onSent);
}

async function openSockets(): Promise<void> {
  for (let i = 0; i < count; i++) {
    const socket = createSocket('udp4');
    socket.on('error', () => stats.sendErrors++);
    socket.on('message', onReceived);
    // Connected: the kernel fills in the destination, and only the server's replies come back.
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => socket.connect(port, host, () => {
        socket.off('error', reject);
        resolve();
      }));
    });
    sockets.push(socket);
    writers.push(new MavlinkWriter(1, 1));
  }
}

let startMs = 0;
const slotMs = periodMs / count;
let doneSlots = 0;
let timer: NodeJS.Timeout | null = null;

/** Slot k is drone k mod N in period ⌊k / N⌋, due at start + k × period / N. */
function tick(): void {
  const now = Date.now();
  const due = Math.floor((now - startMs) / slotMs) + 1;
  if (due - doneSlots > count) {
    stats.skippedSlots += due - count - doneSlots;
    doneSlots = due - count;
  }
  for (; doneSlots < due; doneSlots++) {
    const drone = doneSlots % count;
    const periodIndex = Math.floor(doneSlots / count);
    lag.add(now - (startMs + doneSlots * slotMs));
    const writer = writers[drone];
    // Heartbeats staggered too (at 10 Hz a tenth of the drones beat in each period); all beat in the first.
    if (periodIndex === 0 || (periodIndex + drone) % heartbeatEvery === 0) send(drone, writer.encode(hb));
    position.timeBootMs = (now - startMs) >>> 0;
    position.lat = LAT_BASE_E7 + drone * LAT_STEP_E7;
    position.lon = encodeSendTime(now);
    send(drone, writer.encode(position));
    attitude.timeBootMs = position.timeBootMs;
    attitude.yaw = ((now % 6283) / 1000) - Math.PI;
    send(drone, writer.encode(attitude));
  }
}

function snapshot(): SwarmStats {
  const cpu = process.cpuUsage();
  const s = { ...stats, cpuUser: cpu.user, cpuSystem: cpu.system, lagP99: lag.percentile(0.99), lagMax: lag.max };
  lag.reset();
  return s;
}

function pause(): void {
  if (timer) clearInterval(timer);
  timer = null;
}

async function stop(): Promise<void> {
  pause();
  await Promise.allSettled(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  process.exit(0);
}

process.on('message', (cmd: SwarmCommand) => {
  switch (cmd.kind) {
    case 'stats':
      report({ kind: 'stats', stats: snapshot() });
      return;
    case 'pause':
      pause();
      report({ kind: 'stats', stats: snapshot() });
      return;
    case 'stop':
      void stop();
      return;
  }
});
// Never outlive the bench.
process.on('disconnect', () => void stop());

try {
  await openSockets();
} catch (err) {
  report({ kind: 'failed', error: (err as Error).message });
  process.exit(1);
}
startMs = Date.now();
timer = setInterval(tick, TICK_MS);
report({ kind: 'ready', drones: count });
