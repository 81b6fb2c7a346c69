/**
 * The objects patrols look for, drawn so an annotator would know them: a fire is a bright core in an
 * orange glow on scorched ground, smoke a grey translucent plume, a person a small figure, a vehicle
 * a car from above, and so on. Each stays within its ground extent (the truth box), and looks the
 * same in every photo (its details come from its id and the world seed).
 */
import type { XY } from '../../../missions/geo/xy.js';
import { hashSeed, Rng } from '../rng.js';
import type { World } from '../world/build-world.js';
import type { ObjectKind, WorldObject } from '../world/world-objects.js';
import type { PhotoView } from './photo-view.js';
import type { Raster, Rgb } from './raster.js';
import { drawCrown, sunVector } from './render-ground.js';
import { segment } from './render-line.js';

/** What a drawing routine gets: the object's own axes in world metres and a generator for its details. */
interface Pen {
  r: Raster;
  view: PhotoView;
  o: WorldObject;
  rng: Rng;
  sun: XY;
  seed: number;
  /** World point `along` metres ahead of the object's centre and `across` to its right. */
  at(along: number, across: number): XY;
  /** A disc of ground radius `m` at a world point. */
  disc(p: XY, m: number, c: Rgb, a: number, soft?: number): void;
  /** A polygon through world points. */
  poly(pts: XY[], c: Rgb, a: number): void;
  line(a: XY, b: XY, widthM: number, c: Rgb, alpha?: number): void;
}

/** Smoke last: it drifts over everything else. */
const ORDER: Record<ObjectKind, number> = {
  'dead-tree': 0, 'vegetation-too-close': 0, 'bird-nest': 1, 'damaged-insulator': 1, 'foreign-object': 1, 'broken-strand': 1,
  vehicle: 1, shelter: 1, signal: 1, person: 2, fire: 3, smoke: 4,
};

/** Draws `objects` (those near the view) into `r`. */
export function renderObjects(r: Raster, world: World, view: PhotoView, objects: readonly WorldObject[]): void {
  const sun = sunVector(world);
  for (const o of [...objects].sort((a, b) => ORDER[a.kind] - ORDER[b.kind])) {
    const h = (o.headingDeg * Math.PI) / 180;
    const fx = Math.sin(h), fy = Math.cos(h);
    const seed = (hashSeed(o.id) ^ world.seed) >>> 0;
    const pen: Pen = {
      r, view, o, sun, seed, rng: new Rng(seed),
      at: (along, across) => ({ x: o.x + fx * along + fy * across, y: o.y + fy * along - fx * across }),
      disc: (p, m, c, a, soft) => {
        const px = view.toPixel(p.x, p.y);
        if (px) r.disc(px.x, px.y, m * view.pxPerM(p.x, p.y), c, a, soft);
      },
      poly: (pts, c, a) => {
        const px = pts.map((p) => view.toPixel(p.x, p.y));
        if (px.every((p) => p)) r.polygon(px as { x: number; y: number }[], c, a);
      },
      line: (a, b, widthM, c, alpha = 1) => segment(r, view, a, b, widthM, c, alpha),
    };
    DRAW[o.kind](pen);
  }
}

function tint(c: Rgb, k: number): Rgb {
  return [c[0] * k, c[1] * k, c[2] * k];
}

