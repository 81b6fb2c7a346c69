/** What the plan command prints: estimates, findings, and for `check` the items. */
import type { Estimates } from '../../../missions/estimate.js';
import type { MissionItem } from '../../../missions/mission-item.js';
import type { Finding } from '../../../missions/validate.js';

function duration(s: number): string {
  const t = Math.round(s);
  return `${Math.floor(t / 60)} min ${String(t % 60).padStart(2, '0')} s`;
}

export function estimateLines(e: Estimates): string[] {
  return [
    `distance   ${(e.distanceM / 1000).toFixed(2)} km`,
    `time       ${duration(e.flightTimeS)}`,
    `photos     ${e.photoCount}`,
    ...(e.areaM2 !== null ? [`area       ${(e.areaM2 / 10_000).toFixed(2)} ha`] : []),
    `items      ${e.itemCount}`,
  ];
}

/** Findings of one kind repeated along a plan are shown this many times, then counted. */
const SHOWN_PER_CODE = 3;

export function findingLines(findings: Finding[]): string[] {
  if (findings.length === 0) return ['no findings: the plan is valid'];
  const lines: string[] = [];
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = (seen.get(f.code) ?? 0) + 1;
    seen.set(f.code, n);
    if (n <= SHOWN_PER_CODE) lines.push(`${f.severity === 'error' ? 'error  ' : 'warning'}  ${f.message}`);
  }
  for (const [code, n] of seen) if (n > SHOWN_PER_CODE) lines.push(`         … and ${n - SHOWN_PER_CODE} more ${code}`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(`${errors} error(s), ${findings.length - errors} warning(s)`);
  return lines;
}

const fmt = (v: number) => (Number.isNaN(v) ? 'NaN' : String(Math.round(v * 1e7) / 1e7));

/** One line per item: seq, command, frame, params, position. */
export function itemLines(items: MissionItem[]): string[] {
  return items.map((i) => {
    const pos = i.x !== 0 || i.y !== 0 ? ` at ${(i.x / 1e7).toFixed(7)}, ${(i.y / 1e7).toFixed(7)}` : '';
    return `${String(i.seq).padStart(4)}  cmd ${String(i.command).padEnd(5)} frame ${i.frame}  p ${[i.param1, i.param2, i.param3, i.param4].map(fmt).join(' ')}${pos}  alt ${fmt(i.z)}`;
  });
}
