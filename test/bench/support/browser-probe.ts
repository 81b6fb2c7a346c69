/**
 * Measuring code run inside the dashboard page (as source text, so no build helper leaks into it),
 * through the page's `window.__fleet` hook: frames MapLibre draws, and per drone the time from its
 * send (carried in its longitude, see send-time.ts) to the first frame that draws the vehicles
 * data holding that position. It wraps the vehicles source's `setData`: each call's moved
 * vehicles are pending until the map's worker has the data, a tile of it has been rebuilt, and a
 * frame is drawn.
 */
import { LON_BASE_E7, SEND_TIME_WRAP_MS } from './send-time.js';

/** Latency buckets in the page: 1 ms each up to this, the last bucket holds everything above. */
export const PAGE_HIST_LIMIT_MS = 10_000;

/** What the probe returns on `window.__benchProbe.read()`. */
export interface ProbeReading {
  /** performance.now() at the reading. */
  at: number;
  /** Frames MapLibre drew (`render` events) and animation frames the page got. */
  frames: number;
  animationFrames: number;
  setDataCalls: number;
  drawnUpdates: number;
  /** Histograms, 1 ms buckets: send → drawn, send → setData, setData → drawn. */
  total: number[];
  toSetData: number[];
  setDataToDrawn: number[];
}

/** Installs the probe (idempotent) and turns continuous repainting on or off. */
export const INSTALL_PROBE = `(() => {
  if (window.__benchProbe) return;
  const map = window.__fleet.map;
  const LIMIT = ${PAGE_HIST_LIMIT_MS}, WRAP = ${SEND_TIME_WRAP_MS}, BASE = ${LON_BASE_E7};
  const mk = () => new Uint32Array(LIMIT + 1);
  const h = { total: mk(), toSetData: mk(), setDataToDrawn: mk() };
  const add = (arr, ms) => { const v = ms < 0 ? 0 : Math.round(ms); arr[Math.min(v, LIMIT)]++; };
  const c = { frames: 0, animationFrames: 0, setDataCalls: 0, drawnUpdates: 0 };
  map.on('render', () => { c.frames++; });
  const tick = () => { c.animationFrames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const lastLon = new Map();
  // setData calls not yet drawn, oldest first; the worker takes the newest data when it starts, so
  // a 'content' event covers every call made before it, and the first tile loaded after it shows them.
  const pending = [];
  let seq = 0;
  let contentSeq = 0;
  let readySeq = 0;
  const source = map.getSource('vehicles');
  const setData = source.setData.bind(source);
  source.setData = (data, ...rest) => {
    const now = performance.timeOrigin + performance.now();
    c.setDataCalls++;
    const entry = { id: ++seq, setAt: now, sends: [] };
    for (const f of data.features) {
      const id = f.properties.id;
      const lon = f.geometry.coordinates[0];
      if (lastLon.get(id) === lon) continue;
      lastLon.set(id, lon);
      const sent = Math.round(lon * 1e7) - BASE;
      if (sent < 0 || sent >= WRAP) continue;
      const toSet = ((now % WRAP) - sent + WRAP) % WRAP;
      add(h.toSetData, toSet);
      entry.sends.push(now - toSet);
    }
    pending.push(entry);
    return setData(data, ...rest);
  };
  map.on('sourcedata', (e) => {
    if (e.sourceId !== 'vehicles') return;
    if (e.sourceDataType === 'content') contentSeq = seq;
    else if (e.tile && contentSeq > readySeq) readySeq = contentSeq;
  });
  map.on('render', () => {
    if (pending.length === 0 || pending[0].id > readySeq) return;
    const drawn = performance.timeOrigin + performance.now();
    while (pending.length > 0 && pending[0].id <= readySeq) {
      const p = pending.shift();
      for (const s of p.sends) add(h.total, drawn - s);
      add(h.setDataToDrawn, drawn - p.setAt);
    }
    c.drawnUpdates++;
  });
  window.__benchProbe = {
    read: () => ({ at: performance.now(), ...c, total: Array.from(h.total), toSetData: Array.from(h.toSetData), setDataToDrawn: Array.from(h.setDataToDrawn) }),
    reset: () => { for (const a of Object.values(h)) a.fill(0); for (const k of Object.keys(c)) c[k] = 0; pending.length = 0; },
    repaint: (on) => { map.repaint = on; },
  };
})()`;

/** Percentile `q` of a bucket histogram (ms); NaN when empty. */
export function histPercentile(buckets: readonly number[], q: number): number {
  const n = buckets.reduce((a, b) => a + b, 0);
  if (n === 0) return NaN;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let ms = 0; ms < buckets.length; ms++) {
    seen += buckets[ms];
    if (seen >= rank) return ms;
  }
  return buckets.length - 1;
}

/** Samples in a bucket histogram. */
export function histCount(buckets: readonly number[]): number {
  return buckets.reduce((a, b) => a + b, 0);
}

/** Frames per second between two readings. */
export function fpsBetween(a: ProbeReading, b: ProbeReading): { map: number; animation: number } {
  const s = (b.at - a.at) / 1000;
  return { map: (b.frames - a.frames) / s, animation: (b.animationFrames - a.animationFrames) / s };
}
