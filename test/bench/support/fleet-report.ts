/** The fleet benchmark's printed table for one fleet size, and its verdict with the reason observed. */
import { availableParallelism } from 'node:os';
import type { WindowResult } from './fleet-watchers.js';

/** Everything measured for one fleet size. CPU figures are percent of one core. */
export interface SizeFigures {
  n: number;
  hz: number;
  clients: number;
  periodMs: number;
  /** Vehicles the server had registered when warm-up ended, and how long that took. */
  registered: number;
  warmupMs: number;
  window: WindowResult;
  serverCpu: number;
  serverRssMb: number;
  serverPeakRssMb: number;
  serverIdleRssMb: number;
  generatorCpu: number;
  generatorLagP99: number;
  generatorSkipped: number;
  sentPerSec: number;
  receivedPerSec: number;
  /** Datagrams over the whole run, counted after the drones paused. */
  sentTotal: number;
  receivedTotal: number;
  sendErrors: number;
  badFrames: number;
  /** Datagrams the kernel dropped at the server's full receive buffer, in the window and over the run (/proc/net/udp). */
  socketDrops: number;
  socketDropsTotal: number;
  benchCpu: number;
  machineCpu: number;
  /** Machine-wide softirq time in the window (kernel network delivery), percent of one core. */
  softirqCpu: number;
  /** Machine CPU in the second before this size started. */
  backgroundCpu: number;
  /** Datagrams/s the server sent back to the drones (GCS heartbeats, requests). */
  repliesPerSec: number;
  /** The server's UDP receive buffer, bytes, and whether the bench set it (A/B) or it is the kernel default. */
  rcvbufBytes: number;
  rcvbufSet: boolean;
  /** The server's event-loop delay, ms: the worst one-second p99, and the maximum. */
  loopDelayP99: number;
  loopDelayMax: number;
  /** Niceness the bench ran its processes at, when set. */
  nice: number | undefined;
  lostAtEnd: number;
}

/** A size holds when every client gets this share of N × rate updates and of the ticks. */
const MIN_DELIVERED = 0.95;
/** …and p99 latency stays within this many fan-out periods (waiting for the tick alone takes up to one). */
const MAX_P99_PERIODS = 1.5;
/** …and at most this share of the window's datagrams goes unread (sent − read, over sent). */
const MAX_UDP_LOSS = 0.01;
/** A process at or above this share of one core is saturated. */
const SATURATED = 0.9;
/**
 * Kernel memory one small datagram takes in a receive buffer on loopback (the skb's truesize), which
 * is what the buffer limit counts, not payload bytes. Measured on this machine kind: the default
 * 212,992-byte buffer holds 256 datagrams of 45–60 bytes, 832 bytes each.
 */
const SKB_BYTES = 832;
/** CPU percent of other processes on the machine worth naming: the bench shares its cores with them. */
const OTHER_LOAD = 30;

interface Derived {
  ideal: number;
  rates: number[];
  batchRates: number[];
  notUpdated: number;
  maxGap: number;
  lost: number;
  cores: number;
  /** CPU of everything but the server, the generator, the bench and softirq: other work on the machine. */
  others: number;
  /** How long the server's receive buffer holds the drones' traffic, ms. */
  bufferMs: number;
}

