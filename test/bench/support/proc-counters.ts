/**
 * Counters from Linux /proc: CPU time of all cores, and one UDP socket's receive queue and drops
 * (a full receive buffer drops datagrams there). Zeroes or null elsewhere, so the bench still runs.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface MachineCounters {
  /** Jiffies busy and in all, summed over cores. */
  busy: number;
  total: number;
  /** Jiffies in softirq: on loopback, much of UDP delivery is done there, charged to no process. */
  softirq: number;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Reads the counters now. */
export function machineCounters(): MachineCounters {
  const cpuLine = read('/proc/stat').split('\n').find((l) => l.startsWith('cpu ')) ?? '';
  const t = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  const total = t.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (t[3] ?? 0) + (t[4] ?? 0); // idle + iowait
  return { busy: total - idle, total, softirq: t[6] ?? 0 };
}

/** Busy (or softirq) share of the whole machine between two readings, in percent of one core (2 cores: up to 200 %). */
export function machineCpuPercent(a: MachineCounters, b: MachineCounters, what: 'busy' | 'softirq' = 'busy'): number {
  const total = b.total - a.total;
  return total > 0 ? ((b[what] - a[what]) / total) * 100 * cpus().length : NaN;
}

/** CPU percent of one core from two process.cpuUsage()-style readings (µs) over `seconds`. */
export function cpuPercent(a: { user: number; system: number }, b: { user: number; system: number }, seconds: number): number {
  return ((b.user - a.user + b.system - a.system) / 1e6 / seconds) * 100;
}

/** The kernel's default socket receive buffer (net.core.rmem_default), bytes; NaN when unknown. */
export function defaultRcvbuf(): number {
  return Number(read('/proc/sys/net/core/rmem_default').trim() || NaN);
}

/** One UDP socket's kernel counters: bytes waiting to be read, and datagrams dropped at its full receive buffer. */
export interface UdpSocketCounters {
  rxQueueBytes: number;
  drops: number;
}

/** The counters of the IPv4 UDP socket bound to 127.0.0.1:`port` (from /proc/net/udp), or null when not found. */
export function udpSocketCounters(port: number): UdpSocketCounters | null {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of read('/proc/net/udp').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    if (f[1] !== local) continue;
    return { rxQueueBytes: parseInt(f[4].split(':')[1], 16), drops: Number(f[12]) };
  }
  return null;
}
