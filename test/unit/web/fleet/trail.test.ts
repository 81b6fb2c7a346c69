import { describe, expect, it } from 'vitest';
import { pushTrailPoint, trimTrail, type TrailOptions, type TrailPoint } from '../../../../web/fleet/trail.js';

const opts: TrailOptions = { windowMs: 120_000, minIntervalMs: 1_000, maxPoints: 150 };

function feed(samples: number, everyMs: number, options = opts): TrailPoint[] {
  const points: TrailPoint[] = [];
  for (let i = 0; i < samples; i++) pushTrailPoint(points, { t: i * everyMs, lon: i * 1e-5, lat: 0 }, options);
  return points;
}

describe('trail', () => {
  it('a 10 Hz stream keeps about one point per second and ends at the latest position', () => {
    const points = feed(100, 100); // 10 s
    expect(points.length).toBeGreaterThanOrEqual(9);
    expect(points.length).toBeLessThanOrEqual(12);
    expect(points[points.length - 1]).toEqual({ t: 9_900, lon: 99e-5, lat: 0 });
    for (let i = 2; i < points.length; i++) expect(points[i - 1].t - points[i - 2].t).toBeGreaterThanOrEqual(1_000);
  });

  it('never holds points older than the window', () => {
    const points = feed(3_000, 100); // 300 s at 10 Hz
    const newest = points[points.length - 1].t;
    expect(points[0].t).toBeGreaterThanOrEqual(newest - opts.windowMs);
    expect(points.length).toBeLessThanOrEqual(opts.maxPoints);
  });

  it('never holds more than maxPoints, however sparse the samples', () => {
    const points = feed(500, 5_000, { windowMs: 1e9, minIntervalMs: 1_000, maxPoints: 50 });
    expect(points).toHaveLength(50);
    expect(points[points.length - 1].t).toBe(499 * 5_000);
  });

  it('a vehicle standing still adds no points', () => {
    const points: TrailPoint[] = [];
    expect(pushTrailPoint(points, { t: 0, lon: 1, lat: 1 }, opts)).toBe(true);
    expect(pushTrailPoint(points, { t: 5_000, lon: 1, lat: 1 }, opts)).toBe(false);
    expect(points).toHaveLength(1);
  });

  it('trimming drops exactly the points before the window', () => {
    const points: TrailPoint[] = [0, 10, 20, 30].map((t) => ({ t, lon: t, lat: 0 }));
    expect(trimTrail(points, 30, { ...opts, windowMs: 15 })).toBe(true);
    expect(points.map((p) => p.t)).toEqual([20, 30]);
    expect(trimTrail(points, 30, { ...opts, windowMs: 15 })).toBe(false);
  });
});
