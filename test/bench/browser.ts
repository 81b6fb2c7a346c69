/**
 * Browser benchmark: the dashboard in headless Chromium (software WebGL) against the real server
 * (its own process, serving the built dist/web), signed in as a viewer, with N drones at 10 Hz
 * from the UDP swarm. Per size, in the same page: the ceiling (frames per second while the map
 * only repaints, no drones), then frames per second with the drones as a share of it, latency from
 * each drone's send to the frame that draws its new position, CPU by process and where the page's
 * main thread spends its time. At the largest size a long run (default 10 min) samples the page's
 * JS heap for growth. Run alone with `npx tsx test/bench/browser.ts [N ...]`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, openCheckedPage, signIn } from '../support/browser.js';
import { fpsBetween, histCount, histPercentile, INSTALL_PROBE, type ProbeReading } from './support/browser-probe.js';
import { startPageProfile } from './support/page-profile.js';
import { chromiumRole, cpuShares, readCpu } from './support/process-cpu.js';
import { machineCounters, machineCpuPercent } from './support/proc-counters.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { startSwarm, type SwarmProcess } from './support/swarm-process.js';

export interface BrowserBenchOptions {
  /** Fleet sizes, a fresh server and page each (default 50, 200, 500). */
  sizes?: number[];
  /** Measurement window per size, s (default 20). */
  seconds?: number;
  /** Long run at the largest size for page memory, min (default 10; 0 skips it). */
  minutes?: number;
  /** Ceiling measurement, s (default 10). */
  ceilingSeconds?: number;
  hz?: number;
  /** A CPU profile of the page's main thread over each window (default true). */
  profile?: boolean;
  progress?: (note: string) => void;
}

const ROOT = join(import.meta.dirname, '../..');
const WEB_ROOT = join(ROOT, 'dist/web');
const VIEWPORT = { width: 800, height: 600 };
const WARMUP_TIMEOUT_MS = 90_000;
const SETTLE_MS = 3_000;
const HEAP_SAMPLE_MS = 30_000;
/** Goals from the issue. */
const GOAL_RATIO = 0.8;
const GOAL_P99_MS = 250;
/** Heap growth over the long run below this is noise, not growth. */
const GROWTH_NOISE_MB = 2;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');

export async function benchBrowser(opts: BrowserBenchOptions = {}): Promise<{ lines: string[] }> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return { lines: ['browser: dist/web is missing: run `npm run build` first'] };
  const sizes = opts.sizes ?? [50, 200, 500];
  const largest = Math.max(...sizes);
  const lines: string[] = [];
  const browser = await launchBrowser();
  try {
    for (const n of sizes) {
      opts.progress?.(`browser: N=${n}…`);
      try {
        lines.push(...(await measureSize(browser, n, { ...opts, soakMinutes: n === largest ? (opts.minutes ?? 10) : 0 })), '');
      } catch (err) {
        lines.push(`browser N=${n}: failed: ${(err as Error).message}`, '');
      }
    }
  } finally {
    await browser.close();
  }
  return { lines };
}

type SizeOptions = BrowserBenchOptions & { soakMinutes: number };

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function gcHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await metrics(cdp)).JSHeapUsedSize;
}

/**
 * Polls a page expression until it is true. Expressions go as text (Runtime.evaluate), as the
 * server's Content-Security-Policy forbids the eval that a text predicate in waitForFunction needs.
 */
async function waitInPage(page: Page, expression: string, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await sleep(everyMs);
  }
}

const read = (page: Page): Promise<ProbeReading> => page.evaluate('window.__benchProbe.read()') as Promise<ProbeReading>;

/** A viewer account, made with the bench's admin token. */
async function viewerAccount(server: ServerProcess): Promise<{ username: string; password: string }> {
  const account = { username: 'bench-viewer', password: randomBytes(18).toString('base64url') };
  const res = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...account, roles: ['viewer'] }),
  });
  if (res.status !== 201) throw new Error(`creating the viewer: HTTP ${res.status} ${await res.text()}`);
  return account;
}

