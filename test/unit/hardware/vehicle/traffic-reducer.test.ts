import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { degE7, message, type MessageValues } from '../../../../hardware/mavlink/messages.js';
import { aircraftFromReport, TRAFFIC_EXPIRY_MS, TrafficTable } from '../../../../hardware/vehicle/traffic-reducer.js';
import { inbound } from './fixtures.js';

const ALL_VALID = 1 | 2 | 4 | 8 | 16 | 32;

function report(over: MessageValues<common.AdsbVehicle> = {}): common.AdsbVehicle {
  return message(common.AdsbVehicle, {
    ICAOAddress: 0x780a1b,
    lat: degE7(26.61),
    lon: degE7(106.65),
    altitudeType: 1,
    altitude: 1_250_500,
    heading: 27_050,
    horVelocity: 6_000,
    verVelocity: -150,
    callsign: 'B7201',
    emitterType: 7,
    tslc: 0,
    flags: ALL_VALID,
    squawk: 7000,
    ...over,
  });
}

describe('ADS-B traffic reduction', () => {
  it('turns an ADSB_VEHICLE off the wire into an aircraft in metres, degrees and m/s', () => {
    const msg = inbound(report({ callsign: 'B7201' }));
    expect(aircraftFromReport(msg.data, 50_000, 'v3')).toEqual({
      icao: '780A1B',
      callsign: 'B7201',
      lat: 26.61,
      lon: 106.65,
      altitude: 1250.5,
      altitudeType: 'geometric',
      heading: 270.5,
      speed: 60,
      verticalSpeed: -1.5,
      emitter: 'rotorcraft',
      squawk: 7000,
      simulated: false,
      seenAt: 50_000,
      heardBy: 'v3',
    });
  });

  it('leaves out what the flags do not vouch for, and dates the report by its time since last contact', () => {
    const a = aircraftFromReport(report({ flags: 1, tslc: 3, ICAOAddress: 0xabc, emitterType: 1 }), 50_000, 'v1')!;
    expect(a).toMatchObject({ icao: '000ABC', callsign: null, altitude: null, heading: null, speed: null, verticalSpeed: null, squawk: null, emitter: 'light', seenAt: 47_000 });
  });

  it('ignores reports without a valid position', () => {
    expect(aircraftFromReport(report({ flags: ALL_VALID & ~1 }), 1, 'v1')).toBeNull();
    expect(aircraftFromReport(report({ lat: 0, lon: 0 }), 1, 'v1')).toBeNull();
  });

  it('keeps the newest report of an aircraft, whichever drone heard it', () => {
    const table = new TrafficTable();
    expect(table.apply(aircraftFromReport(report({ lat: degE7(26.6) }), 10_000, 'v1'))).toBe(true);
    expect(table.apply(aircraftFromReport(report({ lat: degE7(26.7), tslc: 5 }), 12_000, 'v2'))).toBe(false);
    expect(table.apply(aircraftFromReport(report({ lat: degE7(26.8) }), 11_000, 'v2'))).toBe(true);
    expect(table.list()).toEqual([expect.objectContaining({ lat: 26.8, heardBy: 'v2' })]);
  });

  it('drops an aircraft 30 s after its last report, not before', () => {
    const clock = new ManualClock(100_000);
    const table = new TrafficTable();
    table.apply(aircraftFromReport(report(), clock.now(), 'v1'));
    table.apply(aircraftFromReport(report({ ICAOAddress: 0x780a1c }), clock.now() + 5_000, 'v1'));
    clock.advance(TRAFFIC_EXPIRY_MS - 1);
    expect(table.expire(clock.now())).toEqual([]);
    clock.advance(1);
    expect(table.expire(clock.now())).toEqual(['780A1B']);
    expect(table.list().map((a) => a.icao)).toEqual(['780A1C']);
  });
});
