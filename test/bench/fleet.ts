/**
 * Fleet benchmark: N drones at 10 Hz, each on its own UDP address and all system id 1 → the server
 * (its own process, as `npm start` runs it) → several Socket.IO clients. Measures delivered
 * vehicle-updates and batches per client, latency from each drone's send to a client's receipt,
 * and the CPU and memory of the server, the drone generator and the clients, and prints each
 * against its ideal: N × 10 vehicle-updates/s per client, one batch per 100 ms tick.
 * Run alone with `npx tsx test/bench/fleet.ts [N ...]`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FAN_OUT_MS } from '../../server/telemetry/fan-out.js';
import { largestProfile, summarizeProfile } from './support/cpu-profile-summary.js';
import { report, type SizeFigures } from './support/fleet-report.js';
import { connectWatchers, type FleetWatchers } from './support/fleet-watchers.js';
import { cpuPercent, defaultRcvbuf, machineCounters, machineCpuPercent, udpSocketCounters } from './support/proc-counters.js';
import { startServerProcess, type Health, type ServerProcess } from './support/server-process.js';
import { startSwarm, type SwarmProcess } from './support/swarm-process.js';

export interface FleetBenchOptions {
  /** Fleet sizes, one server run each (default 50, 200, 1000). */
  sizes?: number[];
  /** Measurement window per size (default 10 s). */
  seconds?: number;
  /** Socket.IO clients (default 5). */
  clients?: number;
  /** Position and attitude rate per drone (default 10 Hz). */
  hz?: number;
  /** Write a server CPU profile per size here and summarise it. */
  profileDir?: string | null;
  /** A/B: give the server's UDP socket this kernel receive buffer (bytes) through a preload. */
  serverRcvbuf?: number | null;
  /**
   * Niceness for the server and the drone generator (the caller sets its own), e.g. -10 on a machine
   * shared with other work, so the bench measures the platform rather than the neighbours. Below 0 needs root.
   */
  nice?: number;
  /** Progress notes while it runs (default: none). */
  progress?: (note: string) => void;
}

const ROOT = join(import.meta.dirname, '../..');
/** Bounded wait for every drone to be registered and known to every client. */
const WARMUP_TIMEOUT_MS = 30_000;
/** After warm-up, before measuring: stream and version requests settle, the JIT warms. */
const SETTLE_MS = 2_000;
/** After the drones pause, how long the server may take to read what is queued (a large buffer can hold seconds). */
const DRAIN_TIMEOUT_MS = 10_000;
const DRAIN_POLL_MS = 200;
/** Machine load sampled before each size starts. */
const BACKGROUND_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every size in turn, each with a fresh server, generator and clients. */
export async function benchFleet(opts: FleetBenchOptions = {}): Promise<{ lines: string[] }> {
  const sizes = opts.sizes ?? [50, 200, 1000];
  const seconds = opts.seconds ?? 10;
  const clients = opts.clients ?? 5;
  const hz = opts.hz ?? 10;
  const lines: string[] = [];
  for (const n of sizes) {
    opts.progress?.(`fleet: N=${n}…`);
    try {
      lines.push(...(await measureSize({ n, seconds, clients, hz, profileDir: opts.profileDir ?? null, serverRcvbuf: opts.serverRcvbuf ?? null, nice: opts.nice, progress: opts.progress })), '');
    } catch (err) {
      // One size failing (a child that would not start) must not lose the others' figures.
      lines.push(`fleet N=${n}: failed: ${(err as Error).message}`, '');
    }
  }
  return { lines };
}

interface SizeOptions {
  n: number;
  seconds: number;
  clients: number;
  hz: number;
  profileDir: string | null;
  serverRcvbuf: number | null;
  nice: number | undefined;
  progress?: (note: string) => void;
}