async function measureSize(browser: Browser, n: number, o: SizeOptions): Promise<string[]> {
  const seconds = o.seconds ?? 20;
  const hz = o.hz ?? 10;
  const bg0 = machineCounters();
  await sleep(1000);
  const backgroundCpu = machineCpuPercent(bg0, machineCounters());
  let server: ServerProcess | null = null;
  let swarm: SwarmProcess | null = null;
  const checked = await openCheckedPage(browser, { viewport: VIEWPORT });
  const lines: string[] = [];
  try {
    server = await startServerProcess({ cwd: ROOT });
    const account = await viewerAccount(server);
    await signIn(checked, `${server.url}/`, account.username, account.password);
    const page = checked.page;
    await waitInPage(page, 'window.__fleet.mapReady()', 30_000);
    await page.evaluate(INSTALL_PROBE);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    // The ceiling: this page, this map, repainting every frame with nothing to draw but the map.
    await page.evaluate('window.__benchProbe.repaint(true)');
    await sleep(1000);
    const c0 = await read(page);
    await sleep((o.ceilingSeconds ?? 10) * 1000);
    const ceiling = fpsBetween(c0, await read(page));

    // Drones are drawn as the dashboard draws them: a frame when data changes.
    await page.evaluate('window.__benchProbe.repaint(false)');
    const serverPid = server.pid;
    swarm = await startSwarm({ target: `127.0.0.1:${server.udpPort}`, count: n, hz, cwd: ROOT });
    const swarmPid = swarm.pid;
    const role = (pid: number, cmd: string): string | null => (pid === serverPid ? 'server' : pid === swarmPid ? 'drone swarm' : chromiumRole(cmd));
    const warmStart = Date.now();
    await waitInPage(page, `window.__fleet.vehicleCount() >= ${n} && Object.keys(window.__fleet.mapVehicles()).length >= ${n}`, WARMUP_TIMEOUT_MS, 500);
    const warmupMs = Date.now() - warmStart;
    await sleep(SETTLE_MS);
    o.progress?.(`browser: N=${n} on the map in ${warmupMs} ms; measuring ${seconds} s as the dashboard draws, then ${seconds} s repainting every frame`);

    const heapStart = await gcHeap(cdp);
    const normal = await measureWindow(page, cdp, seconds, role, o.profile !== false);
    await page.evaluate('window.__benchProbe.repaint(true)');
    await sleep(SETTLE_MS);
    const forced = await measureWindow(page, cdp, seconds, role, false);
    await page.evaluate('window.__benchProbe.repaint(false)');

    const ratio = forced.fps.map / ceiling.map;
    const p = histPercentile;
    const lat = normal.reading;
    const p99 = p(lat.total, 0.99);
    lines.push(
      `browser N=${n} at ${hz} Hz (${VIEWPORT.width}×${VIEWPORT.height}, software WebGL), ${seconds} s windows; on the map ${(warmupMs / 1000).toFixed(1)} s after the swarm started; machine ${backgroundCpu.toFixed(0)} % of ${100 * cpus().length} % busy before the bench`,
      `  frame rate repainting every frame: ceiling ${ceiling.map.toFixed(1)} fps (no drones) → ${forced.fps.map.toFixed(1)} fps with ${n} drones = ${ratio.toFixed(2)} of ceiling (goal ≥ ${GOAL_RATIO}: ${met(ratio >= GOAL_RATIO)})`,
      `  latency drone send → marker drawn, as the dashboard draws: p50 ${p(lat.total, 0.5)} ms, p90 ${p(lat.total, 0.9)} ms, p99 ${p99} ms over ${histCount(lat.total)} moves (goal p99 < ${GOAL_P99_MS} ms: ${met(p99 < GOAL_P99_MS)})`,
      `    send → setData (server ingest, 100 ms batch, socket, page tick) p50 ${p(lat.toSetData, 0.5)} / p99 ${p(lat.toSetData, 0.99)} ms; setData → drawn p50 ${p(lat.setDataToDrawn, 0.5)} / p99 ${p(lat.setDataToDrawn, 0.99)} ms; ${lat.drawnUpdates} of ${lat.setDataCalls} updates drawn, ${normal.fps.map.toFixed(1)} map frames/s`,
      `    while repainting every frame: p50 ${p(forced.reading.total, 0.5)} ms, p99 ${p(forced.reading.total, 0.99)} ms`,
      ...normal.lines.map((l) => `  as the dashboard draws: ${l.trimStart()}`),
      ...forced.lines.map((l) => `  repainting every frame: ${l.trimStart()}`),
    );

    if (o.soakMinutes > 0) lines.push(...(await soak(page, cdp, o, heapStart)));
    if (checked.problems.length > 0) lines.push(`  page problems: ${checked.problems.slice(0, 3).join(' | ')}`);
  } finally {
    await swarm?.stop().catch(() => {});
    await checked.close().catch(() => {});
    await server?.stop();
  }
  return lines;
}

