import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, multicopterState, stepMulticopter } from '../../../../hardware/sim/multicopter.js';
import { ClosedPath, patrolPath } from '../../../../hardware/sim/patrol.js';
import { MSG, StreamScheduler } from '../../../../hardware/sim/streams.js';
import { LocalFrame, metresPerDegree } from '../../../../hardware/sim/world.js';

describe('local frame', () => {
  it('uses WGS84 metres per degree at the latitude', () => {
    expect(metresPerDegree(0).lat).toBeCloseTo(110574, -1);
    expect(metresPerDegree(0).lon).toBeCloseTo(111320, -1);
    expect(metresPerDegree(45).lon).toBeCloseTo(78847, -1);
    expect(metresPerDegree(60).lon).toBeCloseTo(55800, -2);
  });

  it('round-trips local metres through degrees', () => {
    const f = new LocalFrame({ lat: 47.397742, lon: 8.545594 });
    const p = f.toGeo(1234.5, -678.9);
    const back = f.toLocal(p);
    expect(back.east).toBeCloseTo(1234.5, 6);
    expect(back.north).toBeCloseTo(-678.9, 6);
    expect(p.lat).toBeLessThan(47.397742);
    expect(p.lon).toBeGreaterThan(8.545594);
  });
});

describe('patrol paths', () => {
  const frame = new LocalFrame({ lat: 30, lon: 120 });

  it('builds a circle of the given radius around the centre, flown clockwise', () => {
    const path = patrolPath({ center: frame.toGeo(100, 50), radius: 200, altitude: 60 }, frame);
    expect(path.length).toBeCloseTo(2 * Math.PI * 200, -1);
    for (const p of path.points) expect(Math.hypot(p.east - 100, p.north - 50)).toBeCloseTo(200, 6);
    // Starting north of the centre, clockwise goes east.
    expect(path.courseAt(0)).toBeCloseTo(Math.PI / 2, 1);
  });

  it('builds a racetrack along the requested axis', () => {
    const ew = patrolPath({ center: { lat: 30, lon: 120 }, radius: 200, altitude: 60, shape: 'racetrack' }, frame);
    const ns = patrolPath({ center: { lat: 30, lon: 120 }, radius: 200, altitude: 60, shape: 'racetrack', axis: 0 }, frame);
    const span = (path: ClosedPath, k: 'east' | 'north'): number => Math.max(...path.points.map((p) => p[k])) - Math.min(...path.points.map((p) => p[k]));
    expect(span(ew, 'east')).toBeCloseTo(400, 0);
    expect(span(ew, 'north')).toBeCloseTo(160, 0);
    expect(span(ns, 'north')).toBeCloseTo(400, 0);
    expect(span(ns, 'east')).toBeCloseTo(160, 0);
    // Two straights of 240 m and two half circles of 80 m radius.
    expect(ew.length).toBeCloseTo(2 * 240 + 2 * Math.PI * 80, -1);
  });

  it('finds the nearest point on the loop and walks it by arc length', () => {
    const square = new ClosedPath([
      { east: 0, north: 0 },
      { east: 10, north: 0 },
      { east: 10, north: 10 },
      { east: 0, north: 10 },
    ]);
    expect(square.length).toBe(40);
    expect(square.nearest({ east: 12, north: 5 })).toEqual({ s: 15, distance: 2, segment: 1 });
    expect(square.nearest({ east: 5, north: 11 }, 2)).toEqual({ s: 25, distance: 1, segment: 2 });
    expect(square.pointAt(45)).toEqual({ east: 5, north: 0 });
    expect(square.pointAt(-5)).toEqual({ east: 0, north: 5 });
  });

  it('rejects a non-positive radius', () => {
    expect(() => patrolPath({ center: { lat: 30, lon: 120 }, radius: 0, altitude: 60 }, frame)).toThrow('patrol radius must be positive');
  });
});