async function measureSize(o: SizeOptions): Promise<string[]> {
  // A directory per run: node writes one profile per thread (tsx's loader runs in a worker), the main thread's is the largest.
  const profileDir = o.profileDir ? join(o.profileDir, `server-n${o.n}-${Date.now()}`) : null;
  const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  // What the machine is busy with before the bench adds anything: other work shares these cores.
  const bg0 = machineCounters();
  await sleep(BACKGROUND_MS);
  const backgroundCpu = machineCpuPercent(bg0, machineCounters());
  let server: ServerProcess | null = null;
  let watchers: FleetWatchers | null = null;
  let swarm: SwarmProcess | null = null;
  let figures: SizeFigures;
  try {
    server = await startServerProcess({ cwd: ROOT, nodeArgs, env: o.serverRcvbuf ? { BENCH_UDP_RCVBUF: String(o.serverRcvbuf) } : {}, nice: o.nice });
    const idle = await server.health();
    watchers = await connectWatchers(server.url, o.clients, server.token);
    swarm = await startSwarm({ target: `127.0.0.1:${server.udpPort}`, count: o.n, hz: o.hz, cwd: ROOT, nice: o.nice });

    const warmStart = Date.now();
    let registered = 0;
    while (Date.now() - warmStart < WARMUP_TIMEOUT_MS) {
      registered = (await server.health()).vehicles;
      if (registered >= o.n && watchers.minKnown() >= o.n) break;
      await sleep(250);
    }
    const warmupMs = Date.now() - warmStart;
    await sleep(SETTLE_MS);
    o.progress?.(`fleet: N=${o.n} registered ${registered} in ${warmupMs} ms; measuring ${o.seconds} s`);

    const h0 = await server.health();
    const t0 = Date.now();
    // Read together, so the sent and received counts cover nearly the same span.
    const [links0, g0] = await Promise.all([server.links(), swarm.stats()]);
    const u0 = udpSocketCounters(server.udpPort);
    const m0 = machineCounters();
    const b0 = process.cpuUsage();
    const probesFrom = server.probes.length;
    watchers.startWindow();
    let h1: Health = h0;
    let peakRss = h0.memory.rss;
    for (let s = 0; s < o.seconds; s++) {
      await sleep(1000);
      h1 = await server.health();
      peakRss = Math.max(peakRss, h1.memory.rss);
    }
    const t1 = Date.now();
    const counted = watchers.endWindow();
    const b1 = process.cpuUsage();
    const m1 = machineCounters();
    const [links1, g1] = await Promise.all([server.links(), swarm.stats()]);
    const u1 = udpSocketCounters(server.udpPort);
    const probes = server.probes.slice(probesFrom);

    // Pause the drones and let the server read what is queued: sent and read totals then compare exactly.
    const gEnd = await swarm.pause();
    let linksEnd = await server.links();
    for (const drainStart = Date.now(); Date.now() - drainStart < DRAIN_TIMEOUT_MS;) {
      await sleep(DRAIN_POLL_MS);
      const again = await server.links();
      const settled = sum(again, 'packetsIn') === sum(linksEnd, 'packetsIn') && (udpSocketCounters(server.udpPort)?.rxQueueBytes ?? 0) === 0;
      linksEnd = again;
      if (settled) break;
    }
    const uEnd = udpSocketCounters(server.udpPort);
    const vehicles = await server.vehicles();
    const sec = (t1 - t0) / 1000;
    figures = {
      n: o.n,
      hz: o.hz,
      clients: o.clients,
      periodMs: FAN_OUT_MS,
      registered,
      warmupMs,
      window: counted,
      serverCpu: cpuPercent(h0.cpu, h1.cpu, sec),
      serverRssMb: h1.memory.rss / 2 ** 20,
      serverPeakRssMb: peakRss / 2 ** 20,
      serverIdleRssMb: idle.memory.rss / 2 ** 20,
      generatorCpu: cpuPercent({ user: g0.cpuUser, system: g0.cpuSystem }, { user: g1.cpuUser, system: g1.cpuSystem }, sec),
      generatorLagP99: g1.lagP99,
      generatorSkipped: g1.skippedSlots - g0.skippedSlots,
      sentPerSec: (g1.datagrams - g0.datagrams) / sec,
      receivedPerSec: (sum(links1, 'packetsIn') - sum(links0, 'packetsIn')) / sec,
      sentTotal: gEnd.datagrams,
      receivedTotal: sum(linksEnd, 'packetsIn'),
      repliesPerSec: (g1.received - g0.received) / sec,
      sendErrors: gEnd.sendErrors,
      badFrames: sum(linksEnd, 'badCrc') + sum(linksEnd, 'garbageBytes') + sum(linksEnd, 'unknownId'),
      socketDrops: u0 && u1 ? u1.drops - u0.drops : NaN,
      socketDropsTotal: uEnd?.drops ?? NaN,
      benchCpu: cpuPercent(b0, b1, sec),
      machineCpu: machineCpuPercent(m0, m1),
      softirqCpu: machineCpuPercent(m0, m1, 'softirq'),
      backgroundCpu,
      rcvbufBytes: probes.find((p) => p.rcvbuf !== undefined)?.rcvbuf ?? defaultRcvbuf(),
      rcvbufSet: o.serverRcvbuf !== null,
      loopDelayP99: maxOf(probes.map((p) => p.p99)),
      loopDelayMax: maxOf(probes.map((p) => p.max)),
      nice: o.nice,
      lostAtEnd: vehicles.filter((v) => v.linkState === 'lost').length,
    };
  } finally {
    watchers?.close();
    await swarm?.stop().catch(() => {});
    await server?.stop();
  }
  const lines = report(figures!);
  if (profileDir) {
    const file = largestProfile(profileDir);
    lines.push(...(file ? summarizeProfile(file, ROOT) : [`  (no server CPU profile was written to ${profileDir})`]));
  }
  return lines;
}

/** The largest value, NaN for none (a window shorter than the probe's one-second period). */
function maxOf(xs: number[]): number {
  return xs.length === 0 ? NaN : Math.max(...xs);
}

function sum<K extends string>(rows: Record<K, number>[], key: K): number {
  return rows.reduce((a, r) => a + r[key], 0);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const { lines } = await benchFleet({ sizes: sizes.length > 0 ? sizes : undefined, progress: (s) => process.stderr.write(`${s}\n`) });
  for (const line of lines) console.log(line);
}
