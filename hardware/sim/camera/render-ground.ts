/**
 * The ground in a photo: cover classes sampled on a coarse pixel grid and blended between, textured
 * with noise anchored to the ground (so overlapping photos agree), then tree crowns with their
 * shadows. Cost is what keeps a photo fast: cover is classified about once per 8 × 8 pixels.
 */
import { Cover, type GroundCover } from '../world/ground-cover.js';
import { fbm, hash2 } from '../world/noise.js';
import type { Bounds } from '../world/shapes.js';
import type { World } from '../world/build-world.js';
import type { PhotoView } from './photo-view.js';
import type { Raster, Rgb } from './raster.js';

/** Pixels between cover samples. */
const STEP = 8;
const SKY: Rgb = [176, 196, 222];
/** Two tones per cover class (by code), mixed by low-frequency noise. */
const TONES: readonly (readonly [Rgb, Rgb])[] = [
  [[148, 124, 94], [118, 98, 74]], // bare
  [[96, 132, 62], [150, 150, 84]], // meadow
  [[38, 58, 30], [58, 70, 36]], // forest floor
  [[116, 146, 72], [146, 152, 88]], // clearing
  [[44, 82, 104], [62, 102, 116]], // river
  [[164, 154, 134], [128, 120, 104]], // bank
];
/** Grain by pixel, ±11 levels (a fixed 256 × 256 tile). */
const GRAIN = Float32Array.from({ length: 65536 }, (_, i) => (hash2(i & 255, i >> 8, 0x5eed) - 0.5) * 22);
/** Leaf texture for crowns, by pixel offset from the crown centre (64 × 64, repeating). */
const LEAVES = Float32Array.from({ length: 4096 }, (_, i) => (hash2(i & 63, i >> 6, 0x1eaf) - 0.5) * 0.25);
/** Side of the grid cell holding at most one tree, m. */
const TREE_CELL_M = 4.2;

/** Paints cover and texture over the whole image; returns the cover clipped to the view, for the trees. */
export function renderGround(r: Raster, world: World, view: PhotoView): GroundCover | null {
  const W = r.width, H = r.height;
  const nx = Math.ceil(W / STEP) + 1, ny = Math.ceil(H / STEP) + 1;
  const bounds = view.groundBounds();
  const cover = bounds ? world.cover.clip(bounds) : null;
  // Per node: 1 where it sees sky, then its colour.
  const node = new Float64Array(nx * ny * 4);
  const seed = world.seed;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = (j * nx + i) * 4;
      const g = cover && view.toGround(i * STEP, j * STEP);
      if (!g || !cover) {
        node.set([1, SKY[0], SKY[1], SKY[2]], k);
        continue;
      }
      const [a, b] = TONES[cover.at(g.x, g.y)];
      const mix = fbm(g.x / 25, g.y / 25, seed + 51, 3);
      const shade = 0.85 + 0.3 * fbm(g.x / 3.5, g.y / 3.5, seed + 52, 2);
      node.set([0, (a[0] + (b[0] - a[0]) * mix) * shade, (a[1] + (b[1] - a[1]) * mix) * shade, (a[2] + (b[2] - a[2]) * mix) * shade], k);
    }
  }
  // Per 8 × 8 cell: interpolate colour from its corners and add grain (fixed to the sensor, like its noise).
  const d = r.data;
  const v = new Float64Array(12);
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const k00 = (j * nx + i) * 4, k01 = k00 + nx * 4;
      const sky = node[k00] + node[k00 + 4] + node[k01] + node[k01 + 4] > 0;
      for (let c = 0; c < 3; c++) {
        v[c] = sky ? SKY[c] : node[k00 + 1 + c];
        v[3 + c] = sky ? SKY[c] : node[k00 + 5 + c];
        v[6 + c] = sky ? SKY[c] : node[k01 + 1 + c];
        v[9 + c] = sky ? SKY[c] : node[k01 + 5 + c];
      }
      const x0 = i * STEP, y0 = j * STEP;
      const x1 = Math.min(W, x0 + STEP), y1 = Math.min(H, y0 + STEP);
      const g = sky ? 0 : 1;
      for (let y = y0; y < y1; y++) {
        const fy = (y + 0.5 - y0) / STEP;
        // Left and right ends of this row of the cell, per channel.
        const lr = v[0] + (v[6] - v[0]) * fy, rr = v[3] + (v[9] - v[3]) * fy;
        const lg = v[1] + (v[7] - v[1]) * fy, rg = v[4] + (v[10] - v[4]) * fy;
        const lb = v[2] + (v[8] - v[2]) * fy, rb = v[5] + (v[11] - v[5]) * fy;
        const row = (y & 255) << 8;
        let o = (y * W + x0) * 4;
        for (let x = x0; x < x1; x++, o += 4) {
          const fx = (x + 0.5 - x0) / STEP;
          const grain = GRAIN[row | (x & 255)] * g;
          d[o] = lr + (rr - lr) * fx + grain;
          d[o + 1] = lg + (rg - lg) * fx + grain;
          d[o + 2] = lb + (rb - lb) * fx + grain;
        }
      }
    }
  }
  return cover;
}

