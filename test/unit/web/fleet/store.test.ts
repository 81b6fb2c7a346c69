import { describe, expect, it } from 'vitest';
import { FleetStore } from '../../../../web/fleet/store.js';
import { at, vehicle } from '../vehicle-fixture.js';

describe('FleetStore', () => {
  it('a snapshot replaces the fleet and drops vehicles it no longer lists', () => {
    const store = new FleetStore();
    store.replaceAll([vehicle({ id: 'a' }), vehicle({ id: 'b' })], 0);
    store.takeChanges();
    store.replaceAll([vehicle({ id: 'b', mode: 'AUTO' }), vehicle({ id: 'c' })], 1000);
    expect([...store.values()].map((v) => v.id).sort()).toEqual(['b', 'c']);
    expect(store.get('b')?.mode).toBe('AUTO');
    expect(store.trail('a')).toEqual([]);
    const changes = store.takeChanges();
    expect(changes.membership).toBe(true);
    expect([...changes.changed].sort()).toEqual(['b', 'c']);
  });

  it('an update batch changes only the vehicles it carries and learns the server clock offset', () => {
    const store = new FleetStore();
    store.replaceAll([vehicle({ id: 'a' }), vehicle({ id: 'b' })], 0);
    store.takeChanges();
    store.apply({ t: 5_000, src: 's', seq: 1, vehicles: [vehicle({ id: 'a', armed: true })] }, 1_000);
    const changes = store.takeChanges();
    expect([...changes.changed]).toEqual(['a']);
    expect(changes.membership).toBe(false);
    expect(store.get('a')?.armed).toBe(true);
    expect(store.get('b')?.armed).toBe(false);
    expect(store.serverClockOffset).toBe(4_000);
  });

  it('an update carrying a new vehicle or a rename asks for the list to be re-sorted', () => {
    const store = new FleetStore();
    store.replaceAll([vehicle({ id: 'a' })], 0);
    store.takeChanges();
    store.apply({ t: 0, src: 's', seq: 1, vehicles: [vehicle({ id: 'a', name: 'renamed' })] }, 10);
    expect(store.takeChanges().membership).toBe(true);
    store.apply({ t: 0, src: 's', seq: 1, vehicles: [vehicle({ id: 'a', name: 'renamed', mode: 'RTL' })] }, 20);
    expect(store.takeChanges().membership).toBe(false);
  });

  it('takeChanges resets what changed', () => {
    const store = new FleetStore();
    store.replaceAll([vehicle({ id: 'a' })], 0);
    expect(store.hasChanges()).toBe(true);
    store.takeChanges();
    expect(store.hasChanges()).toBe(false);
    const empty = store.takeChanges();
    expect(empty.changed.size).toBe(0);
    expect(empty.membership).toBe(false);
    expect(empty.trails).toBe(false);
  });

  it('positions from updates extend the vehicle trail', () => {
    const store = new FleetStore();
    const a = vehicle({ id: 'a' });
    store.replaceAll([at(a, 22.5, 113.9)], 0);
    store.apply({ t: 0, src: 's', seq: 1, vehicles: [at(a, 22.501, 113.9)] }, 2_000);
    store.apply({ t: 0, src: 's', seq: 1, vehicles: [at(a, 22.502, 113.9)] }, 4_000);
    expect(store.trail('a').map((p) => p.lat)).toEqual([22.5, 22.501, 22.502]);
    expect(store.takeChanges().trails).toBe(true);
  });

  it('a vehicle without position has no trail', () => {
    const store = new FleetStore();
    store.replaceAll([vehicle({ id: 'a', position: null })], 0);
    expect(store.trail('a')).toEqual([]);
  });

  it('removing a vehicle forgets its trail and status texts', () => {
    const store = new FleetStore();
    store.replaceAll([vehicle({ id: 'a' })], 0);
    store.addStatusText({ vehicleId: 'a', time: 1, severity: 6, text: 'hello' });
    store.takeChanges();
    store.remove('a');
    expect(store.size).toBe(0);
    expect(store.trail('a')).toEqual([]);
    expect(store.statusTexts('a')).toEqual([]);
    const changes = store.takeChanges();
    expect(changes.membership).toBe(true);
    expect(changes.trails).toBe(true);
  });

  it('a link event marks the vehicle lost before the next batch', () => {
    const store = new FleetStore();
    store.replaceAll([vehicle({ id: 'a' })], 0);
    store.takeChanges();
    store.setLinkState('a', 'lost');
    expect(store.get('a')?.linkState).toBe('lost');
    expect([...store.takeChanges().changed]).toEqual(['a']);
    store.setLinkState('a', 'lost');
    expect(store.takeChanges().changed.size).toBe(0);
  });

  it('status texts are kept in time order, bounded, and a repeat delivery is stored once', () => {
    const store = new FleetStore({ maxStatusTexts: 3 });
    store.replaceAll([vehicle({ id: 'a' })], 0);
    for (const time of [4, 1, 3, 2]) store.addStatusText({ vehicleId: 'a', time, severity: 6, text: `t${time}` });
    store.addStatusText({ vehicleId: 'a', time: 4, severity: 6, text: 't4' });
    expect(store.statusTexts('a').map((m) => m.text)).toEqual(['t2', 't3', 't4']);
    expect([...store.takeChanges().statusTexts]).toEqual(['a']);
  });

  it('status texts for unknown vehicles are ignored', () => {
    const store = new FleetStore();
    store.addStatusText({ vehicleId: 'ghost', time: 1, severity: 6, text: 'boo' });
    expect(store.statusTexts('ghost')).toEqual([]);
  });

  it('pruning drops the trails of vehicles that went quiet', () => {
    const store = new FleetStore({ trail: { windowMs: 10_000, minIntervalMs: 1_000, maxPoints: 100 } });
    const a = vehicle({ id: 'a' });
    store.replaceAll([at(a, 1, 1)], 0);
    store.apply({ t: 0, src: 's', seq: 1, vehicles: [at(a, 2, 2)] }, 5_000);
    store.takeChanges();
    store.pruneTrails(12_000);
    expect(store.trail('a').map((p) => p.t)).toEqual([5_000]);
    expect(store.takeChanges().trails).toBe(true);
    store.pruneTrails(20_000);
    expect(store.trail('a')).toEqual([]);
    expect([...store.allTrails()]).toEqual([]);
  });
});
