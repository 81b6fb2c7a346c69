/**
 * Where the dashboard page's main thread spends its time, from a CDP CPU profile: idle, garbage
 * collection, the browser's own work ("program") and script, and the functions with the most self
 * time (MapLibre keeps its method names through minification, which is enough to tell drawing from
 * data handling).
 */
import type { CDPSession } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Starts sampling the page's main thread (1 ms); the returned function stops and summarises. */
export async function startPageProfile(cdp: CDPSession): Promise<() => Promise<string[]>> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    await cdp.send('Profiler.disable');
    return summarise(profile);
  };
}

function summarise(p: Profile, top = 10): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const us = p.timeDeltas[i] ?? 0;
    if (!n) continue;
    all += us;
    const file = n.callFrame.url.split('/').pop()?.replace(/-[\w-]{8}\.(m?js)$/, '.$1') ?? '';
    const key = file ? `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}` : n.callFrame.functionName;
    self.set(key, (self.get(key) ?? 0) + us);
  }
  const pct = (us: number): string => `${((us / all) * 100).toFixed(1).padStart(5)} %`;
  const idle = self.get('(idle)') ?? 0;
  const gc = self.get('(garbage collector)') ?? 0;
  const program = self.get('(program)') ?? 0;
  const lines = [
    `  page main thread (CPU profile): idle ${pct(idle)}, script ${pct(all - idle - gc - program)}, GC ${pct(gc)}, browser work ("program") ${pct(program)}`,
    `  top ${top} functions by self time (share of the window)`,
  ];
  for (const [key, us] of [...self].filter(([k]) => !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(us)}  ${key}`);
  return lines;
}