describe('multicopter kinematics', () => {
  it('accelerates no faster than its limit and tops out at its speed limit', () => {
    const s = multicopterState({ up: 50 });
    const speeds: number[] = [];
    for (let i = 0; i < 200; i++) {
      stepMulticopter(s, { course: 1, speed: 30, climb: 0 }, 0.05, DEFAULT_LIMITS);
      speeds.push(s.speed);
    }
    const accel = speeds.slice(1).map((v, i) => (v - speeds[i]) / 0.05);
    expect(Math.max(...accel)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAccel + 1e-9);
    expect(s.speed).toBe(DEFAULT_LIMITS.maxSpeed);
    expect(s.course).toBeCloseTo(1, 9);
  });

  it('turns its track no faster than its turn rate', () => {
    const s = multicopterState({ up: 50, speed: 2, course: 0 });
    stepMulticopter(s, { course: Math.PI / 2, speed: 2, climb: 0 }, 0.1, DEFAULT_LIMITS);
    expect(s.course).toBeCloseTo((DEFAULT_LIMITS.maxTurnRate * Math.PI) / 180 * 0.1, 9);
  });

  it('climbs and descends within its vertical limits and stops at the ground', () => {
    const s = multicopterState({ up: 10 });
    let maxClimb = 0;
    for (let i = 0; i < 100; i++) {
      stepMulticopter(s, { course: 0, speed: 0, climb: 10 }, 0.05, DEFAULT_LIMITS);
      maxClimb = Math.max(maxClimb, s.climb);
    }
    expect(maxClimb).toBe(DEFAULT_LIMITS.maxClimb);
    for (let i = 0; i < 1000; i++) stepMulticopter(s, { course: 0, speed: 0, climb: -10 }, 0.05, DEFAULT_LIMITS);
    expect(s.climb).toBe(0);
    expect(s.up).toBe(0);
  });
});

describe('stream scheduler', () => {
  it('sends each message when due and only then', () => {
    const sch = new StreamScheduler(0);
    const at = (t: number): number[] => {
      const out: number[] = [];
      sch.due(t, out);
      return out.sort((a, b) => a - b);
    };
    expect(at(0)).toEqual([0, 1, 24, 30, 33, MSG.MISSION_CURRENT, 74, 147, 242]);
    expect(at(50)).toEqual([]);
    expect(at(100)).toEqual([MSG.ATTITUDE, MSG.GLOBAL_POSITION_INT]);
    expect(at(250)).toEqual([MSG.ATTITUDE, MSG.GLOBAL_POSITION_INT, MSG.VFR_HUD]);
  });

  it('restarts from now after falling behind instead of bursting', () => {
    const sch = new StreamScheduler(0);
    sch.due(0, []);
    const out: number[] = [];
    sch.due(5000, out);
    expect(out.filter((id) => id === MSG.GLOBAL_POSITION_INT)).toHaveLength(1);
    const next: number[] = [];
    sch.due(5050, next);
    expect(next).not.toContain(MSG.GLOBAL_POSITION_INT);
  });

  it('maps legacy stream groups the way ArduPilot does', () => {
    const sch = new StreamScheduler(0, false);
    expect(sch.intervalUs(MSG.SYS_STATUS)).toBe(-1);
    expect(sch.requestStream(2, 5, true, 0)).toBe(true);
    expect([sch.intervalUs(MSG.SYS_STATUS), sch.intervalUs(MSG.GPS_RAW_INT), sch.intervalUs(MSG.ATTITUDE)]).toEqual([200_000, 200_000, -1]);
    expect(sch.requestStream(2, 5, false, 0)).toBe(true);
    expect(sch.intervalUs(MSG.SYS_STATUS)).toBe(-1);
    expect(sch.requestStream(99, 5, true, 0)).toBe(false);
    expect(sch.intervalUs(MSG.HEARTBEAT)).toBe(1_000_000);
  });
});
