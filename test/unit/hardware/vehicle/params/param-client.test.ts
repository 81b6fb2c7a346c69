import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../hardware/clock.js';
import { PARAM_TYPE, ParamClient, ParamError } from '../../../../../hardware/vehicle/params/index.js';
import type { ParamClientOptions, ParamEntry } from '../../../../../hardware/vehicle/params/index.js';
import { FakeVehicle, flush, track } from '../command/fake-vehicle.js';
import type { Tracked } from '../command/fake-vehicle.js';

const REQUEST_READ = 20;
const REQUEST_LIST = 21;
const PARAM_SET = 23;

/** The vehicle's parameters, in index order. */
const TABLE: [string, number, number][] = Array.from({ length: 30 }, (_, i) => [`PARAM_${String(i).padStart(2, '0')}`, i * 1.5, PARAM_TYPE.REAL32]);
TABLE[4] = ['RTL_ALT', 1500, PARAM_TYPE.INT32];

function paramValue(name: string, value: number, type: number, index: number, count = TABLE.length): common.ParamValue {
  const m = new common.ParamValue();
  m.paramId = name;
  m.paramValue = value;
  m.paramType = type as common.MavParamType;
  m.paramIndex = index;
  m.paramCount = count;
  return m;
}

function setup(opts: Partial<ParamClientOptions> = {}) {
  const clock = new ManualClock();
  const vehicle = new FakeVehicle(1, 1);
  const client = new ParamClient({ clock, send: vehicle.port, targetSystem: 1, targetComponent: 1, vehicleName: 'Forest survey', ...opts });
  /** The vehicle sends index `i` of TABLE. */
  const report = (i: number): void => vehicle.answer(client, paramValue(TABLE[i][0], TABLE[i][1], TABLE[i][2], i));
  const reads = (): common.ParamRequestRead[] => vehicle.sent<common.ParamRequestRead>(REQUEST_READ);
  const lists = (): common.ParamRequestList[] => vehicle.sent<common.ParamRequestList>(REQUEST_LIST);
  const sets = (): common.ParamSet[] => vehicle.sent<common.ParamSet>(PARAM_SET);
  return { clock, vehicle, client, report, reads, lists, sets };
}

async function errorOf(t: Tracked<unknown>): Promise<ParamError> {
  await flush();
  expect(t.state).toBe('rejected');
  expect(t.error).toBeInstanceOf(ParamError);
  return t.error as ParamError;
}

function expectFullTable(map: Map<string, ParamEntry> | undefined): void {
  expect([...map!.keys()]).toEqual(TABLE.map(([name]) => name));
  expect(map!.get('RTL_ALT')).toEqual({ value: 1500, type: PARAM_TYPE.INT32, index: 4 });
  expect(map!.get('PARAM_29')).toEqual({ value: 43.5, type: PARAM_TYPE.REAL32, index: 29 });
}

