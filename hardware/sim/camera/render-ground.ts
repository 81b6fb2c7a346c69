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
/** Side of the grid cell holding at most one tree, m. */
const TREE_CELL_M = 4.2;

/** Paints cover and texture over the whole image; returns the cover clipped to the view, for the trees. */
export function renderGround(r: Raster, world: World, view: PhotoView): GroundCover | null {
  const W = r.width, H = r.height;
  const nx = Math.ceil(W / STEP) + 1, ny = Math.ceil(H / STEP) + 1;
  const bounds = view.groundBounds();
  const cover = bounds ? world.cover.clip(bounds) : null;
  // Per node: ground x, y (NaN for sky) and colour.
  const node = new Float64Array(nx * ny * 5);
  const seed = world.seed;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = (j * nx + i) * 5;
      const g = cover && view.toGround(Math.min(i * STEP, W), Math.min(j * STEP, H));
      if (!g || !cover) {
        node.set([Number.NaN, Number.NaN, SKY[0], SKY[1], SKY[2]], k);
        continue;
      }
      const [a, b] = TONES[cover.at(g.x, g.y)];
      const mix = fbm(g.x / 25, g.y / 25, seed + 51, 3);
      const shade = 0.85 + 0.3 * fbm(g.x / 3.5, g.y / 3.5, seed + 52, 2);
      node.set([g.x, g.y, (a[0] + (b[0] - a[0]) * mix) * shade, (a[1] + (b[1] - a[1]) * mix) * shade, (a[2] + (b[2] - a[2]) * mix) * shade], k);
    }
  }
  const d = r.data;
  for (let y = 0; y < H; y++) {
    const j = Math.floor(y / STEP), fy = (y + 0.5 - j * STEP) / STEP;
    for (let x = 0; x < W; x++) {
      const i = Math.floor(x / STEP), fx = (x + 0.5 - i * STEP) / STEP;
      const k00 = (j * nx + i) * 5, k10 = k00 + 5, k01 = k00 + nx * 5, k11 = k01 + 5;
      const w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
      const o = (y * W + x) * 4;
      const gx = node[k00] * w00 + node[k10] * w10 + node[k01] * w01 + node[k11] * w11;
      const gy = node[k00 + 1] * w00 + node[k10 + 1] * w10 + node[k01 + 1] * w01 + node[k11 + 1] * w11;
      // Fine grain a few centimetres across, fixed to the ground; none in the sky.
      const grain = gx === gx ? (hash2(Math.floor(gx * 6), Math.floor(gy * 6), seed) - 0.5) * 22 : 0;
      for (let c = 2; c < 5; c++) d[o + c - 2] = node[k00 + c] * w00 + node[k10 + c] * w10 + node[k01 + c] * w01 + node[k11 + c] * w11 + grain;
      d[o + 3] = 255;
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

/** A round crown, lit from the sun's side and darker at the rim, with a leafy texture drawn from `seed`. */
export function drawCrown(r: Raster, view: PhotoView, x: number, y: number, radius: number, c: Rgb, sun: { x: number; y: number }, seed: number): void {
  const p = view.toPixel(x, y);
  const s = view.toPixel(x + sun.x, y + sun.y);
  if (!p || !s) return;
  const len = Math.hypot(s.x - p.x, s.y - p.y) || 1;
  const sx = (s.x - p.x) / len, sy = (s.y - p.y) / len;
  const rp = radius * view.pxPerM(x, y);
  r.eachInDisc(p.x, p.y, rp, (i, u, v, edge) => {
    const leaf = hash2(Math.round(u * rp * 0.5), Math.round(v * rp * 0.5), seed);
    const light = 1 + 0.35 * (u * sx + v * sy) - 0.3 * (u * u + v * v) + (leaf - 0.5) * 0.25;
    r.blendAt(i, c[0] * light, c[1] * light, c[2] * light, edge);
  });
}
