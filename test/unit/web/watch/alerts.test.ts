import { describe, expect, it } from 'vitest';
import { AlertTracker, isFenceBreach, levelOfSeverity } from '../../../../web/watch/alerts.js';
import { vehicle } from '../vehicle-fixture.js';

const T0 = 1_767_225_600_000;

describe('alert derivation', () => {
  it('maps MAVLink severities to levels', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(levelOfSeverity)).toEqual(['critical', 'critical', 'critical', 'critical', 'warning', 'notice', 'notice']);
  });

  it('recognises geofence breaches as ArduPilot and PX4 word them, but not arming refusals', () => {
    expect(isFenceBreach('Fence Breached: Polygon')).toBe(true);
    expect(isFenceBreach('Geofence violation')).toBe(true);
    expect(isFenceBreach('Arm: Vehicle outside fence')).toBe(false);
    expect(isFenceBreach('PreArm: Fence breached')).toBe(false);
    expect(isFenceBreach('Battery 1 is low')).toBe(false);
  });

  it('raises a link-lost alert while the link is lost and marks it inactive when it comes back', () => {
    const alerts = new AlertTracker();
    expect(alerts.observeVehicle(vehicle({ id: 'v1', linkState: 'lost' }), T0)).toBe(true);
    expect(alerts.badges().get('v1')).toBe('critical');
    // Still lost: nothing new.
    expect(alerts.observeVehicle(vehicle({ id: 'v1', linkState: 'lost' }), T0 + 100)).toBe(false);
    expect(alerts.observeVehicle(vehicle({ id: 'v1', linkState: 'connected' }), T0 + 200)).toBe(true);
    expect(alerts.badges().size).toBe(0);
    expect(alerts.list()).toEqual([expect.objectContaining({ kind: 'link', active: false, time: T0 })]);
  });

  it('warns on low battery, escalates to critical, and clears only above the hysteresis band', () => {
    const alerts = new AlertTracker({ lowBatteryPercent: 25, criticalBatteryPercent: 15, batteryHysteresis: 3 });
    const at = (percent: number) => vehicle({ id: 'v1', battery: { percent, voltage: 15, current: 10 } });
    expect(alerts.observeVehicle(at(26), T0)).toBe(false);
    expect(alerts.observeVehicle(at(25), T0)).toBe(true);
    expect(alerts.badges().get('v1')).toBe('warning');
    const [warning] = alerts.list();
    alerts.acknowledge(warning.id);
    expect(alerts.badges().size).toBe(0);
    // Worse news is shown again even though the warning was seen.
    alerts.observeVehicle(at(14), T0 + 1000);
    expect(alerts.list()[0]).toMatchObject({ kind: 'battery', level: 'critical', value: 14, acknowledged: false, active: true });
    // A reading of 27 is inside the band (25 + 3): still low.
    alerts.observeVehicle(at(27), T0 + 2000);
    expect(alerts.list()[0].active).toBe(true);
    alerts.observeVehicle(at(28), T0 + 3000);
    expect(alerts.list()[0].active).toBe(false);
  });

  it('turns warning and worse status texts into alerts once each, and geofence texts into geofence alerts', () => {
    const alerts = new AlertTracker();
    const texts = [
      { time: T0, severity: 6, text: 'Mission: 2 WP' },
      { time: T0 + 1, severity: 4, text: 'EKF variance' },
      { time: T0 + 2, severity: 2, text: 'Fence Breached: Polygon' },
    ];
    expect(alerts.observeTexts('v1', texts, T0 + 10)).toBe(true);
    // The same texts again (the store keeps them) add nothing.
    expect(alerts.observeTexts('v1', texts, T0 + 20)).toBe(false);
    const list = alerts.list();
    expect(list.map((a) => [a.kind, a.level, a.text])).toEqual([
      ['geofence', 'critical', 'Fence Breached: Polygon'],
      ['statustext', 'warning', 'EKF variance'],
    ]);
    expect(alerts.badges().get('v1')).toBe('critical');
  });

  it('lets event alerts go inactive after the active window, on both sides of the boundary', () => {
    const alerts = new AlertTracker({ eventActiveMs: 60_000 });
    alerts.observeTexts('v1', [{ time: T0, severity: 3, text: 'Crash: Disarming' }], T0);
    expect(alerts.expire(T0 + 59_999)).toBe(false);
    expect(alerts.badges().size).toBe(1);
    expect(alerts.expire(T0 + 60_000)).toBe(true);
    expect(alerts.badges().size).toBe(0);
    expect(alerts.list()).toHaveLength(1);
  });

  it('counts only unseen active warnings, and forgets a vehicle that left', () => {
    const alerts = new AlertTracker();
    alerts.observeVehicle(vehicle({ id: 'v1', linkState: 'lost' }), T0);
    alerts.observeVehicle(vehicle({ id: 'v2', linkState: 'lost' }), T0);
    expect(alerts.unseenCount()).toBe(2);
    const before = alerts.version;
    alerts.acknowledgeAll();
    expect(alerts.unseenCount()).toBe(0);
    expect(alerts.version).toBeGreaterThan(before);
    alerts.removeVehicle('v1');
    expect(alerts.list().map((a) => a.vehicleId)).toEqual(['v2']);
  });

  it('keeps at most maxAlerts, dropping the oldest inactive ones', () => {
    const alerts = new AlertTracker({ maxAlerts: 3, eventActiveMs: 10 });
    for (let i = 0; i < 5; i++) alerts.observeTexts('v1', [{ time: T0 + i, severity: 4, text: `warning ${i}` }], T0 + 1000);
    expect(alerts.list().map((a) => a.text)).toEqual(['warning 4', 'warning 3', 'warning 2']);
  });
});
