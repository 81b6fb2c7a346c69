/**
 * A polygon seen along a direction: coordinates u along a heading and v across it (to the right),
 * with cross-sections at a given v and the span of a whole band of v. Lane generators use it: a lane
 * at the centre of a band must run wherever any part of the polygon inside the band lies, or
 * corners and slanted tips between two lanes would go uncovered.
 */
import type { Ring } from './rings.js';
import { headingVector, type XY } from './xy.js';

/** An interval [from, to] along the sweep direction, metres. */
export type Span = [number, number];

const SLIVER = 1e-9;

interface Edge {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

/** A polygon (outline and holes) in along/across coordinates for one sweep heading. */
export class Sweep {
  /** Unit vector along the sweep (u axis) and across it to the right (v axis). */
  readonly along: XY;
  readonly across: XY;
  readonly vMin: number;
  readonly vMax: number;
  readonly uMin: number;
  readonly uMax: number;
  private readonly edges: Edge[] = [];
  private readonly vertexV: number[];
  /** Edges by v-bin, so a cross-section looks only at edges that can reach it. */
  private readonly bins: Edge[][] = [];
  private readonly binSize: number;

  /** `headingDeg`: direction of the u axis, degrees clockwise from north. */
  constructor(rings: readonly Ring[], headingDeg: number) {
    this.along = headingVector(headingDeg);
    this.across = headingVector(headingDeg + 90);
    const vs: number[] = [];
    let uMin = Infinity, uMax = -Infinity;
    for (const ring of rings) {
      const uv = ring.map((p) => this.toUV(p));
      for (let i = 0, j = uv.length - 1; i < uv.length; j = i++) {
        this.edges.push({ u0: uv[j].u, v0: uv[j].v, u1: uv[i].u, v1: uv[i].v });
        vs.push(uv[i].v);
        uMin = Math.min(uMin, uv[i].u);
        uMax = Math.max(uMax, uv[i].u);
      }
    }
    this.vertexV = vs.sort((a, b) => a - b);
    this.vMin = vs[0] ?? 0;
    this.vMax = vs[vs.length - 1] ?? 0;
    this.uMin = uMin;
    this.uMax = uMax;
    const binCount = Math.max(1, Math.min(4096, this.edges.length));
    this.binSize = (this.vMax - this.vMin) / binCount || 1;
    for (let b = 0; b < binCount; b++) this.bins.push([]);
    for (const e of this.edges) {
      const last = this.bin(Math.max(e.v0, e.v1));
      for (let b = this.bin(Math.min(e.v0, e.v1)); b <= last; b++) this.bins[b].push(e);
    }
  }

  private bin(v: number): number {
    return Math.min(this.bins.length - 1, Math.max(0, Math.floor((v - this.vMin) / this.binSize)));
  }

  toUV(p: XY): { u: number; v: number } {
    return { u: p.x * this.along.x + p.y * this.along.y, v: p.x * this.across.x + p.y * this.across.y };
  }

  fromUV(u: number, v: number): XY {
    return { x: u * this.along.x + v * this.across.x, y: u * this.along.y + v * this.across.y };
  }

  /** The inside intervals of the line at `v` (even-odd over all rings, so holes split them), sorted. */
  crossSection(v: number): Span[] {
    const us: number[] = [];
    if (v < this.vMin || v > this.vMax) return [];
    for (const e of this.bins[this.bin(v)]) {
      if (e.v0 <= v !== e.v1 <= v) us.push(e.u0 + ((v - e.v0) * (e.u1 - e.u0)) / (e.v1 - e.v0));
    }
    us.sort((a, b) => a - b);
    const out: Span[] = [];
    for (let i = 0; i + 1 < us.length; i += 2) out.push([us[i], us[i + 1]]);
    return out;
  }

  /**
   * The u-intervals covered by the part of the polygon with v in [vFrom, vTo]: the polygon ∩ band,
   * projected onto the sweep direction, merged. Exact for simple polygons: between two vertex
   * heights every interval's ends move linearly, so each slab's part is the hull of its two ends.
   */
  bandSpans(vFrom: number, vTo: number): Span[] {
    // Slabs thinner than a nanometre are rounding noise (a vertex a few ulps from the band's edge).
    const cuts = [vFrom];
    for (let i = lowerBound(this.vertexV, vFrom); i < this.vertexV.length && this.vertexV[i] < vTo - SLIVER; i++) {
      if (this.vertexV[i] > cuts[cuts.length - 1] + SLIVER) cuts.push(this.vertexV[i]);
    }
    if (vTo > cuts[cuts.length - 1]) cuts.push(vTo);
    const pieces: Span[] = [];
    for (let k = 0; k + 1 < cuts.length; k++) {
      // Just inside the slab, both sections meet the same edges in the same order.
      const inset = (cuts[k + 1] - cuts[k]) * 1e-7;
      const lo = this.crossSection(cuts[k] + inset), hi = this.crossSection(cuts[k + 1] - inset);
      if (lo.length !== hi.length) {
        pieces.push(...lo, ...hi); // only for invalid (self-crossing) input; still covers both ends
        continue;
      }
      // Ends move linearly across the slab: extend the inset sections back out to its edges.
      const k2 = inset / (cuts[k + 1] - cuts[k] - 2 * inset);
      for (let i = 0; i < lo.length; i++) {
        const l0 = lo[i][0] + (lo[i][0] - hi[i][0]) * k2, l1 = hi[i][0] + (hi[i][0] - lo[i][0]) * k2;
        const r0 = lo[i][1] + (lo[i][1] - hi[i][1]) * k2, r1 = hi[i][1] + (hi[i][1] - lo[i][1]) * k2;
        pieces.push([Math.min(l0, l1), Math.max(r0, r1)]);
      }
    }
    return mergeSpans(pieces, 0);
  }
}

/** Sorts spans and joins those that overlap or are separated by at most `gap`. */
export function mergeSpans(spans: readonly Span[], gap: number): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] - last[1] <= gap) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
