import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { degE7, message } from '../../../../hardware/mavlink/messages.js';
import { FleetRegistry } from '../../../../server/fleet/fleet-registry.js';
import type { FleetIo } from '../../../../server/gateway/socket-gateway.js';
import type { TrafficAlertDTO, TrafficUpdateDTO } from '../../../../server/protocol-traffic.js';
import { TrafficPicture } from '../../../../server/traffic/traffic-picture.js';
import { frameOf, globalPosition, heartbeat } from '../../hardware/vehicle/fixtures.js';
import { HubLink } from '../fleet/hub-link.js';

const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;
const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

async function setup() {
  const clock = new ManualClock(1_000_000);
  const link = new HubLink();
  const fleet = new FleetRegistry({ links: [link], clock, heartbeatIntervalMs: 0, requestStreams: false, lostAfterMs: 60_000 });
  await fleet.start();
  stops.push(() => fleet.stop());
  const sent: { event: string; data: unknown }[] = [];
  const io = { to: () => ({ emit: (event: string, data: unknown) => sent.push({ event, data }) }) } as unknown as FleetIo;
  const picture = new TrafficPicture({ fleet, io: () => io, clock, source: 'east' });
  picture.start();
  stops.push(() => picture.stop());
  let seq = 0;
  const from = (peer: string, data: MavLinkData, compid = 1): void => link.receive(frameOf(data, 1, compid, seq++), peer);
  const updates = () => sent.filter((s) => s.event === 'traffic:update').map((s) => s.data as TrafficUpdateDTO);
  const alerts = () => sent.filter((s) => s.event === 'traffic:alert').map((s) => s.data as TrafficAlertDTO);
  return { clock, from, sent, updates, alerts };
}

function adsb(icao: number, northM: number, altitudeM: number): common.AdsbVehicle {
  return message(common.AdsbVehicle, {
    ICAOAddress: icao, lat: degE7(26.6 + northM / M_PER_DEG), lon: degE7(106.3), altitudeType: 1, altitude: altitudeM * 1000,
    heading: 0, horVelocity: 5000, verVelocity: 0, callsign: 'B7201', emitterType: 7, tslc: 0, flags: 1 | 2 | 4 | 8 | 16, squawk: 0,
  });
}

describe('traffic picture', () => {
  it('merges aircraft heard by any drone (even from its ADS-B component) and sends them once a second', async () => {
    const { clock, from, updates } = await setup();
    from('a:1', heartbeat());
    from('b:1', heartbeat());
    from('a:1', adsb(0x780001, 5000, 1500));
    from('b:1', adsb(0x780002, 6000, 1500), 156);
    expect(updates()).toEqual([]);
    clock.advance(1000);
    expect(updates()).toHaveLength(1);
    expect(updates()[0].source).toBe('east');
    expect(updates()[0].aircraft.map((a) => [a.icao, a.heardBy])).toEqual([['780001', 'v1'], ['780002', 'v2']]);
  });

  it('warns once when an aircraft comes within 1 km and 300 m of a drone, and lists the warning while it lasts', async () => {
    const { clock, from, updates, alerts } = await setup();
    from('a:1', heartbeat());
    // The drone at 26.6, 106.3, 1100 m above sea level.
    from('a:1', globalPosition({ lat: degE7(26.6), lon: degE7(106.3), alt: 1_100_000, relativeAlt: 60_000 }));
    from('a:1', adsb(0x780001, 1500, 1250));
    clock.advance(1000);
    expect(alerts()).toEqual([]);
    from('a:1', adsb(0x780001, 700, 1250));
    clock.advance(1000);
    clock.advance(1000);
    expect(alerts()).toEqual([expect.objectContaining({ vehicleId: 'v1', icao: '780001', callsign: 'B7201', distanceM: 700, verticalM: 150 })]);
    expect(updates().at(-1)!.alerts).toHaveLength(1);
    from('a:1', adsb(0x780001, 2000, 1250));
    clock.advance(1000);
    expect(updates().at(-1)!.alerts).toEqual([]);
    expect(alerts()).toHaveLength(1);
  });

  it('drops aircraft 30 s after their last report and sends one empty picture, then stays quiet', async () => {
    const { clock, from, updates } = await setup();
    from('a:1', heartbeat());
    from('a:1', adsb(0x780001, 5000, 1500));
    clock.advance(29_000);
    expect(updates().at(-1)!.aircraft).toHaveLength(1);
    clock.advance(1000);
    expect(updates().at(-1)!.aircraft).toEqual([]);
    const count = updates().length;
    clock.advance(5000);
    expect(updates()).toHaveLength(count);
  });
});
