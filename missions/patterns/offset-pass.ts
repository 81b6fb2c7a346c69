/**
 * Offsetting an open polyline sideways, in a local metre frame, into a pass a vehicle can fly: the
 * passes of a corridor scan. Unlike the plain offset in `geo/offset.ts`, the result never loops.
 *
 * - Each span is moved `distance` metres to one side.
 * - Outer corners (the line turns away from the offset side): the offsets meet at their miter
 *   point while it lies within `miterLimit × distance` of the corner; beyond that a clipped miter,
 *   a short bevel whose every point is at least `distance` from the corner, so a sharp bend never
 *   brings the pass nearer the tower than the offset nor throws it far out.
 * - Inner corners: the offsets overlap and are cut where they cross, d·tan(θ/2) short of the
 *   corner along both spans. A span shorter than the cuts at its ends would run backwards: its
 *   neighbours are joined directly instead. Any crossing still left (a loop) is cut out.
 * - Ends: the pass starts abeam the first tower and ends abeam the last; where a corner's cut
 *   reaches past an end tower, it starts or ends at the cut.
 *
 * The pass keeps `distance` from the line, and so never crosses it, wherever the line does not come
 * back within about `3 × distance` of itself (a mitre reaches out to 2 × distance); where parts of
 * the line come closer than 2 × distance, no pass at that offset fits between them.
 */
import { add, cross, distance as dist, dot, length, scale, sub, type XY } from '../geo/xy.js';

/** Miter points further than this many offsets from their corner are clipped into a bevel. */
export const DEFAULT_MITER_LIMIT = 2;

/** Points closer than this (metres) are treated as one. */
const EPS = 1e-6;

/**
 * The polyline moved `distance` metres to its right (positive) or left (negative) relative to its
 * direction of travel (the sign convention of `geo/offset.ts`), joined, cut and trimmed as
 * described above. A copy for a distance of 0; [] for fewer than two distinct points.
 */
export function offsetPass(points: readonly XY[], distance: number, miterLimit = DEFAULT_MITER_LIMIT): XY[] {
  const line = dedupe(points);
  if (line.length < 2) return [];
  if (distance === 0) return line.map((p) => ({ ...p }));
  const d = Math.abs(distance);
  const side = -Math.sign(distance); // +1 left, −1 right
  const last = line.length - 1;
  const dirs: XY[] = [];
  for (let i = 0; i < last; i++) {
    const v = sub(line[i + 1], line[i]);
    dirs.push(scale(v, 1 / length(v)));
  }
  // Normal on the offset side of each segment.
  const normals = dirs.map((u) => scale({ x: -u.y, y: u.x }, side));

  // An inner corner cuts its offsets back by d·tan(θ/2) along both spans. Where that reaches past
  // an end of the line, the end span is lengthened for the offset so the cut happens as it would
  // mid-line; the lengthened part is trimmed off again below.
  let extendStart = 0, extendEnd = 0;
  let fromStart = 0;
  const spans = dirs.map((_, i) => dist(line[i], line[i + 1]));
  const total = spans.reduce((a, b) => a + b, 0);
  for (let i = 1; i < last; i++) {
    fromStart += spans[i - 1];
    if (cross(dirs[i - 1], dirs[i]) * side <= 0) continue;
    const theta = Math.acos(Math.max(-1, Math.min(1, dot(dirs[i - 1], dirs[i]))));
    const cut = d * Math.tan(Math.min(theta, (179 * Math.PI) / 180) / 2);
    extendStart = Math.max(extendStart, cut - fromStart + 0.01 * d);
    extendEnd = Math.max(extendEnd, cut - (total - fromStart) + 0.01 * d);
  }
  const first = add(line[0], scale(dirs[0], -extendStart));
  const end = add(line[last], scale(dirs[last - 1], extendEnd));

  // Raw offset: points, and for each piece between two points the segment it runs beside (−1 for
  // the connectors of bevels, which run beside none).
  const pts: XY[] = [add(first, scale(normals[0], d))];
  const src: number[] = [];
  for (let i = 1; i < last; i++) {
    const v = line[i];
    const u0 = dirs[i - 1], u1 = dirs[i], n0 = normals[i - 1], n1 = normals[i];
    const c = dot(n0, n1); // cosine of the deflection
    const inner = cross(u0, u1) * side > 0;
    if (1 + c < 1e-9) {
      // The line doubles back on itself: no crossing exists; end one offset, start the next.
      pts.push(add(v, scale(n0, d)), add(v, scale(n1, d)));
      src.push(i - 1, -1);
    } else if (inner || Math.sqrt((1 + c) / 2) > 1 / miterLimit) {
      // Inner corner, or an outer one whose miter stays short: the offsets' crossing.
      pts.push(add(v, scale(add(n0, n1), d / (1 + c))));
      src.push(i - 1);
    } else {
      // Clipped miter: both ends lie on the line at distance d from the corner across the bisector.
      const t = d * Math.tan(Math.acos(Math.max(-1, Math.min(1, c))) / 4);
      pts.push(add(add(v, scale(n0, d)), scale(u0, t)), add(add(v, scale(n1, d)), scale(u1, -t)));
      src.push(i - 1, -1);
    }
  }
  pts.push(add(end, scale(normals[last - 1], d)));
  src.push(last - 1);

  collapseReversed(pts, src, dirs, d);
  removeLoops(pts, src);
  trimEnds(pts, src, line[0], dirs[0], line[last], dirs[last - 1]);
  return dedupe(pts);
}

