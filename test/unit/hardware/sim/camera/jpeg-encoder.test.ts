import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../../../../hardware/sim/camera/jpeg-encoder.js';
import { Rng } from '../../../../../hardware/sim/rng.js';

function image(width: number, height: number, f: (x: number, y: number) => [number, number, number]): Uint8ClampedArray {
  const d = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) d.set([...f(x, y), 255], (y * width + x) * 4);
  return d;
}

function meanError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0, n = 0;
  for (let i = 0; i < a.length; i += 4) for (let c = 0; c < 3; c++, n++) sum += Math.abs(a[i + c] - b[i + c]);
  return sum / n;
}

describe('JPEG encoder', () => {
  it('writes files another decoder reads back at every size, close to the original', () => {
    for (const [w, h] of [[1, 1], [17, 9], [33, 31], [1024, 768]]) {
      const src = image(w, h, (x, y) => [128 + 100 * Math.sin(x / 20), 128 + 100 * Math.cos(y / 15), 128 + 60 * Math.sin(x / 9 + y / 7)]);
      const out = jpeg.decode(encodeJpeg(src, w, h, 90), { useTArray: true });
      expect([out.width, out.height]).toEqual([w, h]);
      expect(meanError(out.data, src), `${w} × ${h}`).toBeLessThan(3);
    }
  });

  it('keeps flat colours, chroma included', () => {
    for (const c of [[255, 120, 20], [40, 90, 200], [0, 0, 0], [255, 255, 255]] as [number, number, number][]) {
      const out = jpeg.decode(encodeJpeg(image(32, 32, () => c), 32, 32, 85), { useTArray: true });
      for (let k = 0; k < 3; k++) expect(Math.abs(out.data[(16 * 32 + 16) * 4 + k] - c[k]), c.join()).toBeLessThanOrEqual(3);
    }
  });

  it('survives noise (0xFF bytes stuffed in the entropy data) and trades size for quality', () => {
    const rng = new Rng(5);
    const noise = image(64, 48, () => [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)]);
    const sizes = [20, 60, 95].map((q) => encodeJpeg(noise, 64, 48, q).length);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const out = jpeg.decode(encodeJpeg(noise, 64, 48, 100), { useTArray: true });
    expect(out.width).toBe(64);
    // 4:2:0 halves colour resolution, so per-pixel noise comes back blurred, not lost.
    expect(meanError(out.data, noise)).toBeLessThan(60);
  });

  it('refuses a bad quality or size naming it', () => {
    expect(() => encodeJpeg(new Uint8ClampedArray(16), 2, 2, 0)).toThrow(/quality must be a whole number 1-100/);
    expect(() => encodeJpeg(new Uint8ClampedArray(16), 2, 2, 50.5)).toThrow(/quality/);
    expect(() => encodeJpeg(new Uint8ClampedArray(8), 2, 2, 50)).toThrow(/RGBA data, got 2 × 2/);
  });
});
