import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../hardware/clock.js';
import type { ParamError } from '../../../../../hardware/vehicle/params/param-error.js';
import { FETCH_DEFAULTS, ParamFetch } from '../../../../../hardware/vehicle/params/param-fetch.js';
import type { ReportedParam } from '../../../../../hardware/vehicle/params/param-fetch.js';
import type { ParamEntry } from '../../../../../hardware/vehicle/params/param-value.js';

function setup() {
  const clock = new ManualClock();
  const sent: MavLinkData[] = [];
  const finished: (Map<string, ParamEntry> | ParamError)[] = [];
  const fetch = new ParamFetch(FETCH_DEFAULTS, {
    clock,
    send: (d) => sent.push(d),
    targetSystem: 1,
    targetComponent: 1,
    vehicleName: () => 'v',
    progress: () => {},
    finish: (r) => finished.push(r),
  });
  const value = (index: number, count = 3): ReportedParam => ({ name: `P${index}`, value: index, type: 9, index, count });
  return { clock, sent, finished, fetch, value };
}

describe('parameter download machine', () => {
  it('steps listing → streaming → recovering → finished', () => {
    const { clock, sent, finished, fetch, value } = setup();
    fetch.start();
    expect(fetch.step).toEqual({ kind: 'listing', tries: 1 });
    fetch.onValue(value(0));
    expect(fetch.step).toEqual({ kind: 'streaming' });
    clock.advance(1000);
    expect(fetch.step).toEqual({ kind: 'recovering', round: 1, stale: 0 });
    expect(sent.filter((m) => m instanceof common.ParamRequestRead).map((m) => (m as common.ParamRequestRead).paramIndex)).toEqual([1, 2]);
    fetch.onValue(value(1));
    fetch.onValue(value(2));
    expect(fetch.step).toEqual({ kind: 'finished' });
    expect(finished).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('forgets indexes past the end when the vehicle reports a smaller count', () => {
    const { finished, fetch, value } = setup();
    fetch.start();
    fetch.onValue(value(0, 3));
    fetch.onValue(value(2, 3));
    fetch.onValue(value(1, 2));
    expect(finished).toHaveLength(1);
    expect([...(finished[0] as Map<string, ParamEntry>).keys()]).toEqual(['P0', 'P1']);
  });

  it('ignores duplicates for progress and quiet time', () => {
    const { clock, sent, fetch, value } = setup();
    fetch.start();
    fetch.onValue(value(0));
    clock.advance(600);
    fetch.onValue(value(0));
    clock.advance(400);
    expect(sent.some((m) => m instanceof common.ParamRequestRead)).toBe(true);
  });
});
