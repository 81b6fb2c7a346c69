/**
 * Flying round exclusion zones in a local frame: the shortest way from one point to another that
 * keeps out of every zone, and the parts of a straight leg that keep a clearance margin from them.
 *
 * The way round runs over a visibility graph whose nodes are the vertices of the zones grown by the
 * margin; its edges must keep out of the zones grown by half the margin (so an edge along a grown
 * outline is allowed, and one grazing a corner of the bare zone is not). An edge from a start or end
 * point that itself lies within half a margin of a zone is only kept out of that zone proper.
 */
import { clipSegmentParams } from './clip-line.js';
import { offsetRing } from './offset.js';
import { pointInRing } from './point-in-polygon.js';
import type { Ring } from './rings.js';
import { distance, lerp, type XY } from './xy.js';

/** Shorter stretches of a leg than this (metres) are rounding, not a crossing or a clear piece. */
const SLIVER_M = 1e-4;

/** Exclusion zones (outlines; holes are ignored, so a zone is avoided whole) and the margin kept. */
export class ExclusionZones {
  readonly zones: readonly Ring[];
  readonly marginM: number;
  /** Zones grown by the margin: legs keep out of these. */
  readonly buffered: readonly Ring[];
  /** Zones grown by half the margin: detour edges keep out of these. */
  private readonly half: readonly Ring[];

  constructor(zones: readonly Ring[], marginM: number) {
    if (!(marginM >= 0) || !Number.isFinite(marginM)) throw new RangeError(`exclusion margin must be 0 m or more, got ${marginM}`);
    this.zones = zones.filter((z) => z.length >= 3);
    this.marginM = marginM;
    this.buffered = this.zones.map((z) => (marginM > 0 ? offsetRing(z, marginM) : z));
    this.half = this.zones.map((z) => (marginM > 0 ? offsetRing(z, marginM / 2) : z));
  }

  /** Index of the zone `p` lies inside, or -1. */
  zoneOf(p: XY): number {
    return this.zones.findIndex((z) => pointInRing(p, z));
  }

  /** The parts of a→b outside every grown zone, as parameter intervals [t0, t1] in order. */
  clearParams(a: XY, b: XY): Array<[number, number]> {
    const len = distance(a, b);
    const blocked: Array<[number, number]> = [];
    for (const ring of this.buffered) {
      if (len < SLIVER_M) {
        if (pointInRing(a, ring)) return [];
        continue;
      }
      for (const [t0, t1] of clipSegmentParams(a, b, [ring])) if ((t1 - t0) * len > SLIVER_M) blocked.push([t0, t1]);
    }
    blocked.sort((p, q) => p[0] - q[0]);
    const clear: Array<[number, number]> = [];
    let t = 0;
    for (const [t0, t1] of blocked) {
      if (t0 > t && (t0 - t) * len > SLIVER_M) clear.push([t, t0]);
      t = Math.max(t, t1);
    }
    if (1 > t && ((1 - t) * len > SLIVER_M || len < SLIVER_M)) clear.push([t, 1]);
    return clear;
  }

  /** Whether a→b keeps out of every grown zone. */
  isClear(a: XY, b: XY): boolean {
    const c = this.clearParams(a, b);
    return c.length === 1 && c[0][0] === 0 && c[0][1] === 1;
  }

  /** Whether a detour edge a→b keeps out of the zones (see the module comment). */
  private edgeClear(a: XY, b: XY): boolean {
    const len = distance(a, b);
    if (len < SLIVER_M) return true;
    for (let z = 0; z < this.zones.length; z++) {
      const tight = pointInRing(a, this.half[z]) || pointInRing(b, this.half[z]);
      const ring = tight ? this.zones[z] : this.half[z];
      if (clipSegmentParams(a, b, [ring]).some(([t0, t1]) => (t1 - t0) * len > SLIVER_M)) return false;
    }
    return true;
  }

  /**
   * The points to fly from `a` to `b` (both included) keeping out of the zones: [a, b] when the
   * straight leg keeps the margin, else the shortest way round. Throws `RangeError` when `a` or `b`
   * lies inside a zone, or no way round exists.
   */
  detour(a: XY, b: XY): XY[] {
    for (const [p, what] of [[a, 'start'], [b, 'end']] as const) {
      const z = this.zoneOf(p);
      if (z >= 0) throw new RangeError(`the ${what} point (${p.x.toFixed(1)}, ${p.y.toFixed(1)} m) lies inside exclusion zone ${z + 1}`);
    }
    if (this.isClear(a, b)) return [a, b];
    const nodes: XY[] = [a, b];
    for (const ring of this.buffered) for (const p of ring) if (this.zoneOf(p) < 0) nodes.push(p);
    const route = shortestPath(nodes, (i, j) => this.edgeClear(nodes[i], nodes[j]));
    if (!route) throw new RangeError(`no way round the exclusion zones from (${a.x.toFixed(1)}, ${a.y.toFixed(1)}) to (${b.x.toFixed(1)}, ${b.y.toFixed(1)} m)`);
    return route.map((i) => nodes[i]);
  }

  /**
   * How to fly leg a→b from `at` (the current position, clear of the zones): the leg's clear pieces
   * in order, each reached by a detour when it does not start where the vehicle is. Moves are the
   * points to fly to; `detour` marks the ones off the leg.
   */
  routeLeg(at: XY, a: XY, b: XY): Array<{ to: XY; detour: boolean }> {
    const moves: Array<{ to: XY; detour: boolean }> = [];
    let cur = at;
    for (const [t0, t1] of this.clearParams(a, b)) {
      const p0 = lerp(a, b, t0), p1 = lerp(a, b, t1);
      if (distance(cur, p0) > SLIVER_M) {
        const way = this.detour(cur, p0);
        for (const p of way.slice(1, -1)) moves.push({ to: p, detour: true });
        moves.push({ to: p0, detour: true });
        cur = p0;
      }
      if (distance(cur, p1) > SLIVER_M) moves.push({ to: p1, detour: false });
      cur = p1;
    }
    return moves;
  }
}

/**
 * The points to fly from `a` to `b` (both included) without entering any of `zones` grown by
 * `marginM`: straight when clear, else the shortest way round their grown vertices. Throws
 * `RangeError` naming the zone when `a` or `b` lies inside one.
 */
export function detourPath(a: XY, b: XY, zones: readonly Ring[], marginM: number): XY[] {
  return new ExclusionZones(zones, marginM).detour(a, b);
}

/** Dijkstra from node 0 to node 1 over a dense graph with Euclidean weights; null when unreachable. */
function shortestPath(nodes: readonly XY[], visible: (i: number, j: number) => boolean): number[] | null {
  const n = nodes.length;
  const dist = new Array<number>(n).fill(Infinity);
  const prev = new Array<number>(n).fill(-1);
  const done = new Array<boolean>(n).fill(false);
  dist[0] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0) return null;
    if (u === 1) break;
    done[u] = true;
    for (let v = 0; v < n; v++) {
      if (done[v]) continue;
      const d = dist[u] + distance(nodes[u], nodes[v]);
      if (d < dist[v] - 1e-12 && visible(u, v)) {
        dist[v] = d;
        prev[v] = u;
      }
    }
  }
  const path = [1];
  while (path[path.length - 1] !== 0) path.push(prev[path[path.length - 1]]);
  return path.reverse();
}
