/**
 * Parallel lanes over a polygon with holes: the skeleton of an area survey and of a parallel-track
 * search. Lanes are centred on equal bands across the area, so the first and last lanes sit half a
 * spacing inside its edges; each lane runs wherever the polygon lies within its band.
 */
import type { Ring } from './rings.js';
import { mergeSpans, Sweep, type Span } from './sweep.js';
import type { XY } from './xy.js';

/** One lane: its across-track offset `v` and the along-track intervals to cover, sorted by u. */
export interface Lane {
  v: number;
  spans: Span[];
}

/** Lanes for one heading, sorted by `v` (left to right of the heading). */
export interface LaneLayout {
  /** Direction of the u axis, degrees clockwise from north (lanes run this way or the reverse). */
  headingDeg: number;
  spacingM: number;
  sweep: Sweep;
  lanes: Lane[];
}

/**
 * Lays lanes `spacingM` apart across the polygon at `headingDeg`. Within a lane, intervals closer
 * than `joinGapM` are joined (flown as one). Every point of the polygon lies within `spacingM / 2`
 * across-track of a lane, at an along-track position inside one of that lane's spans.
 */
export function layLanes(rings: readonly Ring[], headingDeg: number, spacingM: number, joinGapM = 0): LaneLayout {
  if (!(spacingM > 0)) throw new RangeError(`lane spacing must be above 0 m, got ${spacingM}`);
  const sweep = new Sweep(rings, headingDeg);
  const width = sweep.vMax - sweep.vMin;
  const count = Math.max(1, Math.ceil(width / spacingM - 1e-9));
  const first = (sweep.vMin + sweep.vMax) / 2 - ((count - 1) * spacingM) / 2;
  const lanes: Lane[] = [];
  for (let k = 0; k < count; k++) {
    const v = first + k * spacingM;
    const spans = mergeSpans(sweep.bandSpans(v - spacingM / 2, v + spacingM / 2), joinGapM);
    if (spans.length > 0) lanes.push({ v, spans });
  }
  return { headingDeg, spacingM, sweep, lanes };
}

/** A lane as flown: its spans in travel order, each [from, to] in u (decreasing when reversed). */
export interface Pass {
  v: number;
  forward: boolean;
  spans: Span[];
}

/** The four ways into a serpentine: from either outer lane, in either direction. */
export interface SerpentineStart {
  fromLast: boolean;
  firstForward: boolean;
}

/** Orders lanes back and forth, starting as `start` says. */
export function serpentine(lanes: readonly Lane[], start: SerpentineStart): Pass[] {
  const ordered = start.fromLast ? [...lanes].reverse() : [...lanes];
  return ordered.map((lane, i) => {
    const forward = i % 2 === 0 ? start.firstForward : !start.firstForward;
    const spans: Span[] = forward ? lane.spans.map(([a, b]) => [a, b]) : [...lane.spans].reverse().map(([a, b]) => [b, a]);
    return { v: lane.v, forward, spans };
  });
}

/** The serpentine start whose first point lies nearest `point` (local frame), and that point. */
export function nearestStart(layout: LaneLayout, point: XY): { start: SerpentineStart; entry: XY } {
  let best: { start: SerpentineStart; entry: XY; d: number } | undefined;
  for (const fromLast of [false, true]) {
    const lane = fromLast ? layout.lanes[layout.lanes.length - 1] : layout.lanes[0];
    if (!lane) continue;
    for (const firstForward of [true, false]) {
      const u = firstForward ? lane.spans[0][0] : lane.spans[lane.spans.length - 1][1];
      const entry = layout.sweep.fromUV(u, lane.v);
      const d = Math.hypot(entry.x - point.x, entry.y - point.y);
      if (!best || d < best.d - 1e-9) best = { start: { fromLast, firstForward }, entry, d };
    }
  }
  if (!best) throw new RangeError('the area has no lanes');
  return { start: best.start, entry: best.entry };
}
