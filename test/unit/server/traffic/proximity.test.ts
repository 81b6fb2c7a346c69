import { describe, expect, it } from 'vitest';
import { ALERT_HORIZONTAL_M, mayBeNear, separation, within } from '../../../../server/traffic/proximity.js';

/** Metres per degree of latitude on the sphere turf measures with (radius 6 371 008.8 m). */
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;
const drone = { lat: 26.6, lon: 106.64, altMsl: 1100 };
const north = (m: number, altMsl: number | null) => ({ lat: drone.lat + m / M_PER_DEG, lon: drone.lon, altMsl });

describe('traffic proximity', () => {
  it('measures horizontal distance on the ground and height as aircraft above drone', () => {
    const s = separation(north(800, 1300), drone);
    expect(s.horizontalM).toBeCloseTo(800, 3);
    expect(s.verticalM).toBeCloseTo(200, 6);
    expect(separation(north(0, 900), drone).verticalM).toBeCloseTo(-200, 6);
  });

  it('warns within 1 km across and 300 m up or down, on both sides of each limit', () => {
    expect(within(separation(north(999, 1400), drone))).toBe(true);
    expect(within(separation(north(1001, 1100), drone))).toBe(false);
    expect(within(separation(north(100, 1399), drone))).toBe(true);
    expect(within(separation(north(100, 1401), drone))).toBe(false);
    expect(within(separation(north(100, 799), drone))).toBe(false);
  });

  it('judges an aircraft without altitude on distance alone', () => {
    expect(separation(north(500, null), drone).verticalM).toBeNull();
    expect(within(separation(north(500, null), drone))).toBe(true);
  });

  it('holds a warning until 10 % beyond a limit', () => {
    const s = separation(north(1050, 1100), drone);
    expect(within(s)).toBe(false);
    expect(within(s, 1.1)).toBe(true);
    expect(within(separation(north(1110, 1100), drone), 1.1)).toBe(false);
  });

  it('skips the exact maths only for aircraft certainly out of reach in latitude', () => {
    expect(mayBeNear(north(ALERT_HORIZONTAL_M, 0), drone)).toBe(true);
    expect(mayBeNear(north(5_000, 0), drone)).toBe(false);
  });
});