interface Tree {
  x: number;
  y: number;
  radius: number;
  tone: number;
}

/** Tree crowns where the cover is forest (and the odd lone tree in the open), shadows first. */
export function renderTrees(r: Raster, world: World, view: PhotoView, cover: GroundCover, bounds: Bounds): void {
  const seed = world.seed + 61;
  const trees: Tree[] = [];
  for (let iy = Math.floor(bounds.maxY / TREE_CELL_M) + 1; iy >= Math.floor(bounds.minY / TREE_CELL_M) - 1; iy--) {
    for (let ix = Math.floor(bounds.minX / TREE_CELL_M) - 1; ix <= Math.floor(bounds.maxX / TREE_CELL_M) + 1; ix++) {
      const x = (ix + 0.15 + 0.7 * hash2(ix, iy, seed)) * TREE_CELL_M;
      const y = (iy + 0.15 + 0.7 * hash2(ix, iy, seed + 1)) * TREE_CELL_M;
      const c = cover.at(x, y);
      const p = hash2(ix, iy, seed + 2);
      const grows = c === Cover.forest ? p < 0.93 : c === Cover.meadow || c === Cover.clearing || c === Cover.bare ? p < 0.012 : false;
      if (grows) trees.push({ x, y, radius: 1.3 + 1.5 * hash2(ix, iy, seed + 3), tone: hash2(ix, iy, seed + 4) });
    }
  }
  const sun = sunVector(world);
  for (const t of trees) {
    const p = view.toPixel(t.x - sun.x * t.radius * 0.9, t.y - sun.y * t.radius * 0.9);
    if (p) r.disc(p.x, p.y, t.radius * view.pxPerM(t.x, t.y), [10, 18, 8], 0.4, 0.3);
  }
  for (const t of trees) drawCrown(r, view, t.x, t.y, t.radius, crownColour(t.tone), sun, seed + Math.round(t.x * 10) * 7919 + Math.round(t.y * 10));
}

/** Unit vector towards the sun on the ground, world metres. */
export function sunVector(world: World): { x: number; y: number } {
  const a = (world.sunDeg * Math.PI) / 180;
  return { x: Math.sin(a), y: Math.cos(a) };
}

function crownColour(tone: number): Rgb {
  // Mostly broadleaf greens, some darker bluish conifers.
  return tone < 0.25 ? [30, 62, 44] : [40 + tone * 30, 78 + tone * 36, 32 + tone * 14];
}

/** A round crown, lit from the sun's side and darker at the rim, with a leafy texture placed by `seed`. */
export function drawCrown(r: Raster, view: PhotoView, x: number, y: number, radius: number, c: Rgb, sun: { x: number; y: number }, seed: number): void {
  const p = view.toPixel(x, y);
  const s = view.toPixel(x + sun.x, y + sun.y);
  if (!p || !s) return;
  const len = Math.hypot(s.x - p.x, s.y - p.y) || 1;
  const sx = (s.x - p.x) / len, sy = (s.y - p.y) / len;
  const rp = radius * view.pxPerM(x, y);
  if (!(rp > 0)) return;
  const rr = rp + 0.5, inner2 = rp > 0.5 ? (rp - 0.5) * (rp - 0.5) : 0, inv = 1 / rp;
  const xa = Math.max(0, Math.floor(p.x - rr)), xb = Math.min(r.width - 1, Math.ceil(p.x + rr));
  const ya = Math.max(0, Math.floor(p.y - rr)), yb = Math.min(r.height - 1, Math.ceil(p.y + rr));
  const shift = seed & 4095;
  const d = r.data;
  for (let py = ya; py <= yb; py++) {
    const dy = py + 0.5 - p.y;
    for (let px = xa; px <= xb; px++) {
      const dx = px + 0.5 - p.x;
      const d2 = dx * dx + dy * dy;
      if (d2 >= rr * rr) continue;
      const edge = d2 <= inner2 ? 1 : rr - Math.sqrt(d2);
      const u = dx * inv, v = dy * inv;
      const leaf = LEAVES[(((px >> 1) & 63) | (((py >> 1) & 63) << 6)) ^ shift];
      const light = 1 + 0.35 * (u * sx + v * sy) - 0.3 * (u * u + v * v) + leaf;
      const o = (py * r.width + px) * 4;
      d[o] += (c[0] * light - d[o]) * edge;
      d[o + 1] += (c[1] * light - d[o + 1]) * edge;
      d[o + 2] += (c[2] * light - d[o + 2]) * edge;
    }
  }
}
