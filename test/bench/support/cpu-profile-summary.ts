/** Where a V8 `.cpuprofile` (node --cpu-prof) spent its time: self time by area and function, and our code's inclusive time. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Areas to group self time by, first match wins (a file path fragment, or a V8 pseudo-node). */
const AREAS: readonly [string, (url: string, fn: string) => boolean][] = [
  ['idle', (_u, fn) => fn === '(idle)'],
  ['garbage collection', (_u, fn) => fn === '(garbage collector)'],
  ['native / program', (u, fn) => u === '' && fn.startsWith('(')],
  ['socket.io / engine.io / ws', (u) => /node_modules\/(socket\.io|engine\.io|ws|socket\.io-parser|socket\.io-adapter)\//.test(u)],
  ['fastify / pino', (u) => /node_modules\/(fastify|@fastify|pino|sonic-boom|avvio|find-my-way|light-my-request)/.test(u)],
  ['node-mavlink / mappings', (u) => /node_modules\/(node-mavlink|mavlink-mappings)\//.test(u)],
  ['other node_modules', (u) => u.includes('node_modules/')],
  ['hardware/ (link, codec, vehicle)', (u) => u.includes('/hardware/')],
  ['server/ (fleet, fan-out, gateway)', (u) => u.includes('/server/')],
  ['node internals and natives', () => true],
];

/** The largest `.cpuprofile` in `dir` (the main thread's, when workers wrote theirs too), or null. */
export function largestProfile(dir: string): string | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  files.sort((a, b) => statSync(b).size - statSync(a).size);
  return files[0] ?? null;
}

/**
 * Lines for the report: self time by area, the `top` functions by self time, and the `top`
 * functions of our own code (hardware/, server/) by inclusive time. Shares are of busy time (idle left out).
 */
export function summarizeProfile(file: string, root: string, top = 10): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode): string => {
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    return `${n.callFrame.functionName || '(anonymous)'}${url ? ` ${url.startsWith('/') ? relative(root, url) : url}` : ''}`;
  };

  const areas = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const leaf = byId.get(profile.samples[i])!;
    const us = profile.timeDeltas[i] ?? 0;
    const area = AREAS.find(([, match]) => match(leaf.callFrame.url, leaf.callFrame.functionName))![0];
    areas.set(area, (areas.get(area) ?? 0) + us);
    if (area === 'idle') continue;
    busy += us;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + us);
    // Each of our functions on the stack counts once per sample, however deep it recurses.
    const onStack = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      if (/\/(hardware|server)\//.test(node.callFrame.url)) onStack.add(name(node));
    }
    for (const key of onStack) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }

  const pct = (us: number): string => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
  const ranked = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  const lines = [`  server CPU profile (whole server run, warm-up included): ${file}`, `  ${(busy / 1e6).toFixed(1)} s busy; self time by area, share of busy time`];
  for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1])) if (area !== 'idle') lines.push(`    ${pct(us)}  ${area}`);
  lines.push(`  top ${top} functions by self time`);
  for (const [key, us] of ranked(self)) lines.push(`    ${pct(us)}  ${key}`);
  lines.push(`  top ${top} of our functions by inclusive time (what they and their callees cost)`);
  for (const [key, us] of ranked(inclusive)) lines.push(`    ${pct(us)}  ${key}`);
  return lines;
}
