import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportWaypoints, parseWaypoints } from '../../../../missions/formats/waypoints.js';
import { fixture, globalItem, missionItems } from './support.js';

describe('QGC WPL 110 .waypoints', () => {
  it('reads a Mission Planner list: home as item 0, take-off, speed, waypoints, camera trigger, RTL', () => {
    const r = parseWaypoints(fixture('plans', 'corridor-mission.waypoints'));
    if (!r.ok) throw new Error(r.error.message);
    const items = r.value;
    expect(items.map((it) => it.command)).toEqual([16, 22, 178, 16, 206, 16, 16, 206, 20]);
    expect(items.map((it) => it.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(items[0]).toEqual({ ...globalItem(0, 16, 0, 265875000, 1066505000, 1095.5), current: true });
    expect(items[2]).toMatchObject({ frame: 3, param1: 1, param2: 8, param3: -1, x: 0, y: 0 });
    expect(items[4]).toMatchObject({ frame: 2, param1: 18.5, param3: 1 });
    expect(items[6]).toMatchObject({ frame: 3, param1: 2, x: 265789500, y: 1066581500, z: 60 });
  });

  it('accepts Windows line ends, a byte-order mark, trailing blanks, blank lines and nan params', () => {
    const text = '\uFEFFQGC WPL 110\r\n0\t1\t0\t16\t0\t0\t0\t0\t26.6\t106.64\t1070\t1  \r\n\r\n1\t0\t3\t22\t0\t0\t0\tnan\t26.6\t106.64\t40\t1\r\n';
    const r = parseWaypoints(text);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toHaveLength(2);
    expect(r.value[1].param4).toBeNaN();
  });

  it('reads a header-only file as an empty mission', () => {
    expect(parseWaypoints('QGC WPL 110\n')).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['wrong-field-count.waypoints', 'line 7', 'expected 12 tab-separated fields, got 9'],
    ['latitude-out-of-range.waypoints', 'line 3', 'latitude 126.6 out of range'],
    ['missing-header.waypoints', 'line 1', 'expected the header "QGC WPL 110", got "0\\t1\\t0\\t16\\t0\\t0\\t0\\t0\\t26.5875\\t106.6505\\t1095.5…"'],
    ['altitude-not-a-number.waypoints', 'line 4', 'altitude "60m" is not a number'],
    ['skipped-seq.waypoints', 'line 4', 'seq 3, expected 2: items must be numbered 0, 1, 2 … in order'],
    ['space-separated.waypoints', 'line 2', 'expected 12 tab-separated fields, got 1'],
  ])('refuses %s as a whole, saying %s: …', (file, where, message) => {
    // The whole result is the error: no items from the good lines slip through.
    expect(parseWaypoints(fixture('plans', file))).toEqual({ ok: false, error: { where, message } });
  });

  it.each([
    ['', 'line 1', 'empty file: expected the header "QGC WPL 110"'],
    ['QGC WPL 120\n', 'line 1', 'unsupported version "QGC WPL 120": only "QGC WPL 110" is read'],
    ['QGC WPL 110\n0\t2\t0\t16\t0\t0\t0\t0\t1\t1\t1\t1\n', 'line 2', 'current must be 0 or 1, got 2'],
    ['QGC WPL 110\n0\t0\t0\t16\t0\t0\t0\t0\t1\t1\t1\t7\n', 'line 2', 'autocontinue must be 0 or 1, got 7'],
    ['QGC WPL 110\n0\t0\t300\t16\t0\t0\t0\t0\t1\t1\t1\t1\n', 'line 2', 'frame 300 is not a MAV_FRAME number (0–255)'],
    ['QGC WPL 110\n0\t0\t0\t70000\t0\t0\t0\t0\t1\t1\t1\t1\n', 'line 2', 'command 70000 is not a MAV_CMD number (0–65535)'],
    ['QGC WPL 110\n0\t0\t0\t16.5\t0\t0\t0\t0\t1\t1\t1\t1\n', 'line 2', 'command "16.5" is not an integer'],
    ['QGC WPL 110\n0\t0\t3\t16\t0\t0\t0\t0\t26.6\t-181\t1\t1\n', 'line 2', 'longitude -181 out of range'],
    ['QGC WPL 110\n0\t0\t3\t16\t0\t0\t0\t0\tnan\t106\t1\t1\n', 'line 2', 'latitude "nan" is not a number'],
  ])('refuses %j at %s: %s', (text, where, message) => {
    expect(parseWaypoints(text)).toEqual({ ok: false, error: { where, message } });
  });

  it('writes the header, then 12 tab-separated fields per item numbered from 0', () => {
    const items = [
      { ...globalItem(7, 16, 0, 265875000, 1066505000, 1095.5), current: true },
      { ...globalItem(9, 22, 3, 265875000, 1066505000, 60), param4: NaN },
      { ...globalItem(3, 206, 2, 0, 0, 0), param1: 18.5, param3: 1, autocontinue: false },
    ];
    expect(exportWaypoints(items)).toBe(
      'QGC WPL 110\n' +
        '0\t1\t0\t16\t0\t0\t0\t0\t26.5875\t106.6505\t1095.5\t1\n' +
        '1\t0\t3\t22\t0\t0\t0\tNaN\t26.5875\t106.6505\t60\t1\n' +
        '2\t0\t2\t206\t18.5\t0\t1\t0\t0\t0\t0\t0\n',
    );
  });

  it('round-trips random item lists to the same items', () => {
    fc.assert(
      fc.property(missionItems(0, true), (items) => {
        expect(parseWaypoints(exportWaypoints(items))).toEqual({ ok: true, value: items });
      }),
      { seed: 20240604, numRuns: 300 },
    );
  });
});
