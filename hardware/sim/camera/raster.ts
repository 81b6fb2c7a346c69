/**
 * An RGBA image in memory and the few drawing operations the photo renderer needs: blending, discs
 * with anti-aliased edges, filled polygons and thick lines. Coordinates are continuous pixels
 * ((0, 0) the top-left corner; pixel centres at +0.5).
 */
import type { Pixel } from '../../../missions/camera-projection.js';

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

export class Raster {
  /** RGBA bytes, row by row (clamped: glows may add past white); alpha is left unused. */
  readonly data: Uint8ClampedArray;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
  }

  /** Blends `c` over pixel offset `i` (an index into `data`) with opacity `a` (0–1). */
  blendAt(i: number, r: number, g: number, b: number, a: number): void {
    const d = this.data;
    d[i] += (r - d[i]) * a;
    d[i + 1] += (g - d[i + 1]) * a;
    d[i + 2] += (b - d[i + 2]) * a;
  }

  /** Adds light `c` × `a` to pixel offset `i` (glows). */
  addAt(i: number, r: number, g: number, b: number, a: number): void {
    const d = this.data;
    d[i] += r * a;
    d[i + 1] += g * a;
    d[i + 2] += b * a;
  }

  /**
   * Calls `paint(i, u, v, edge)` for every pixel of the disc: `i` the pixel's offset into `data`,
   * (u, v) its position relative to the centre in radii, `edge` the share of the pixel the disc covers.
   */
  eachInDisc(cx: number, cy: number, radius: number, paint: (i: number, u: number, v: number, edge: number) => void): void {
    if (!(radius > 0)) return;
    const rr = radius + 0.5;
    const x0 = Math.max(0, Math.floor(cx - rr)), x1 = Math.min(this.width - 1, Math.ceil(cx + rr));
    const y0 = Math.max(0, Math.floor(cy - rr)), y1 = Math.min(this.height - 1, Math.ceil(cy + rr));
    const inv = 1 / radius;
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d >= rr) continue;
        const edge = d <= radius - 0.5 ? 1 : rr - d;
        paint((y * this.width + x) * 4, dx * inv, dy * inv, edge);
      }
    }
  }

  /** A solid disc with opacity `a`, soft over `soft` of its radius at the rim (0: a crisp edge). */
  disc(cx: number, cy: number, radius: number, c: Rgb, a: number, soft = 0): void {
    if (!(radius > 0)) return;
    const rr = radius + 0.5, inner = radius * (1 - soft) - 0.5, inner2 = inner > 0 ? inner * inner : 0;
    const x0 = Math.max(0, Math.floor(cx - rr)), x1 = Math.min(this.width - 1, Math.ceil(cx + rr));
    const y0 = Math.max(0, Math.floor(cy - rr)), y1 = Math.min(this.height - 1, Math.ceil(cy + rr));
    const d = this.data;
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        const d2 = dx * dx + dy * dy;
        if (d2 >= rr * rr) continue;
        let k = a;
        // Only pixels near the rim need the distance itself.
        if (d2 > inner2) {
          const dist = Math.sqrt(d2);
          const edge = Math.min(1, rr - dist);
          const fade = soft > 0 ? Math.min(1, Math.max(0, (radius - dist) / (soft * radius))) : 1;
          k *= edge * fade;
        }
        const o = (y * this.width + x) * 4;
        d[o] += (c[0] - d[o]) * k;
        d[o + 1] += (c[1] - d[o + 1]) * k;
        d[o + 2] += (c[2] - d[o + 2]) * k;
      }
    }
  }

  /** Fills a polygon (even-odd) with opacity `a`, sampling at pixel centres. */
  polygon(pts: readonly Pixel[], c: Rgb, a: number): void {
    if (pts.length < 3) return;
    let minY = Infinity, maxY = -Infinity;
    for (const p of pts) {
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
    const y0 = Math.max(0, Math.floor(minY)), y1 = Math.min(this.height - 1, Math.ceil(maxY));
    const xs: number[] = [];
    for (let y = y0; y <= y1; y++) {
      const sy = y + 0.5;
      xs.length = 0;
      for (let k = 0, j = pts.length - 1; k < pts.length; j = k++) {
        const p = pts[k], q = pts[j];
        if (p.y > sy !== q.y > sy) xs.push(p.x + ((sy - p.y) * (q.x - p.x)) / (q.y - p.y));
      }
      xs.sort((m, n) => m - n);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const xa = Math.max(0, Math.ceil(xs[k] - 0.5)), xb = Math.min(this.width - 1, Math.floor(xs[k + 1] - 0.5));
        for (let x = xa; x <= xb; x++) this.blendAt((y * this.width + x) * 4, c[0], c[1], c[2], a);
      }
    }
  }

  /** A line `widthPx` wide; thinner than a pixel, it is drawn one pixel wide and fainter. */
  line(a: Pixel, b: Pixel, widthPx: number, c: Rgb, alpha: number): void {
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (!(len > 0)) return;
    const w = Math.max(1, widthPx);
    const k = widthPx < 1 ? alpha * widthPx : alpha;
    const nx = (-(b.y - a.y) / len) * (w / 2), ny = ((b.x - a.x) / len) * (w / 2);
    this.polygon([{ x: a.x + nx, y: a.y + ny }, { x: b.x + nx, y: b.y + ny }, { x: b.x - nx, y: b.y - ny }, { x: a.x - nx, y: a.y - ny }], c, k);
  }
}