/**
 * Removes the offsets of spans too short for the inner cuts at both their ends: such a piece runs
 * backwards, and its neighbours are joined where their lines cross instead (iterated, as a join can
 * swallow the next short span). Where the neighbours barely meet (the line turns nearly 180° over a
 * span narrower than twice the offset) no pass fits and the piece stays.
 */
function collapseReversed(pts: XY[], src: number[], dirs: readonly XY[], d: number): void {
  for (let k = 1; k + 2 < pts.length; ) {
    const s = src[k];
    const v = sub(pts[k + 1], pts[k]);
    const x = s >= 0 && dot(v, dirs[s]) < 0 ? lineCrossing(pts[k - 1], pts[k], pts[k + 1], pts[k + 2]) : undefined;
    if (!x || dist(x, pts[k]) > 12 * d + length(v)) {
      k++;
      continue;
    }
    pts.splice(k, 2, x);
    src.splice(k, 1);
    k = Math.max(1, k - 1); // the joined neighbour may now run backwards in turn
  }
}

/** Where the lines through a–b and c–d cross, or undefined when they are parallel. */
function lineCrossing(a: XY, b: XY, c: XY, d: XY): XY | undefined {
  const r = sub(b, a), s = sub(d, c);
  const den = cross(r, s);
  if (Math.abs(den) < 1e-9 * length(r) * length(s)) return undefined;
  return add(a, scale(r, cross(sub(c, a), s) / den));
}

/**
 * Trims the pass to start abeam the line's first point and end abeam its last: the lengthened end
 * spans' share goes, and where a corner's cut swallowed the whole end span, the pass starts (or
 * ends) at the cut.
 */
function trimEnds(pts: XY[], src: number[], p0: XY, u0: XY, pN: XY, uN: XY): void {
  const lastSeg = src[src.length - 1];
  // Leading pieces beside the first span that lie before p0.
  const s = (p: XY) => dot(sub(p, p0), u0);
  let k = 0;
  while (k < src.length && src[k] === 0 && s(pts[k + 1]) <= 0) k++;
  if (k < src.length && src[k] === 0 && s(pts[k]) < 0) {
    const a = pts[k], b = pts[k + 1];
    pts[k] = add(a, scale(sub(b, a), -s(a) / (s(b) - s(a))));
  }
  pts.splice(0, k);
  src.splice(0, k);
  // Trailing pieces beside the last span that lie beyond pN.
  const e = (p: XY) => dot(sub(p, pN), uN);
  let j = src.length - 1;
  while (j >= 0 && src[j] === lastSeg && e(pts[j]) >= 0) j--;
  if (j >= 0 && src[j] === lastSeg && e(pts[j + 1]) > 0) {
    const a = pts[j], b = pts[j + 1];
    pts[j + 1] = add(a, scale(sub(b, a), -e(a) / (e(b) - e(a))));
  }
  pts.splice(j + 2);
  src.splice(j + 1);
}

/**
 * Cuts out every loop: when segment i crosses a later, non-adjacent segment j, the points between
 * are replaced by the crossing. The furthest crossing is taken first so nested loops go at once.
 * `src`, when given, holds a tag per segment and is kept in step.
 */
export function removeLoops(pts: XY[], src: number[] = []): void {
  let i = 0;
  while (i + 3 < pts.length) {
    let cut = -1;
    let at: XY | undefined;
    for (let j = pts.length - 2; j > i + 1; j--) {
      at = segmentCrossing(pts[i], pts[i + 1], pts[j], pts[j + 1]);
      if (at) {
        cut = j;
        break;
      }
    }
    if (cut < 0 || !at) {
      i++;
      continue;
    }
    pts.splice(i + 1, cut - i, at);
    // Piece i now ends at the crossing; the next is what is left of piece `cut`.
    if (src.length > 0) src.splice(i + 1, cut - i, src[cut]);
  }
}

/** Where segments a→b and c→d cross (ends included), or undefined; parallel segments never cross. */
export function segmentCrossing(a: XY, b: XY, c: XY, d: XY): XY | undefined {
  const r = sub(b, a), s = sub(d, c);
  const den = cross(r, s);
  if (Math.abs(den) < 1e-12 * length(r) * length(s)) return undefined;
  const ac = sub(c, a);
  const t = cross(ac, s) / den;
  const u = cross(ac, r) / den;
  const tol = 1e-9;
  if (t < -tol || t > 1 + tol || u < -tol || u > 1 + tol) return undefined;
  return add(a, scale(r, t));
}

/** The points without consecutive repeats. */
function dedupe(points: readonly XY[]): XY[] {
  const out: XY[] = [];
  for (const p of points) if (out.length === 0 || dist(out[out.length - 1], p) > EPS) out.push({ x: p.x, y: p.y });
  return out;
}
