/** The power line in a photo: lattice towers with cross-arms and their shadows, and three conductors per span. */
import type { XY } from '../../../missions/geo/xy.js';
import { boundsMeet, pointsBounds, type Bounds } from '../world/shapes.js';
import type { World } from '../world/build-world.js';
import { CONDUCTOR_OFFSET_M } from '../world/world-objects.js';
import type { PhotoView } from './photo-view.js';
import type { Raster, Rgb } from './raster.js';
import { sunVector } from './render-ground.js';

const STEEL: Rgb = [88, 90, 94];
const ARM: Rgb = [150, 152, 156];
const WIRE: Rgb = [50, 50, 56];
/** Half the side of a tower's square base, m. */
const TOWER_HALF_M = 3;
/** Half the length of a cross-arm, m: past the outer conductors. */
const ARM_HALF_M = CONDUCTOR_OFFSET_M + 1;
/** Length of a tower's shadow on the ground, m. */
const SHADOW_M = 22;

/** Draws every span and tower within `bounds`. */
export function renderPowerLine(r: Raster, world: World, view: PhotoView, bounds: Bounds): void {
  const t = world.towers;
  const sun = sunVector(world);
  for (let i = 0; i + 1 < t.length; i++) {
    if (!boundsMeet(pointsBounds([t[i], t[i + 1]]), bounds, ARM_HALF_M)) continue;
    const u = unit(t[i], t[i + 1]);
    for (const off of [-CONDUCTOR_OFFSET_M, 0, CONDUCTOR_OFFSET_M]) {
      segment(r, view, { x: t[i].x + u.y * off, y: t[i].y - u.x * off }, { x: t[i + 1].x + u.y * off, y: t[i + 1].y - u.x * off }, 0.06, WIRE, 0.85);
    }
  }
  for (let i = 0; i < t.length; i++) {
    if (!boundsMeet({ minX: t[i].x, minY: t[i].y, maxX: t[i].x, maxY: t[i].y }, bounds, SHADOW_M)) continue;
    const u = i + 1 < t.length ? unit(t[i], t[i + 1]) : unit(t[i - 1], t[i]);
    tower(r, view, t[i], u, sun);
  }
}

function unit(a: XY, b: XY): XY {
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  return { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
}

/** A line between world points, `widthM` wide on the ground. */
export function segment(r: Raster, view: PhotoView, a: XY, b: XY, widthM: number, c: Rgb, alpha: number): void {
  const pa = view.toPixel(a.x, a.y), pb = view.toPixel(b.x, b.y);
  if (pa && pb) r.line(pa, pb, widthM * view.pxPerM((a.x + b.x) / 2, (a.y + b.y) / 2), c, alpha);
}

function tower(r: Raster, view: PhotoView, c: XY, u: XY, sun: XY): void {
  // Corners of the base, square to the line; the shadow falls away from the sun.
  const at = (along: number, across: number): XY => ({ x: c.x + u.x * along + u.y * across, y: c.y + u.y * along - u.x * across });
  const tip = { x: c.x - sun.x * SHADOW_M, y: c.y - sun.y * SHADOW_M };
  const shadow = [at(0, -1.5), at(0, 1.5), { x: tip.x + u.y * 0.5, y: tip.y - u.x * 0.5 }, { x: tip.x - u.y * 0.5, y: tip.y + u.x * 0.5 }].map((p) => view.toPixel(p.x, p.y));
  if (shadow.every((p) => p)) r.polygon(shadow as { x: number; y: number }[], [20, 24, 18], 0.3);
  const h = TOWER_HALF_M;
  const k = [at(-h, -h), at(h, -h), at(h, h), at(-h, h)];
  for (let i = 0; i < 4; i++) segment(r, view, k[i], k[(i + 1) % 4], 0.25, STEEL, 1);
  segment(r, view, k[0], k[2], 0.15, STEEL, 1);
  segment(r, view, k[1], k[3], 0.15, STEEL, 1);
  segment(r, view, at(0, -ARM_HALF_M), at(0, ARM_HALF_M), 0.5, ARM, 1);
}
