import type { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { defaultTraffic, SimAdsbTraffic, trackAt } from '../../../../hardware/sim/adsb-traffic.js';
import { aircraftFromReport } from '../../../../hardware/vehicle/traffic-reducer.js';
import { separation, within } from '../../../../server/traffic/proximity.js';

const home = { lat: 26.6, lon: 106.64 };

describe('simulated ADS-B traffic', () => {
  it('flies the helicopter past the drone within warning distance and the light aircraft well clear', () => {
    const [heli, light] = defaultTraffic(7);
    const drone = { ...home, altMsl: 1000 };
    let closestHeli = Infinity;
    let closestLight = Infinity;
    for (let t = 0; t < 200; t++) {
      const h = trackAt(heli, t, home, 1000);
      const l = trackAt(light, t, home, 1000);
      closestHeli = Math.min(closestHeli, separation({ ...h, altMsl: h.altMsl }, drone).horizontalM);
      closestLight = Math.min(closestLight, separation({ ...l, altMsl: l.altMsl }, drone).horizontalM);
    }
    expect(closestHeli).toBeGreaterThan(395);
    expect(closestHeli).toBeLessThan(405);
    expect(closestLight).toBeGreaterThan(2000);
    // First inside the warning distance about 10 s in: 1.5 km out at 60 m/s.
    const firstWarning = [...Array(60).keys()].find((t) => within(separation(trackAt(heli, t, home, 1000), drone)));
    expect(firstWarning).toBeGreaterThanOrEqual(9);
    expect(firstWarning).toBeLessThanOrEqual(11);
  });

  it('turns back at the end of each pass', () => {
    const [heli] = defaultTraffic(1);
    const first = trackAt(heli, 0, home, 0);
    const later = trackAt(heli, (4500 + 1) / heli.speed, home, 0);
    expect(first.pass).toBe(0);
    expect(later.pass).toBe(1);
    expect(later.course).toBe((heli.course + 180) % 360);
  });

  it('sends one ADSB_VEHICLE per aircraft per second, flagged simulated, that reduces to the same aircraft', () => {
    const clock = new ManualClock(0);
    const sent: common.AdsbVehicle[] = [];
    const traffic = new SimAdsbTraffic({ clock, send: (m) => sent.push(m), drone: () => ({ ...home, groundMsl: 1000 }), seed: 7 });
    traffic.start();
    clock.advance(2000);
    traffic.stop();
    clock.advance(5000);
    expect(sent).toHaveLength(6);
    const a = aircraftFromReport(sent[0], 0, 'v1')!;
    expect(a).toMatchObject({ emitter: 'rotorcraft', altitude: 1150, speed: 60, simulated: true, heading: 20 });
    expect(a.callsign).toMatch(/^B7\d{3}$/);
  });
});