const DRAW: Record<ObjectKind, (p: Pen) => void> = {
  fire(p) {
    const s = p.o.sizeM / 2;
    // Scorched ground with a ragged rim, a glow of added light, then the flames.
    for (let k = 0; k < 5; k++) {
      const a = p.rng.range(0, Math.PI * 2);
      p.disc(p.at(Math.cos(a) * s * 0.3, Math.sin(a) * s * 0.3), s * 0.7, [26, 20, 16], 0.7, 0.4);
    }
    const c = p.at(0, 0);
    const px = p.view.toPixel(c.x, c.y);
    if (px) {
      p.r.eachInDisc(px.x, px.y, 1.5 * s * p.view.pxPerM(c.x, c.y), (i, u, v, edge) => {
        const k = Math.max(0, 1 - Math.sqrt(u * u + v * v));
        p.r.addAt(i, 255, 110, 20, k * k * 0.9 * edge);
      });
    }
    const flames = p.rng.int(7, 12);
    for (let k = 0; k < flames; k++) {
      const a = p.rng.range(0, Math.PI * 2), d = p.rng.range(0, s * 0.6), rad = p.rng.range(0.2, 0.4) * s;
      const f = p.at(Math.cos(a) * d, Math.sin(a) * d);
      p.disc(f, rad, [225, 50, 12], 0.9, 0.3);
      p.disc(f, rad * 0.65, [255, 140, 20], 0.95, 0.3);
      p.disc(f, rad * 0.3, [255, 236, 150], 1);
    }
  },
  smoke(p) {
    // Puffs from the upwind end, growing and fading as they drift.
    const len = p.o.sizeM, half = p.o.widthM / 2;
    const n = 12;
    for (let k = 0; k < n; k++) {
      const t = k / (n - 1);
      const rad = half * (0.3 + 0.7 * t) * p.rng.range(0.85, 1);
      const along = -len / 2 + rad * 0.8 + t * (len - rad * 1.6);
      const across = p.rng.range(-1, 1) * (half - rad) * 0.8;
      const grey = 165 + p.rng.int(0, 40);
      p.disc(p.at(along, across), rad, [grey, grey, grey + 4], 0.38 - 0.2 * t, 0.6);
    }
  },
  'dead-tree'(p) {
    const s = p.o.sizeM / 2;
    p.disc(p.at(0, 0), s * 0.95, [112, 96, 74], 0.55, 0.3);
    const branches = p.rng.int(6, 9);
    for (let k = 0; k < branches; k++) {
      const a = (k / branches) * Math.PI * 2 + p.rng.range(-0.3, 0.3);
      const end = p.at(Math.cos(a) * s * 0.9, Math.sin(a) * s * 0.9);
      p.line(p.at(0, 0), end, 0.12, [78, 60, 44]);
      p.disc(end, s * 0.15, [150, 128, 70], 0.7);
    }
    p.disc(p.at(0, 0), s * 0.12, [70, 54, 40], 1);
  },
  'damaged-insulator'(p) {
    const l = p.o.sizeM / 2, w = p.o.widthM / 2;
    p.poly([p.at(-l, -w), p.at(l, -w), p.at(l, w), p.at(-l, w)], [226, 226, 220], 1);
    for (let k = -2; k <= 2; k++) p.line(p.at(k * l * 0.4, -w), p.at(k * l * 0.4, w), 0.04, [150, 150, 146]);
    // Flashover: a scorched, cracked end.
    p.disc(p.at(l * 0.45, 0), w * 1.1, [30, 20, 18], 0.95);
    p.disc(p.at(l * 0.45, 0), w * 0.5, [170, 70, 30], 0.9);
  },
  'bird-nest'(p) {
    const s = p.o.sizeM / 2;
    p.disc(p.at(0, 0), s, [104, 80, 50], 1, 0.2);
    for (let k = 0; k < 14; k++) {
      const a = p.rng.range(0, Math.PI * 2), b = a + p.rng.range(0.6, 1.6);
      p.line(p.at(Math.cos(a) * s * 0.85, Math.sin(a) * s * 0.85), p.at(Math.cos(b) * s * 0.85, Math.sin(b) * s * 0.85), 0.04, [150, 120, 80]);
    }
    p.disc(p.at(0, 0), s * 0.45, [58, 44, 30], 1);
  },
  'foreign-object'(p) {
    const l = p.o.sizeM / 2, w = p.o.widthM / 2;
    const colours: Rgb[] = [[220, 40, 150], [40, 110, 230], [240, 60, 40], [250, 210, 40]];
    const c = colours[p.rng.int(0, colours.length - 1)];
    p.poly([p.at(l, 0), p.at(0, w), p.at(-l * 0.6, p.rng.range(-w, w) * 0.3), p.at(0, -w)], c, 1);
    p.line(p.at(-l * 0.6, 0), p.at(-l, w * 0.6), 0.05, [240, 240, 240]);
  },
  'vegetation-too-close'(p) {
    const s = p.o.sizeM / 2;
    const c = p.at(0, 0);
    p.disc({ x: c.x - p.sun.x * s * 0.8, y: c.y - p.sun.y * s * 0.8 }, s * 0.9, [10, 18, 8], 0.4, 0.3);
    drawCrown(p.r, p.view, c.x, c.y, s, [64, 124, 40], p.sun, p.seed);
  },
  'broken-strand'(p) {
    const l = p.o.sizeM / 2;
    p.line(p.at(-l, 0), p.at(l, 0), 0.08, [70, 70, 76]);
    // Frayed strands spring out from the break, bright in the sun.
    for (let k = 0; k < 6; k++) {
      const side = k % 2 === 0 ? 1 : -1;
      p.line(p.at(p.rng.range(-0.2, 0.2) * l, 0), p.at(p.rng.range(-0.9, 0.9) * l, side * p.rng.range(0.4, 1) * p.o.widthM / 2), 0.06, [224, 224, 230]);
    }
  },
  person(p) {
    // A figure lying along its heading: head ahead, legs behind.
    const l = p.o.sizeM / 2, w = p.o.widthM / 2;
    const jackets: Rgb[] = [[214, 36, 30], [236, 120, 20], [240, 200, 30], [36, 80, 200]];
    const jacket = jackets[p.rng.int(0, jackets.length - 1)];
    p.poly([p.at(l, -w), p.at(l, w), p.at(-l, w), p.at(-l, -w)].map((q) => ({ x: q.x - p.sun.x * 0.15, y: q.y - p.sun.y * 0.15 })), [20, 24, 18], 0.25);
    p.line(p.at(-0.05 * l, -w * 0.35), p.at(-l, -w * 0.45), 0.14, [40, 48, 88]);
    p.line(p.at(-0.05 * l, w * 0.35), p.at(-l, w * 0.45), 0.14, [40, 48, 88]);
    p.line(p.at(0.6 * l, -w * 0.6), p.at(0.15 * l, -w * 0.95), 0.1, jacket);
    p.line(p.at(0.6 * l, w * 0.6), p.at(0.15 * l, w * 0.95), 0.1, jacket);
    p.poly([p.at(0.65 * l, -w * 0.6), p.at(0.65 * l, w * 0.6), p.at(-0.05 * l, w * 0.55), p.at(-0.05 * l, -w * 0.55)], jacket, 1);
    p.disc(p.at(0.82 * l, 0), w * 0.45, [226, 190, 150], 1);
    p.disc(p.at(0.86 * l, 0), w * 0.3, [48, 36, 28], 0.8);
  },
  vehicle(p) {
    const l = p.o.sizeM / 2, w = p.o.widthM / 2;
    const bodies: Rgb[] = [[236, 236, 232], [180, 30, 30], [150, 154, 160], [30, 50, 110]];
    const body = bodies[p.rng.int(0, bodies.length - 1)];
    const off = { x: -p.sun.x * 0.8, y: -p.sun.y * 0.8 };
    p.poly([p.at(l, -w), p.at(l, w), p.at(-l, w), p.at(-l, -w)].map((q) => ({ x: q.x + off.x, y: q.y + off.y })), [18, 20, 16], 0.35);
    p.poly([p.at(l, -w * 0.9), p.at(l, w * 0.9), p.at(-l, w), p.at(-l, -w)], body, 1);
    p.poly([p.at(l * 0.55, -w * 0.8), p.at(l * 0.55, w * 0.8), p.at(l * 0.25, w * 0.85), p.at(l * 0.25, -w * 0.85)], [38, 46, 58], 1);
    p.poly([p.at(-l * 0.55, -w * 0.8), p.at(-l * 0.55, w * 0.8), p.at(-l * 0.75, w * 0.85), p.at(-l * 0.75, -w * 0.85)], [38, 46, 58], 1);
    p.poly([p.at(l * 0.25, -w * 0.8), p.at(l * 0.25, w * 0.8), p.at(-l * 0.55, w * 0.8), p.at(-l * 0.55, -w * 0.8)], tint(body, 0.85), 1);
  },
  shelter(p) {
    // A ridge tent: one slope in the sun, one in shade, guy lines out front and back.
    const l = p.o.sizeM / 2, w = p.o.widthM / 2;
    const tents: Rgb[] = [[232, 112, 30], [40, 96, 200], [60, 150, 60]];
    const c = tents[p.rng.int(0, tents.length - 1)];
    const lit = p.sun.x * (p.at(0, 1).x - p.o.x) + p.sun.y * (p.at(0, 1).y - p.o.y) > 0 ? 1 : -1;
    p.poly([p.at(l, 0), p.at(-l, 0), p.at(-l, -w), p.at(l, -w)], tint(c, lit < 0 ? 1.1 : 0.65), 1);
    p.poly([p.at(l, 0), p.at(-l, 0), p.at(-l, w), p.at(l, w)], tint(c, lit > 0 ? 1.1 : 0.65), 1);
    p.line(p.at(l, 0), p.at(-l, 0), 0.06, [30, 30, 30]);
  },
  signal(p) {
    // Ground-to-air panels laid out as an X, orange with a white centre.
    const s = p.o.sizeM / 2, w = s * 0.14;
    for (const d of [1, -1]) p.poly([p.at(s, d * (s - w)), p.at(s - w, d * s), p.at(-s, -d * (s - w)), p.at(-s + w, -d * s)], [255, 96, 10], 1);
    p.disc(p.at(0, 0), w * 1.2, [248, 248, 244], 1);
  },
};
