import { describe, expect, it } from 'vitest';
import { FlightHistory, SampleRing } from '../../../../web/watch/flight-history.js';
import { vehicle } from '../vehicle-fixture.js';

const T0 = 1_767_225_600_000;

describe('sample ring', () => {
  it('keeps the newest samples, oldest first, once full', () => {
    const ring = new SampleRing(3);
    for (let i = 1; i <= 5; i++) ring.push(i * 1000, i * 10, 100 - i);
    expect(ring.length).toBe(3);
    expect(ring.columns()).toEqual([
      [3, 4, 5],
      [30, 40, 50],
      [97, 96, 95],
    ]);
    expect(ring.lastTime()).toBe(5000);
  });

  it('gives null for unknown values so the chart line breaks', () => {
    const ring = new SampleRing(2);
    ring.push(1000, NaN, 50);
    expect(ring.columns()).toEqual([[1], [null], [50]]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new SampleRing(0)).toThrow(RangeError);
  });
});

describe('flight history', () => {
  const armed = (id: string, altRel: number, percent: number) =>
    vehicle({ id, armed: true, position: { lat: 22.5, lon: 113.9, altMsl: altRel + 10, altRel }, battery: { percent, voltage: 16, current: 10 } });

  it('samples an armed vehicle at most once per interval', () => {
    const history = new FlightHistory({ intervalMs: 1000 });
    expect(history.observe(armed('v1', 5, 99), T0)).toBe(true);
    expect(history.observe(armed('v1', 6, 99), T0 + 999)).toBe(false);
    expect(history.observe(armed('v1', 7, 98), T0 + 1000)).toBe(true);
    expect(history.get('v1')!.columns()[1]).toEqual([5, 7]);
  });

  it('records nothing on the ground, and starts a new flight when the vehicle arms again', () => {
    const history = new FlightHistory({ intervalMs: 1000 });
    expect(history.observe(vehicle({ id: 'v1' }), T0)).toBe(false);
    expect(history.get('v1')).toBeUndefined();
    history.observe(armed('v1', 10, 90), T0 + 1000);
    history.observe(armed('v1', 20, 80), T0 + 2000);
    history.observe(vehicle({ id: 'v1', armed: false }), T0 + 3000);
    // The landed flight stays visible until the next take-off.
    expect(history.get('v1')!.length).toBe(2);
    history.observe(armed('v1', 1, 79), T0 + 4000);
    expect(history.get('v1')!.columns()).toEqual([[(T0 + 4000) / 1000], [1], [79]]);
  });

  it('forgets a removed vehicle', () => {
    const history = new FlightHistory();
    history.observe(armed('v1', 10, 90), T0);
    history.remove('v1');
    expect(history.get('v1')).toBeUndefined();
  });
});
