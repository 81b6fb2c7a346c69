import { describe, expect, it } from 'vitest';
import { flightPath, horizontalM } from '../../../missions/flight-path.js';
import { LocalFrame } from '../../../missions/geo/local-frame.js';
import type { Plan, PlanStep } from '../../../missions/plan.js';

const home = { lat: 30, lon: 120 };
const frame = new LocalFrame(home);
const at = (x: number, y: number) => frame.toLatLon(x, y);
const plan = (steps: PlanStep[]): Plan => ({ pattern: 'waypoints', home, steps, photos: [] });
const opts = { cruiseSpeedMps: 10 };

describe('flight path', () => {
  it('climbs at home, flies each leg, and returns and descends for RTL', () => {
    const p = flightPath(plan([{ kind: 'takeoff', altitude: 30 }, { kind: 'waypoint', at: at(100, 0), altitude: 40 }, { kind: 'rtl' }]), opts);
    expect(p.legs.map((l) => [l.kind, l.step, l.fromStep])).toEqual([['climb', 0, null], ['transit', 1, 0], ['transit', 2, 1], ['descent', 2, 2]]);
    expect(p.legs[1].horizontalM).toBeCloseTo(100, 0);
    expect(p.legs[2].to).toMatchObject({ lat: home.lat, lon: home.lon, alt: 40 });
  });

  it.each([[50, 'clockwise', 1], [-50, 'counter-clockwise', -1]])('circles a radius of %d m %s from the nearest edge', (radiusM, _dir, sign) => {
    const centre = at(0, 200);
    const p = flightPath(plan([{ kind: 'takeoff', altitude: 30 }, { kind: 'loiter-turns', at: centre, altitude: 30, turns: 1, radiusM }]), opts);
    const orbit = p.legs.filter((l) => l.kind === 'orbit');
    expect(orbit).toHaveLength(36);
    // From home (south of the centre) the nearest edge point is 150 m north of home.
    const edge = frame.toLocal(orbit[0].from);
    expect(edge.x).toBeCloseTo(0, 3);
    expect(edge.y).toBeCloseTo(150, 3);
    // Clockwise seen from above goes west from the southernmost point.
    expect(Math.sign(frame.toLocal(orbit[0].to).x)).toBe(-sign);
    expect(orbit.reduce((s, l) => s + l.horizontalM, 0)).toBeCloseTo(2 * Math.PI * 50, 6);
  });

  it('triggers by straight-line distance from the last photo, so a corner brings the next photo sooner', () => {
    const p = flightPath(plan([
      { kind: 'takeoff', altitude: 30 },
      { kind: 'camera-distance', distanceM: 50 },
      { kind: 'waypoint', at: at(60, 0), altitude: 30 },
      { kind: 'waypoint', at: at(60, 100), altitude: 30 },
    ]), opts);
    const xy = p.photos.map((f) => frame.toLocal(f));
    // At home, at 50 m east, then 50 m from (50, 0) along the north leg: 10² + y² = 50².
    expect(xy).toHaveLength(4);
    expect(xy[1].x).toBeCloseTo(50, 1);
    expect(xy[2].x).toBeCloseTo(60, 1);
    expect(xy[2].y).toBeCloseTo(Math.sqrt(50 ** 2 - 10 ** 2), 1);
    for (let i = 1; i < xy.length; i++) expect(horizontalM(p.photos[i - 1], p.photos[i])).toBeCloseTo(50, 0);
  });

  it('still takes the last photo of a lane that degE7 rounding left a centimetre short of whole intervals', () => {
    const lane = (length: number) => flightPath(plan([
      { kind: 'takeoff', altitude: 30 },
      { kind: 'camera-distance', distanceM: 20 },
      { kind: 'waypoint', at: at(length, 0), altitude: 30 },
    ]), opts).photos.length;
    expect(lane(99.99)).toBe(6);
    expect(lane(99.9)).toBe(5);
  });

  it('faces photos taken standing the way the next leg goes, or the ROI when one is set', () => {
    const p = flightPath(plan([
      { kind: 'takeoff', altitude: 30 },
      { kind: 'photo' },
      { kind: 'waypoint', at: at(0, 100), altitude: 30 },
      { kind: 'roi', at: at(100, 100), altitude: 0 },
      { kind: 'photo' },
    ]), opts);
    expect(p.photos.map((f) => Math.round(f.heading))).toEqual([0, 90]);
  });

  it('keeps holds apart from legs and skips photo points when asked', () => {
    const p = flightPath(plan([
      { kind: 'takeoff', altitude: 30 },
      { kind: 'waypoint', at: at(10, 0), altitude: 30, holdS: 5 },
      { kind: 'loiter-time', at: at(20, 0), altitude: 30, seconds: 8 },
      { kind: 'photo' },
    ]), { ...opts, photos: false });
    expect(p.holds).toEqual([{ step: 1, seconds: 5 }, { step: 2, seconds: 8 }]);
    expect(p.photos).toEqual([]);
  });
});