interface WindowFigures {
  fps: { map: number; animation: number };
  /** Counters and histograms over the window alone (the probe is reset at its start). */
  reading: ProbeReading;
  lines: string[];
}

/** One measurement window: the probe's figures, main-thread time, CPU by process, and optionally a page CPU profile. */
async function measureWindow(page: Page, cdp: CDPSession, seconds: number, role: (pid: number, cmd: string) => string | null, profile: boolean): Promise<WindowFigures> {
  await page.evaluate('window.__benchProbe.reset()');
  const m0 = await metrics(cdp);
  const cpu0 = readCpu(role);
  const mc0 = machineCounters();
  const stopProfile = profile ? await startPageProfile(cdp) : null;
  const r0 = await read(page);
  await sleep(seconds * 1000);
  const r1 = await read(page);
  const profileLines = stopProfile ? await stopProfile() : [];
  const cpu1 = readCpu(role);
  const mc1 = machineCounters();
  const m1 = await metrics(cdp);
  const busy = (name: string): string => `${((((m1[name] ?? 0) - (m0[name] ?? 0)) / seconds) * 100).toFixed(0)} %`;
  return {
    fps: fpsBetween(r0, r1),
    reading: r1,
    lines: [
      `  page main thread (CDP): tasks ${busy('TaskDuration')}, script ${busy('ScriptDuration')}, layout ${busy('LayoutDuration')}, style ${busy('RecalcStyleDuration')} of the window`,
      `  CPU, % of one core (machine ${machineCpuPercent(mc0, mc1).toFixed(0)} % of ${100 * cpus().length} %): ${cpuShares(cpu0, cpu1).map(([r, pct]) => `${r} ${pct.toFixed(0)}`).join(', ')}`,
      ...profileLines,
    ],
  };
}

/** Keeps the drones going for the long run, sampling the page's heap; reports growth, frame rate and latency over it. */
async function soak(page: Page, cdp: CDPSession, o: SizeOptions, heapStart: number): Promise<string[]> {
  const started = Date.now();
  const end = started + o.soakMinutes * 60_000;
  await page.evaluate('window.__benchProbe.reset()');
  const r0 = await read(page);
  const samples: [number, number][] = [];
  while (Date.now() < end) {
    await sleep(Math.min(HEAP_SAMPLE_MS, end - Date.now()));
    const used = (await metrics(cdp)).JSHeapUsedSize;
    samples.push([(Date.now() - started) / 60_000, used]);
    o.progress?.(`browser: long run ${((Date.now() - started) / 60_000).toFixed(1)} of ${o.soakMinutes} min, heap ${mb(used)} MB`);
  }
  const r1 = await read(page);
  const heapEnd = await gcHeap(cdp);
  const slope = slopeMbPerMinute(samples);
  const growth = (heapEnd - heapStart) / 2 ** 20;
  const fps = fpsBetween(r0, r1);
  return [
    `  long run ${o.soakMinutes} min: JS heap after GC ${mb(heapStart)} MB at start → ${mb(heapEnd)} MB at end (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB); between GCs ${mb(Math.min(...samples.map((s) => s[1])))}–${mb(Math.max(...samples.map((s) => s[1])))} MB, trend ${slope >= 0 ? '+' : ''}${slope.toFixed(2)} MB/min (goal no growth: ${met(growth < GROWTH_NOISE_MB)})`,
    `    over the long run: ${fps.map.toFixed(1)} fps, latency p50 ${histPercentile(r1.total, 0.5)} ms, p99 ${histPercentile(r1.total, 0.99)} ms over ${histCount(r1.total)} moves`,
  ];
}

/** Least-squares slope of heap samples (minutes, bytes) in MB per minute. */
function slopeMbPerMinute(samples: [number, number][]): number {
  if (samples.length < 2) return NaN;
  const mx = samples.reduce((a, s) => a + s[0], 0) / samples.length;
  const my = samples.reduce((a, s) => a + s[1], 0) / samples.length;
  const num = samples.reduce((a, s) => a + (s[0] - mx) * (s[1] - my), 0);
  const den = samples.reduce((a, s) => a + (s[0] - mx) ** 2, 0);
  return num / den / 2 ** 20;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const { lines } = await benchBrowser({ sizes: sizes.length > 0 ? sizes : undefined, progress: (s) => process.stderr.write(`${s}\n`) });
  for (const line of lines) console.log(line);
  process.exit(0);
}
