/**
 * CPU time of the bench's processes from Linux /proc, grouped by role: the server, the drone swarm,
 * and each kind of Chromium process (browser, renderer, GPU process where SwiftShader draws, …).
 * Empty elsewhere, so the bench still runs.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface Proc {
  ppid: number;
  cmdline: string;
  /** utime + stime, seconds. */
  cpu: number;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces: split after its closing bracket.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return { ppid: Number(f[1]), cmdline, cpu: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU seconds so far per role, with the wall time of the reading. */
export interface CpuReading {
  at: number;
  byRole: Map<string, number>;
}

/** Reads every process descended from this one, labelled by `role` (null: not counted). */
export function readCpu(role: (pid: number, cmdline: string) => string | null): CpuReading {
  const procs = new Map<number, Proc>();
  let pids: number[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    // not Linux
  }
  for (const pid of pids) {
    const p = readProc(pid);
    if (p) procs.set(pid, p);
  }
  const ours = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const byRole = new Map<string, number>();
  for (const [pid, p] of procs) {
    if (!ours(pid)) continue;
    const r = role(pid, p.cmdline);
    if (r) byRole.set(r, (byRole.get(r) ?? 0) + p.cpu);
  }
  return { at: Date.now(), byRole };
}

/** Chromium processes by their `--type` (the browser process has none). */
export function chromiumRole(cmdline: string): string | null {
  if (!/chrom(e|ium)/i.test(cmdline.split(' ')[0] ?? '')) return null;
  const type = /--type=(\S+)/.exec(cmdline)?.[1];
  return `chromium ${type ?? 'browser'}`;
}

/** Percent of one core per role between two readings, largest first. */
export function cpuShares(a: CpuReading, b: CpuReading): [string, number][] {
  const seconds = (b.at - a.at) / 1000;
  return [...b.byRole]
    .map(([role, cpu]): [string, number] => [role, ((cpu - (a.byRole.get(role) ?? 0)) / seconds) * 100])
    .sort((x, y) => y[1] - x[1]);
}