function derive(f: SizeFigures): Derived {
  const w = f.window;
  return {
    ideal: f.n * f.hz,
    rates: w.perClient.map((c) => c.updates / w.seconds),
    batchRates: w.perClient.map((c) => c.batches / w.seconds),
    notUpdated: f.n - Math.min(...w.perClient.map((c) => c.vehiclesUpdated)),
    maxGap: Math.max(...w.perClient.map((c) => c.maxBatchGapMs)),
    lost: f.sentTotal - f.receivedTotal,
    cores: availableParallelism(),
    others: Math.max(0, f.machineCpu - f.serverCpu - f.generatorCpu - f.benchCpu - f.softirqCpu),
    bufferMs: (f.rcvbufBytes / SKB_BYTES / f.sentPerSec) * 1000,
  };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const r = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-');
const ms = (x: number): string => (Number.isFinite(x) ? `${Math.round(x)} ms` : '-');
const int = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** Fixed-width lines: each measure, its value, the baseline it is set against, and the ratio; then the verdict. */
export function report(f: SizeFigures): string[] {
  const w = f.window;
  const d = derive(f);
  const ticks = 1000 / f.periodMs;
  const planned = f.n * (2 * f.hz + 1);
  const row = (label: string, value: string, baseline = '', ratio = ''): string =>
    `  ${label.padEnd(38)}${value.padStart(10)}  ${baseline.padEnd(40)}${ratio.padStart(6)}`;
  const p = (q: number, h = w.latency): number => h.percentile(q);
  return [
    `fleet N=${f.n}: ${f.n} drones × ${f.hz} Hz, each on its own UDP port, all sysid 1 → server → ${f.clients} socket.io clients; ${w.seconds.toFixed(1)} s window`
      + (f.rcvbufSet ? `; A/B: server UDP receive buffer set to ${int(f.rcvbufBytes)} bytes` : '')
      + (f.nice !== undefined ? `; bench processes at nice ${f.nice}` : ''),
    row('measure', 'value', 'baseline', 'ratio'),
    row('vehicle-updates/s per client, mean', int(mean(d.rates)), `${int(d.ideal)} = N × ${f.hz} Hz`, r(mean(d.rates) / d.ideal)),
    row('vehicle-updates/s, slowest client', int(Math.min(...d.rates)), int(d.ideal), r(Math.min(...d.rates) / d.ideal)),
    row('batches/s per client, mean', mean(d.batchRates).toFixed(2), `${ticks} = one per ${f.periodMs} ms tick`, r(mean(d.batchRates) / ticks)),
    row('bytes/s per client', `${(w.bytes / w.seconds / 1e6).toFixed(1)} MB`, `${int(w.bytes / Math.max(1, w.perClient[0]?.updates ?? 0))} B per vehicle-update`),
    row('latency drone send → client, p50', ms(p(0.5)), `${f.periodMs} ms fan-out period`, r(p(0.5) / f.periodMs)),
    row('latency drone send → client, p99', ms(p(0.99)), `${f.periodMs} ms`, r(p(0.99) / f.periodMs)),
    row('  send → server batch time, p99', ms(p(0.99, w.toEmit)), `${f.periodMs} ms`, r(p(0.99, w.toEmit) / f.periodMs)),
    row('  server batch time → client, p99', ms(p(0.99, w.emitToReceipt)), `${f.periodMs} ms`, r(p(0.99, w.emitToReceipt) / f.periodMs)),
    row('latency drone send → client, max', ms(w.latency.max), `${f.periodMs} ms`, r(w.latency.max / f.periodMs)),
    row('longest gap between batches', ms(d.maxGap), `${f.periodMs} ms`, r(d.maxGap / f.periodMs)),
    row('server CPU', `${Math.round(f.serverCpu)} %`, '100 % = one core', r(f.serverCpu / 100)),
    row('server event-loop delay, worst 1 s p99', ms(f.loopDelayP99), `${ms(d.bufferMs)} of datagrams fit its buffer`, r(f.loopDelayP99 / d.bufferMs)),
    row('server event-loop delay, max', ms(f.loopDelayMax), `${ms(d.bufferMs)}`, r(f.loopDelayMax / d.bufferMs)),
    row('server RSS at end', `${Math.round(f.serverRssMb)} MB`, `idle ${Math.round(f.serverIdleRssMb)} MB; peak ${Math.round(f.serverPeakRssMb)} MB`, r(f.serverRssMb / f.serverIdleRssMb)),
    row('drone generator CPU', `${Math.round(f.generatorCpu)} %`, `send lag p99 ${f.generatorLagP99} ms; ${f.generatorSkipped} slots skipped`, r(f.generatorCpu / 100)),
    row('bench clients CPU (this process)', `${Math.round(f.benchCpu)} %`, '100 % = one core', r(f.benchCpu / 100)),
    row('  its event-loop delay, p99 (max)', ms(w.loopDelayP99), `max ${ms(w.loopDelayMax)}; ${f.periodMs} ms period`, r(w.loopDelayP99 / f.periodMs)),
    row('machine CPU, all processes', `${Math.round(f.machineCpu)} %`, `${100 * d.cores} % = ${d.cores} cores`, r(f.machineCpu / (100 * d.cores))),
    row('  softirq (kernel UDP delivery)', `${Math.round(f.softirqCpu)} %`, `${100 * d.cores} %`, r(f.softirqCpu / (100 * d.cores))),
    row('  other work on the machine', `${Math.round(d.others)} %`, `before start ${Math.round(f.backgroundCpu)} %`, r(d.others / (100 * d.cores))),
    row('UDP datagrams/s sent by drones', int(f.sentPerSec), `${int(planned)} = N × (2 × ${f.hz} + 1)`, r(f.sentPerSec / planned)),
    row('UDP datagrams/s read by server', int(f.receivedPerSec), `${int(f.sentPerSec)} sent`, r(f.receivedPerSec / f.sentPerSec)),
    row('UDP datagrams dropped at server socket', int(f.socketDrops), `${int(f.sentPerSec * w.seconds)} sent in window`, r(f.socketDrops / (f.sentPerSec * w.seconds))),
    row('  its receive buffer', `${int(f.rcvbufBytes / 1024)} KiB`, f.rcvbufSet ? 'set by the bench (A/B)' : 'kernel default (net.core.rmem_default)'),
    row('UDP datagrams not read, whole run', int(d.lost), `of ${int(f.sentTotal)} sent; ${int(f.socketDropsTotal)} dropped by kernel`, r(d.lost / f.sentTotal)),
    row('  send errors; bad input at server', int(f.sendErrors), `bad frames/bytes ${int(f.badFrames)}`),
    row('UDP datagrams/s server → drones', int(f.repliesPerSec), `${int(f.n)} = N × 1 Hz GCS heartbeat`, r(f.repliesPerSec / f.n)),
    row('vehicles not updated in window', int(d.notUpdated), `of ${f.n} (slowest client)`, r(d.notUpdated / f.n)),
    row('vehicles link-lost at end', int(f.lostAtEnd), `${w.lostEvents} lost events in window`),
    `  verdict N=${f.n}: ${judge(f, d)}`,
  ];
}

/** "holds" or "does not hold", what fell short, and the saturated resource or drop that explains it. */
function judge(f: SizeFigures, d: Derived): string {
  const w = f.window;
  const p99 = w.latency.percentile(0.99);
  const ticks = 1000 / f.periodMs;
  const slowest = Math.min(...d.rates) / d.ideal;
  const batches = Math.min(...d.batchRates) / ticks;
  // Steady state only (the run's total also holds the warm-up, when a thousand vehicles register at once),
  // from the socket's own drop counter: sent − read over the window is skewed by what waits in the buffer.
  const loss = f.socketDrops / (f.sentPerSec * w.seconds);

  const shortfalls: string[] = [];
  if (f.registered < f.n) shortfalls.push(`only ${f.registered} of ${f.n} drones registered after ${Math.round(f.warmupMs / 1000)} s`);
  if (slowest < MIN_DELIVERED) shortfalls.push(`slowest client got ${pct(slowest)} of N × ${f.hz} updates/s`);
  if (batches < MIN_DELIVERED) shortfalls.push(`${pct(batches)} of the ticks reached the slowest client`);
  if (!(p99 <= MAX_P99_PERIODS * f.periodMs)) shortfalls.push(`p99 latency ${ms(p99)} is ${r(p99 / f.periodMs)} fan-out periods (limit ${MAX_P99_PERIODS})`);
  if (loss > MAX_UDP_LOSS) shortfalls.push(`${pct(loss)} of datagrams dropped in the window`);
  if (d.notUpdated > 0) shortfalls.push(`${d.notUpdated} vehicles never updated in the window`);
  if (f.lostAtEnd > 0 || w.lostEvents > 0) shortfalls.push(`${Math.max(f.lostAtEnd, w.lostEvents)} vehicles went link-lost`);

  const causes: string[] = [];
  const machineBusy = f.machineCpu >= SATURATED * 100 * d.cores;
  const generatorLate = f.generatorSkipped > 0 || f.generatorLagP99 > f.periodMs;
  if (f.serverCpu >= SATURATED * 100) causes.push(`server CPU saturated (${Math.round(f.serverCpu)} % of its one core)`);
  if (f.socketDrops > 0) {
    causes.push(`kernel dropped ${int(f.socketDrops)} datagrams at the server's full UDP receive buffer, which holds ~${ms(d.bufferMs)} of traffic,`
      + ` while its event loop stalled p99 ${ms(f.loopDelayP99)}, max ${ms(f.loopDelayMax)} (server at ${Math.round(f.serverCpu)} % CPU${machineBusy ? ', machine saturated' : ''})`);
  }
  if (f.generatorCpu >= SATURATED * 100) causes.push(`drone generator saturated (${Math.round(f.generatorCpu)} % CPU)`);
  else if (generatorLate) causes.push(`drone generator ran late (send lag p99 ${f.generatorLagP99} ms) at ${Math.round(f.generatorCpu)} % CPU: waiting for a core`);
  if (f.benchCpu >= SATURATED * 100) causes.push(`bench clients saturated (${Math.round(f.benchCpu)} % CPU)`);
  else if (w.loopDelayP99 > f.periodMs) causes.push(`bench clients ran late (event-loop delay p99 ${ms(w.loopDelayP99)}) at ${Math.round(f.benchCpu)} % CPU: waiting for a core`);
  if (machineBusy) causes.push(`machine saturated (${Math.round(f.machineCpu)} % of ${100 * d.cores} %: server ${Math.round(f.serverCpu)}, generator ${Math.round(f.generatorCpu)}, clients ${Math.round(f.benchCpu)}, softirq ${Math.round(f.softirqCpu)}, other work ${Math.round(d.others)})`);
  else if (d.others >= OTHER_LOAD) causes.push(`other work on the machine used ${Math.round(d.others)} % CPU`);
  if (w.emitToReceipt.percentile(0.99) > f.periodMs) causes.push(`delivery to clients slow (server batch → client p99 ${ms(w.emitToReceipt.percentile(0.99))})`);

  const summary = `every client got ≥ ${pct(slowest)} of N × ${f.hz} updates/s in ${pct(batches)} of the ticks, p99 ${ms(p99)} (${r(p99 / f.periodMs)} periods), ${pct(loss)} datagrams dropped in the window; server ${Math.round(f.serverCpu)} % CPU, machine ${Math.round(f.machineCpu)} % of ${100 * d.cores} %`;
  if (shortfalls.length === 0) {
    return `holds — ${summary}${causes.length > 0 ? `; near the edge: ${causes.join('; ')}` : ''}`;
  }
  return `does not hold — ${shortfalls.join('; ')}; because: ${causes.length > 0 ? causes.join('; ') : 'no saturated resource seen (profile the server with --profile)'}`;
}
