/** Points and vectors in a local metre frame, and the few operations the patterns need on them. */

/** A point (or vector) in a local frame: metres east (x) and north (y). */
export interface XY {
  x: number;
  y: number;
}

export const add = (a: XY, b: XY): XY => ({ x: a.x + b.x, y: a.y + b.y });
export const sub = (a: XY, b: XY): XY => ({ x: a.x - b.x, y: a.y - b.y });
export const scale = (a: XY, k: number): XY => ({ x: a.x * k, y: a.y * k });
export const dot = (a: XY, b: XY): number => a.x * b.x + a.y * b.y;
/** z of the 3-D cross product: positive when `b` is counter-clockwise of `a`. */
export const cross = (a: XY, b: XY): number => a.x * b.y - a.y * b.x;
export const length = (a: XY): number => Math.hypot(a.x, a.y);
export const distance = (a: XY, b: XY): number => Math.hypot(a.x - b.x, a.y - b.y);
/** Linear interpolation: `a` at t = 0, `b` at t = 1. */
export const lerp = (a: XY, b: XY, t: number): XY => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

/** Unit vector pointing along a compass heading (degrees clockwise from north). */
export function headingVector(headingDeg: number): XY {
  const r = (headingDeg * Math.PI) / 180;
  return { x: Math.sin(r), y: Math.cos(r) };
}

/** Compass heading (degrees clockwise from north, 0–360) of a vector. */
export function vectorHeading(v: XY): number {
  const h = (Math.atan2(v.x, v.y) * 180) / Math.PI;
  return h < 0 ? h + 360 : h;
}