describe('parameter download', () => {
  it('asks with PARAM_REQUEST_LIST and resolves with every value in index order', async () => {
    const { client, report, lists, reads } = setup();
    const progress: [number, number][] = [];
    const t = track(client.fetchAll({ onProgress: (r, n) => progress.push([r, n]) }));
    expect(lists()).toEqual([expect.objectContaining({ targetSystem: 1, targetComponent: 1 })]);
    for (let i = TABLE.length - 1; i >= 0; i--) report(i);
    await flush();
    expect(t.state).toBe('resolved');
    expectFullTable(t.value);
    expect(progress).toHaveLength(30);
    expect(progress[29]).toEqual([30, 30]);
    expect(reads()).toEqual([]);
  });

  it('re-requests lost values by index once the stream has been quiet for 1 s', async () => {
    const { clock, client, report, reads } = setup();
    const t = track(client.fetchAll());
    const lost = new Set([3, 7, 29]);
    for (let i = 0; i < TABLE.length; i++) if (!lost.has(i)) report(i);
    clock.advance(999);
    expect(reads()).toEqual([]);
    clock.advance(1);
    expect(reads().map((m) => [m.paramIndex, m.paramId])).toEqual([[3, ''], [7, ''], [29, '']]);
    expect(reads().every((m) => m.targetSystem === 1 && m.targetComponent === 1)).toBe(true);
    report(7);
    report(29);
    clock.advance(1000);
    expect(reads().map((m) => m.paramIndex)).toEqual([3, 7, 29, 3]);
    report(3);
    await flush();
    expect(t.state).toBe('resolved');
    expectFullTable(t.value);
  });

  it('asks for at most 20 missing values per round', () => {
    const { clock, client, report, reads } = setup();
    void client.fetchAll().catch(() => {});
    report(0);
    clock.advance(1000);
    expect(reads().map((m) => m.paramIndex)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (let i = 1; i <= 20; i++) report(i);
    clock.advance(1000);
    expect(reads().slice(20).map((m) => m.paramIndex)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('gives up after three re-request rounds that bring nothing, naming how many are missing', async () => {
    const { clock, client, report, reads } = setup();
    const t = track(client.fetchAll());
    for (let i = 0; i < TABLE.length; i++) if (i !== 5 && i !== 6) report(i);
    clock.advance(1000 * 4 - 1);
    await flush();
    expect(t.state).toBe('pending');
    clock.advance(1);
    const e = await errorOf(t);
    expect(e).toMatchObject({ code: 'incomplete', received: 28, total: 30 });
    expect(e.message).toBe('Forest survey sent 28 of 30 parameters; 2 still missing after 3 re-request rounds with no answer');
    expect(reads().map((m) => m.paramIndex)).toEqual([5, 6, 5, 6, 5, 6]);
    expect(clock.pending).toBe(0);
  });

  it('resends PARAM_REQUEST_LIST to a silent vehicle and fails after three tries', async () => {
    const { clock, client, lists } = setup();
    const t = track(client.fetchAll());
    clock.advance(999);
    expect(lists()).toHaveLength(1);
    clock.advance(1);
    expect(lists()).toHaveLength(2);
    clock.advance(1999);
    await flush();
    expect(t.state).toBe('pending');
    clock.advance(1);
    const e = await errorOf(t);
    expect(e).toMatchObject({ code: 'timeout', message: 'no parameters from Forest survey after 3 PARAM_REQUEST_LIST tries' });
    expect(lists()).toHaveLength(3);
  });

  it('a second download while one runs joins it', async () => {
    const { client, report, lists } = setup();
    const a = client.fetchAll();
    const seen: number[] = [];
    const b = client.fetchAll({ onProgress: (r) => seen.push(r) });
    expect(b).toBe(a);
    for (let i = 0; i < TABLE.length; i++) report(i);
    await a;
    expect(lists()).toHaveLength(1);
    expect(seen).toHaveLength(30);
  });

  it('keeps a value another ground station changed during the download', async () => {
    const { vehicle, client, report } = setup();
    const t = track(client.fetchAll());
    for (let i = 0; i < 10; i++) report(i);
    vehicle.answer(client, paramValue('RTL_ALT', 2000, PARAM_TYPE.INT32, 0xffff));
    for (let i = 10; i < TABLE.length; i++) report(i);
    await flush();
    expect(t.value!.get('RTL_ALT')).toEqual({ value: 2000, type: PARAM_TYPE.INT32, index: 4 });
  });

  it('a download cancelled while queued is not joined by the next call', async () => {
    const { client, lists } = setup();
    const get = track(client.get('RTL_ALT'));
    const first = track(client.fetchAll());
    client.cancel();
    expect((await errorOf(first)).code).toBe('cancelled');
    expect((await errorOf(get)).code).toBe('cancelled');
    const second = client.fetchAll();
    expect(lists()).toHaveLength(1);
    void second.catch(() => {});
  });

  it('keeps what the download brought in the cache', async () => {
    const { client, report } = setup();
    const t = client.fetchAll();
    for (let i = 0; i < TABLE.length; i++) report(i);
    await t;
    expect(client.snapshot().size).toBe(30);
    expect(client.cached('RTL_ALT')).toEqual({ value: 1500, type: PARAM_TYPE.INT32, index: 4 });
  });

  it('ignores PARAM_VALUE from other systems and components', async () => {
    const { vehicle, client } = setup();
    const t = track(client.fetchAll());
    vehicle.answer(client, paramValue('X', 1, 9, 0, 1), { sysid: 2 });
    vehicle.answer(client, paramValue('X', 1, 9, 0, 1), { compid: 100 });
    await flush();
    expect(t.state).toBe('pending');
    expect(client.cached('X')).toBeUndefined();
  });
});

describe('parameter read and set', () => {
  it('reads one parameter by name with index -1', async () => {
    const { vehicle, client, reads } = setup();
    const t = track(client.get('RTL_ALT'));
    expect(reads().map((m) => [m.paramIndex, m.paramId])).toEqual([[-1, 'RTL_ALT']]);
    vehicle.answer(client, paramValue('PARAM_00', 0, 9, 0));
    vehicle.answer(client, paramValue('RTL_ALT', 1500, PARAM_TYPE.INT32, 4));
    await flush();
    expect(t.value).toEqual({ value: 1500, type: PARAM_TYPE.INT32, index: 4 });
  });

  it('resends a read on silence and times out after four tries, not before', async () => {
    const { clock, client, reads } = setup();
    const t = track(client.get('NO_SUCH'));
    clock.advance(999);
    expect(reads()).toHaveLength(1);
    clock.advance(1);
    expect(reads()).toHaveLength(2);
    clock.advance(2999);
    await flush();
    expect(t.state).toBe('pending');
    clock.advance(1);
    const e = await errorOf(t);
    expect(e).toMatchObject({ code: 'timeout', param: 'NO_SUCH', message: 'no answer from Forest survey to reading NO_SUCH after 4 tries' });
    expect(reads()).toHaveLength(4);
  });

  it('sets a value confirmed by the echo, compared as float32', async () => {
    const { vehicle, client, sets } = setup();
    const t = track(client.set('WPNAV_SPEED', 0.1));
    expect(sets()).toHaveLength(1);
    expect(sets()[0]).toMatchObject({ paramId: 'WPNAV_SPEED', paramType: PARAM_TYPE.REAL32, targetSystem: 1, targetComponent: 1 });
    vehicle.answer(client, paramValue('WPNAV_SPEED', Math.fround(0.1), PARAM_TYPE.REAL32, 0xffff));
    await flush();
    expect(t.value).toEqual({ value: Math.fround(0.1), type: PARAM_TYPE.REAL32, index: -1 });
    expect(client.cached('WPNAV_SPEED')?.value).toBe(Math.fround(0.1));
  });

  it('rejects a set the vehicle answers with a different value', async () => {
    const { clock, vehicle, client, sets } = setup();
    const t = track(client.set('RTL_ALT', 99999, PARAM_TYPE.INT32));
    vehicle.answer(client, paramValue('RTL_ALT', 1500, PARAM_TYPE.INT32, 4));
    const e = await errorOf(t);
    expect(e).toMatchObject({ code: 'rejected', param: 'RTL_ALT', actual: 1500 });
    expect(e.message).toBe('Forest survey kept RTL_ALT at 1500 instead of 99999 (refused, clamped or read-only)');
    clock.advance(10_000);
    expect(sets()).toHaveLength(1);
  });

  it('resends a set on silence and times out after four tries, not before', async () => {
    const { clock, client, sets } = setup();
    const t = track(client.set('RTL_ALT', 2000, PARAM_TYPE.INT32));
    clock.advance(3999);
    await flush();
    expect(t.state).toBe('pending');
    expect(sets()).toHaveLength(4);
    clock.advance(1);
    const e = await errorOf(t);
    expect(e).toMatchObject({ code: 'timeout', message: 'no answer from Forest survey to setting RTL_ALT = 2000 after 4 tries' });
    expect(clock.pending).toBe(0);
  });

  it('uses the known type of a parameter and refuses a fraction for an integer before sending', async () => {
    const { vehicle, client, sets } = setup();
    vehicle.answer(client, paramValue('RTL_ALT', 1500, PARAM_TYPE.INT32, 4));
    const bad = await errorOf(track(client.set('RTL_ALT', 12.5)));
    expect(bad).toMatchObject({ code: 'invalid', message: 'RTL_ALT is INT32: 12.5 is not a whole number from -2147483648 to 2147483647' });
    expect(sets()).toEqual([]);
    void client.set('RTL_ALT', 1200);
    expect(sets()[0].paramType).toBe(PARAM_TYPE.INT32);
    expect(sets()[0].paramValue).toBe(1200);
  });

  it.each([
    ['', 'parameter name must be a non-empty string'],
    ['THIS_NAME_IS_TOO_LONG', 'parameter name "THIS_NAME_IS_TOO_LONG" is longer than 16 characters'],
    ['RTL ALT', 'must be printable ASCII without spaces'],
  ])('refuses the parameter name %j before sending', async (name, words) => {
    const { vehicle, client } = setup();
    expect((await errorOf(track(client.get(name)))).message).toContain(words);
    expect((await errorOf(track(client.set(name, 1)))).code).toBe('invalid');
    expect(vehicle.inbox).toEqual([]);
  });

  it('refuses a value that is not a finite number', async () => {
    const { vehicle, client } = setup();
    expect((await errorOf(track(client.set('X', NaN)))).message).toBe('X must be set to a finite number, got NaN');
    expect(vehicle.inbox).toEqual([]);
  });

  it('runs operations one at a time: a set waits for the download to finish', async () => {
    const { vehicle, client, report, sets } = setup();
    const fetch = track(client.fetchAll());
    const set = track(client.set('RTL_ALT', 2000));
    expect(sets()).toEqual([]);
    for (let i = 0; i < TABLE.length; i++) report(i);
    await flush();
    expect(fetch.state).toBe('resolved');
    expect(sets()).toHaveLength(1);
    expect(sets()[0].paramType).toBe(PARAM_TYPE.INT32);
    vehicle.answer(client, paramValue('RTL_ALT', 2000, PARAM_TYPE.INT32, 4));
    await flush();
    expect(set.value).toEqual({ value: 2000, type: PARAM_TYPE.INT32, index: 4 });
  });

  it('stop() rejects the running and queued operations as cancelled and refuses new ones', async () => {
    const { clock, vehicle, client } = setup();
    const fetch = track(client.fetchAll());
    const get = track(client.get('RTL_ALT'));
    client.stop('vehicle connection closed');
    const errors = await Promise.all([errorOf(fetch), errorOf(get)]);
    expect(errors.map((e) => e.code)).toEqual(['cancelled', 'cancelled']);
    expect(errors[0].message).toBe('parameter download from Forest survey cancelled: vehicle connection closed');
    expect(errors[1].message).toBe('reading RTL_ALT on Forest survey cancelled before it started: vehicle connection closed');
    expect((await errorOf(track(client.fetchAll()))).code).toBe('cancelled');
    const sent = vehicle.inbox.length;
    clock.advance(10_000);
    expect(vehicle.inbox).toHaveLength(sent);
    expect(clock.pending).toBe(0);
  });

  it('an aborted signal cancels the running read and starts the next operation', async () => {
    const { vehicle, client, reads } = setup();
    const controller = new AbortController();
    const first = track(client.get('A', { signal: controller.signal }));
    const second = track(client.get('B'));
    controller.abort();
    expect((await errorOf(first)).code).toBe('cancelled');
    expect(reads().map((m) => m.paramId)).toEqual(['A', 'B']);
    vehicle.answer(client, paramValue('B', 2, 9, 1));
    await flush();
    expect(second.state).toBe('resolved');
  });

  it('carries integers bytewise in the float when asked to (PX4)', async () => {
    const { vehicle, client, sets } = setup({ bytewise: true });
    const t = track(client.set('SYS_AUTOSTART', 4001, PARAM_TYPE.INT32));
    const wire = sets()[0].paramValue;
    const bytes = new DataView(new ArrayBuffer(4));
    bytes.setFloat32(0, wire, true);
    expect(bytes.getInt32(0, true)).toBe(4001);
    vehicle.answer(client, paramValue('SYS_AUTOSTART', wire, PARAM_TYPE.INT32, 12));
    await flush();
    expect(t.value).toEqual({ value: 4001, type: PARAM_TYPE.INT32, index: 12 });
  });
});
