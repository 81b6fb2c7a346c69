import { describe, expect, it } from 'vitest';
import type { common } from 'node-mavlink';
import { ardupilotmega } from 'node-mavlink';
import type { FlightTarget, Pilot } from '../../../../hardware/sim/guidance.js';
import { patrolPath, type PatrolOptions } from '../../../../hardware/sim/patrol.js';
import { MSG } from '../../../../hardware/sim/streams.js';
import { SimVehicle } from '../../../../hardware/sim/vehicle.js';
import { LocalFrame } from '../../../../hardware/sim/world.js';
import { HOME, simWithGcs } from './ground-station.js';

const STEP = 50;

function fly(v: SimVehicle, seconds: number, each?: (v: SimVehicle) => void): void {
  for (let t = 0; t < seconds * 1000; t += STEP) {
    v.step(STEP);
    each?.(v);
  }
}

describe('simulated flight', () => {
  for (const shape of ['circle', 'racetrack'] as const) {
    it(`never exceeds its speed limit and stays near a ${shape} patrol loop`, () => {
      const patrol: PatrolOptions = { center: { lat: HOME.lat + 0.001, lon: HOME.lon }, radius: 150, altitude: 50, shape };
      const v = new SimVehicle({ home: HOME, seed: 42, patrol, gpsAcquisitionMs: 0 });
      const path = patrolPath(patrol, new LocalFrame(HOME));
      let maxSpeed = 0;
      let maxOff = 0;
      let maxAltErr = 0;
      let travelled = 0;
      let last = { e: v.body.east, n: v.body.north };
      fly(v, 600, (x) => {
        maxSpeed = Math.max(maxSpeed, x.body.speed);
        maxOff = Math.max(maxOff, path.nearest(x.body).distance);
        maxAltErr = Math.max(maxAltErr, Math.abs(x.body.up - 50));
        travelled += Math.hypot(x.body.east - last.e, x.body.north - last.n);
        last = { e: x.body.east, n: x.body.north };
      });
      expect(maxSpeed).toBeLessThanOrEqual(10);
      expect(maxOff).toBeLessThan(5);
      expect(maxAltErr).toBeLessThan(0.5);
      // Ten minutes at the 8 m/s patrol speed: several laps, not stuck.
      expect(travelled).toBeGreaterThan(0.95 * 8 * 600);
      expect(travelled / path.length).toBeGreaterThan(4);
    });
  }

  it('holds the airframe speed limit even when a pilot asks for more', () => {
    const v = new SimVehicle({ home: HOME, seed: 8, patrol: { center: HOME, radius: 300, altitude: 60, shape: 'racetrack', speed: 25 } });
    let max = 0;
    fly(v, 300, (x) => (max = Math.max(max, x.body.speed)));
    expect(max).toBeLessThanOrEqual(10);
    expect(max).toBeGreaterThan(9.9);
  });

  it('keeps its nose on the track and banks into the clockwise turn', () => {
    const v = new SimVehicle({ home: HOME, seed: 3, patrol: { center: HOME, radius: 100, altitude: 40 } });
    fly(v, 30);
    const yawErr = Math.abs(((v.body.yaw - v.body.course + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
    expect(yawErr).toBeLessThan(0.1);
    // Right turn: right side down (positive roll); flying forward: nose down (negative pitch).
    expect(v.body.roll).toBeGreaterThan(0.02);
    expect(v.body.roll).toBeLessThan(0.3);
    expect(v.body.pitch).toBeLessThan(-0.05);
    expect(v.body.pitch).toBeGreaterThan(-0.4);
  });

  it('drains its battery over simulated minutes, faster when climbing', () => {
    const cruise = new SimVehicle({ home: HOME, seed: 1, patrol: { center: HOME, radius: 150, altitude: 60 } });
    const start = { pct: cruise.battery.percent, volts: cruise.battery.voltage };
    fly(cruise, 300);
    expect(start.pct).toBe(100);
    expect(start.volts).toBeCloseTo(16.8, 5);
    expect(cruise.battery.percent).toBeLessThan(95);
    expect(cruise.battery.percent).toBeGreaterThan(80);
    expect(cruise.battery.voltage).toBeLessThan(16.6);
    expect(cruise.battery.current).toBeGreaterThan(10);

    const climbing = new SimVehicle({ home: HOME, seed: 1, patrol: { center: HOME, radius: 150, altitude: 60 } });
    climbing.setPilot(hoverAt(climbing, 200));
    const hovering = new SimVehicle({ home: HOME, seed: 1, patrol: { center: HOME, radius: 150, altitude: 60 } });
    hovering.setPilot(hoverAt(hovering, 60));
    fly(climbing, 20);
    fly(hovering, 20);
    expect(climbing.battery.consumedMah).toBeGreaterThan(hovering.battery.consumedMah * 1.1);
  });

  it('acquires GPS from no fix to a 3D fix with 12-16 satellites', () => {
    const v = new SimVehicle({ home: HOME, seed: 9, gpsAcquisitionMs: 4000 });
    const fixes: number[] = [v.gps.fixType];
    fly(v, 6, (x) => fixes.push(x.gps.fixType));
    expect(fixes[0]).toBe(0);
    expect(fixes.every((f, i) => i === 0 || f >= fixes[i - 1])).toBe(true);
    expect(new Set(fixes)).toEqual(new Set([0, 1, 2, 3]));
    const seen = { fix: new Set<number>(), sats: new Set<number>(), hdop: [Infinity, -Infinity] };
    fly(v, 600, (x) => {
      seen.fix.add(x.gps.fixType);
      seen.sats.add(x.gps.satellites);
      seen.hdop = [Math.min(seen.hdop[0], x.gps.hdop), Math.max(seen.hdop[1], x.gps.hdop)];
    });
    expect(seen.fix).toEqual(new Set([3]));
    expect(Math.min(...seen.sats)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...seen.sats)).toBeLessThanOrEqual(16);
    // Satellites come and go over ten minutes.
    expect(seen.sats.size).toBeGreaterThan(1);
    expect(seen.hdop[0]).toBeGreaterThan(0.5);
    expect(seen.hdop[1]).toBeLessThan(1.5);
  });

  it('flies to a target set by another pilot and hovers there, reporting its mode', () => {
    const v = new SimVehicle({ home: HOME, seed: 5 });
    expect([v.armed, v.body.up]).toEqual([false, 0]);
    v.armed = true;
    const goto: Pilot = {
      mode: ardupilotmega.CopterMode.GUIDED,
      target: (): FlightTarget => ({ east: 300, north: -200, up: 30, speed: 10, stop: true }),
    };
    v.setPilot(goto);
    fly(v, 90);
    expect(Math.hypot(v.body.east - 300, v.body.north + 200)).toBeLessThan(0.5);
    expect(v.body.up).toBeCloseTo(30, 0);
    expect(v.body.speed).toBeLessThan(0.2);
    v.setPilot(null);
    expect(v.mode).toBe(ardupilotmega.CopterMode.LOITER);
  });
});

describe('simulated flight seen over MAVLink', () => {
  it('reports GPS_RAW_INT going from no fix to 3D and withholds positions until then', async () => {
    const { sim, gcs } = await simWithGcs({ gpsAcquisitionMs: 4000 });
    await gcs.run(8000);
    const raw = gcs.of<common.GpsRawInt>(MSG.GPS_RAW_INT).map((m) => m.data);
    expect(raw[0].fixType).toBe(0);
    expect(raw[raw.length - 1].fixType).toBe(3);
    expect(raw[raw.length - 1].satellitesVisible).toBeGreaterThanOrEqual(12);
    const firstPos = gcs.of<common.GlobalPositionInt>(MSG.GLOBAL_POSITION_INT)[0].data;
    expect(firstPos.timeBootMs).toBeGreaterThanOrEqual(4000);
    expect(firstPos.lat).not.toBe(0);
    await sim.stop();
  });

  it('runs the world faster with speedup but keeps message rates in clock time', async () => {
    const { sim, gcs, clock } = await simWithGcs({ speedup: 5 });
    const t0 = clock.now();
    await gcs.run(10_000);
    expect(sim.state().bootMs).toBe(50_000);
    expect(gcs.of(MSG.HEARTBEAT, t0, t0 + 10_000)).toHaveLength(10);
    const att = gcs.of<common.Attitude>(MSG.ATTITUDE);
    expect(att[att.length - 1].data.timeBootMs).toBe(50_000);
    await sim.stop();
  });

  it('reports battery and speed consistently in SYS_STATUS, BATTERY_STATUS and VFR_HUD', async () => {
    const { sim, gcs } = await simWithGcs();
    await gcs.run(60_000);
    const s = sim.state();
    const sys = gcs.of<common.SysStatus>(MSG.SYS_STATUS).at(-1)!.data;
    const bat = gcs.of<common.BatteryStatus>(MSG.BATTERY_STATUS).at(-1)!.data;
    const hud = gcs.of<common.VfrHud>(MSG.VFR_HUD).at(-1)!.data;
    expect(sys.voltageBattery / 1000).toBeCloseTo(s.battery.voltage, 1);
    expect(sys.batteryRemaining).toBe(Math.round(s.battery.percent));
    expect(bat.voltages.slice(0, 4).every((mv) => mv > 4000 && mv < 4200)).toBe(true);
    expect(bat.voltages[4]).toBe(65535);
    expect(bat.currentConsumed).toBeGreaterThan(0);
    expect(hud.groundspeed).toBeCloseTo(s.groundSpeed, 0);
    expect(hud.heading).toBeCloseTo(s.heading, -1);
    await sim.stop();
  });
});

/** A pilot that holds the drone's current spot at `up` metres. */
function hoverAt(v: SimVehicle, up: number): Pilot {
  const { east, north } = v.body;
  return { mode: ardupilotmega.CopterMode.GUIDED, target: () => ({ east, north, up, speed: 10, stop: true }) };
}
