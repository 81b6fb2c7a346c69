import { describe, expect, it } from 'vitest';
import { fitView, MAX_SCALE, toImage, toScreen, wheelFactor, zoomAt } from '../../../../web/annotate/viewport.js';

describe('viewer zoom and pan', () => {
  it('fits the whole photo centred with a margin', () => {
    const v = fitView({ width: 4000, height: 3000 }, { width: 824, height: 624 }, 12);
    expect(v.scale).toBeCloseTo(0.2);
    expect(toScreen(v, { x: 0, y: 0 })).toEqual({ x: 12, y: 12 });
    expect(toScreen(v, { x: 4000, y: 3000 }).x).toBeCloseTo(812);
  });

  it('never blows a small photo up past 4×', () => {
    expect(fitView({ width: 100, height: 80 }, { width: 2000, height: 2000 }).scale).toBe(4);
  });

  it('keeps the point under the cursor in place while zooming', () => {
    const v = { scale: 0.5, x: 30, y: 40 };
    const cursor = { x: 300, y: 200 };
    const before = toImage(v, cursor);
    const after = zoomAt(v, 2.5, cursor);
    expect(after.scale).toBe(1.25);
    expect(toImage(after, cursor).x).toBeCloseTo(before.x);
    expect(toImage(after, cursor).y).toBeCloseTo(before.y);
  });

  it('stops at the zoom limits', () => {
    expect(zoomAt({ scale: 10, x: 0, y: 0 }, 100, { x: 0, y: 0 }).scale).toBe(MAX_SCALE);
  });

  it('zooms in for a wheel turned up and out for down, by the same factor either way', () => {
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelFactor(100, 0) * wheelFactor(-100, 0)).toBeCloseTo(1);
    // Line mode (Firefox) scrolls in lines, not pixels.
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48, 0));
  });
});
