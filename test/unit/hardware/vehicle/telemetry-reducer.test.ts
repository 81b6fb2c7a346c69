import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { createTelemetry, reduceTelemetry, SEQ_RESYNC_AFTER_MS, STATUS_TEXT_LIMIT } from '../../../../hardware/vehicle/telemetry-reducer.js';
import { attitude, autopilotVersion, globalPosition, heartbeat, inbound, statusText } from './fixtures.js';

function vfrHud(groundspeed: number, airspeed: number, climb: number, heading: number): common.VfrHud {
  const m = new common.VfrHud();
  m.groundspeed = groundspeed;
  m.airspeed = airspeed;
  m.climb = climb;
  m.heading = heading;
  return m;
}

function sysStatus(remaining: number, mv: number, ca: number): common.SysStatus {
  const m = new common.SysStatus();
  m.batteryRemaining = remaining;
  m.voltageBattery = mv;
  m.currentBattery = ca;
  return m;
}

function batteryStatus(id: number, cells: number[], ca: number, remaining: number): common.BatteryStatus {
  const m = new common.BatteryStatus();
  m.id = id;
  m.voltages = [...cells, ...Array(10 - cells.length).fill(65535)];
  m.voltagesExt = [0, 0, 0, 0];
  m.currentBattery = ca;
  m.batteryRemaining = remaining;
  return m;
}

function gpsRaw(fixType: number, sats: number, eph: number): common.GpsRawInt {
  const m = new common.GpsRawInt();
  m.fixType = fixType as common.GpsFixType;
  m.satellitesVisible = sats;
  m.eph = eph;
  return m;
}

function homePosition(lat: number, lon: number, altMm: number): common.HomePosition {
  const m = new common.HomePosition();
  m.latitude = lat;
  m.longitude = lon;
  m.altitude = altMm;
  return m;
}

describe('telemetry reducer', () => {
  it('starts empty: no position, unknown mode, nulls for what was not heard', () => {
    const t = createTelemetry(7, 1);
    expect(t).toMatchObject({ sysid: 7, compid: 1, mode: 'UNKNOWN', armed: false, position: null, heading: null, uid: null });
    expect(t.battery).toEqual({ percent: null, voltage: null, current: null });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it('decodes a heartbeat into firmware, mode, armed and system status', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(heartbeat({ type: 2, autopilot: 3, customMode: 0, baseMode: 1, systemStatus: 3 })), 1000)).toBe(true);
    expect(t).toMatchObject({ firmware: 'ardupilot-copter', mode: 'STABILIZE', armed: false, systemStatus: 'standby', vehicleType: 2, autopilot: 3, lastHeartbeat: 1000, lastHeard: 1000 });
    expect(reduceTelemetry(t, inbound(heartbeat({ customMode: 4, baseMode: 1 | 128, systemStatus: 4 }), { seq: 1 }), 2000)).toBe(true);
    expect(t).toMatchObject({ mode: 'GUIDED', armed: true, systemStatus: 'active', customMode: 4, baseMode: 129 });
  });

  it('reports no change for a repeated identical heartbeat, but still records when it was heard', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(heartbeat(), { seq: 0 }), 1000);
    expect(reduceTelemetry(t, inbound(heartbeat(), { seq: 1 }), 2000)).toBe(false);
    expect(t.lastHeartbeat).toBe(2000);
    expect(t.lastHeard).toBe(2000);
  });

  it('names PX4 modes from the main and sub mode bytes', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(heartbeat({ autopilot: 12, type: 2, customMode: 0x04040000 })), 0);
    expect(t.firmware).toBe('px4');
    expect(t.mode).toBe('AUTO.MISSION');
  });

  it('converts GLOBAL_POSITION_INT to degrees and metres and ignores the unknown heading', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(globalPosition({ lat: 266123456, lon: 1063654321, alt: 1234567, relativeAlt: 45678, hdg: 65535 })), 0)).toBe(true);
    expect(t.position).toEqual({ lat: 26.6123456, lon: 106.3654321, altMsl: 1234.567, altRel: 45.678 });
    expect(t.heading).toBeNull();
    reduceTelemetry(t, inbound(globalPosition({ hdg: 27050 }), { seq: 1 }), 100);
    expect(t.heading).toBe(270.5);
  });

  it('does not draw a vehicle at 0,0 before it has a position estimate', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(globalPosition({ lat: 0, lon: 0 })), 0);
    expect(t.position).toBeNull();
  });

  it('updates the position object in place and reports no change when nothing moved', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(globalPosition(), { seq: 0 }), 0);
    const p = t.position;
    expect(reduceTelemetry(t, inbound(globalPosition(), { seq: 1 }), 100)).toBe(false);
    expect(reduceTelemetry(t, inbound(globalPosition({ lat: 266000001 }), { seq: 2 }), 200)).toBe(true);
    expect(t.position).toBe(p);
    expect(t.position!.lat).toBe(26.6000001);
  });

  it('takes ground speed and climb from GLOBAL_POSITION_INT velocities only while VFR_HUD is absent', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(globalPosition({ vx: 300, vy: 400, vz: -150 }), { seq: 0 }), 0);
    expect(t.groundSpeed).toBe(5);
    expect(t.climbRate).toBe(1.5);
    reduceTelemetry(t, inbound(vfrHud(7, 8, 0.5, 90), { seq: 1 }), 100);
    expect(t).toMatchObject({ groundSpeed: 7, airSpeed: 8, climbRate: 0.5 });
    reduceTelemetry(t, inbound(globalPosition({ vx: 300, vy: 400, vz: -150 }), { seq: 2 }), 2599);
    expect(t.groundSpeed).toBe(7);
    reduceTelemetry(t, inbound(globalPosition({ vx: 300, vy: 400, vz: -150 }), { seq: 3 }), 2600);
    expect(t.groundSpeed).toBe(5);
  });

  it('prefers the centidegree heading of GLOBAL_POSITION_INT over VFR_HUD whole degrees', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(vfrHud(1, 1, 0, 45), { seq: 0 }), 0);
    expect(t.heading).toBe(45);
    reduceTelemetry(t, inbound(globalPosition({ hdg: 4512 }), { seq: 1 }), 100);
    expect(t.heading).toBe(45.12);
    expect(reduceTelemetry(t, inbound(vfrHud(1, 1, 0, 45), { seq: 2 }), 200)).toBe(false);
    expect(t.heading).toBe(45.12);
  });

  it('keeps attitude in radians', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(attitude(0.25, -0.5, 1.5)), 0)).toBe(true);
    expect(t.attitude).toEqual({ roll: 0.25, pitch: -0.5, yaw: 1.5 });
    expect(reduceTelemetry(t, inbound(attitude(0.25, -0.5, 1.5), { seq: 1 }), 10)).toBe(false);
  });

  it.each([
    ['unknown values', -1, 65535, -1, { percent: null, voltage: null, current: null }],
    ['real values', 76, 12600, 1250, { percent: 76, voltage: 12.6, current: 12.5 }],
  ])('reads SYS_STATUS battery %s', (_label, remaining, mv, ca, expected) => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(sysStatus(remaining, mv, ca)), 0);
    expect(t.battery).toEqual(expected);
  });

  it('sums BATTERY_STATUS cells, skipping unused ones, and lets it win over SYS_STATUS while fresh', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(batteryStatus(0, [4100, 4100, 4000], 800, 55), { seq: 0 }), 0);
    expect(t.battery).toEqual({ percent: 55, voltage: 12.2, current: 8 });
    reduceTelemetry(t, inbound(sysStatus(60, 12600, 100), { seq: 1 }), 4999);
    expect(t.battery.percent).toBe(55);
    reduceTelemetry(t, inbound(sysStatus(60, 12600, 100), { seq: 2 }), 5000);
    expect(t.battery).toEqual({ percent: 60, voltage: 12.6, current: 1 });
  });

  it('ignores batteries other than the first and reports unknown cells as no voltage', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(batteryStatus(1, [4000], 100, 10), { seq: 0 }), 0);
    expect(t.battery.percent).toBeNull();
    reduceTelemetry(t, inbound(batteryStatus(0, [], -1, -1), { seq: 1 }), 10);
    expect(t.battery).toEqual({ percent: null, voltage: null, current: null });
  });

  it.each([
    [3, 12, 120, { fixType: 3, satellites: 12, hdop: 1.2 }],
    [0, 255, 65535, { fixType: 0, satellites: null, hdop: null }],
  ])('reads GPS_RAW_INT fix %i, satellites %i, eph %i', (fix, sats, eph, expected) => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(gpsRaw(fix, sats, eph)), 0);
    expect(t.gps).toEqual(expected);
  });

  it('records the home position', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(homePosition(266000000, 1063000000, 1100500)), 0)).toBe(true);
    expect(t.home).toEqual({ lat: 26.6, lon: 106.3, altMsl: 1100.5 });
  });

  it('keeps status texts with time and severity, without NULs, newest last, at most 50', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(statusText('PreArm: Need Position Estimate', 2)), 500)).toBe(true);
    expect(t.statusTexts).toEqual([{ time: 500, severity: 2, text: 'PreArm: Need Position Estimate' }]);
    for (let i = 0; i < 60; i++) reduceTelemetry(t, inbound(statusText(`line ${i}`), { seq: i + 1 }), 1000 + i);
    expect(t.statusTexts).toHaveLength(STATUS_TEXT_LIMIT);
    expect(t.statusTexts[0].text).toBe('line 10');
    expect(t.statusTexts.at(-1)!.text).toBe('line 59');
  });

  it('cuts a status text at its first NUL even when the decoder kept the padding', () => {
    const t = createTelemetry(1, 1);
    const msg = inbound(statusText('x'));
    msg.data.text = 'Armed\0\0\0';
    reduceTelemetry(t, msg, 0);
    expect(t.statusTexts[0].text).toBe('Armed');
  });

  it('joins a chunked status text and emits it once its short last chunk arrives', () => {
    const t = createTelemetry(1, 1);
    const a = 'A'.repeat(50);
    const b = 'B'.repeat(50);
    expect(reduceTelemetry(t, inbound(statusText(a, 4, 7, 0), { seq: 0 }), 0)).toBe(false);
    expect(reduceTelemetry(t, inbound(statusText(b, 4, 7, 1), { seq: 1 }), 10)).toBe(false);
    expect(t.statusTexts).toHaveLength(0);
    expect(reduceTelemetry(t, inbound(statusText('end', 4, 7, 2), { seq: 2 }), 20)).toBe(true);
    expect(t.statusTexts).toEqual([{ time: 20, severity: 4, text: `${a}${b}end` }]);
  });

  it('flushes a chunked status text whose last chunk was lost when another text arrives', () => {
    const t = createTelemetry(1, 1);
    const a = 'A'.repeat(50);
    reduceTelemetry(t, inbound(statusText(a, 4, 7, 0), { seq: 0 }), 0);
    expect(reduceTelemetry(t, inbound(statusText('next'), { seq: 1 }), 10)).toBe(true);
    expect(t.statusTexts.map((s) => s.text)).toEqual([a, 'next']);
  });

  it('takes the AUTOPILOT_VERSION uid as hex, or uid2 when uid is zero', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(autopilotVersion(0x1234abcdn)), 0)).toBe(true);
    expect(t.uid).toBe('000000001234abcd');
    expect(reduceTelemetry(t, inbound(autopilotVersion(0x1234abcdn), { seq: 1 }), 1)).toBe(false);
    const u = createTelemetry(1, 1);
    reduceTelemetry(u, inbound(autopilotVersion(0n, [0x0a, 0xff, ...Array(16).fill(1)])), 0);
    expect(u.uid).toBe(`0aff${'01'.repeat(16)}`);
    const none = createTelemetry(1, 1);
    reduceTelemetry(none, inbound(autopilotVersion(0n)), 0);
    expect(none.uid).toBeNull();
  });

  it('sets lastHeard on every message, also ones it does not reduce', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(new common.SystemTime()), 4242)).toBe(false);
    expect(t.lastHeard).toBe(4242);
    expect(t.packets.received).toBe(1);
  });
});

describe('packet loss from sequence gaps', () => {
  function feed(seqs: number[], times?: number[]): { received: number; lost: number } {
    const t = createTelemetry(1, 1);
    seqs.forEach((seq, i) => reduceTelemetry(t, inbound(attitude(i), { seq }), times ? times[i] : i * 10));
    return t.packets;
  }

  it.each([
    ['consecutive frames', [1, 2, 3, 4], { received: 4, lost: 0 }],
    ['the counter wrapping 255 → 0', [254, 255, 0, 1], { received: 4, lost: 0 }],
    ['a gap of three', [10, 14], { received: 2, lost: 3 }],
    ['a gap across the wrap', [250, 2], { received: 2, lost: 7 }],
    ['a gap of 128, the largest counted', [0, 129], { received: 2, lost: 128 }],
    ['a jump of 129 as a frame from behind, not 129 losses', [0, 130, 131], { received: 3, lost: 0 }],
    ['a duplicate frame', [5, 5, 6], { received: 3, lost: 0 }],
    ['a late frame without a second gap after it', [5, 7, 6, 8], { received: 4, lost: 1 }],
    ['a counter restarting without a pause', [100, 0, 1, 2], { received: 4, lost: 0 }],
  ])('counts %s', (_label, seqs, expected) => {
    expect(feed(seqs)).toEqual(expected);
  });

  it('resyncs without counting after a silence (outage or reboot)', () => {
    expect(feed([10, 60], [0, SEQ_RESYNC_AFTER_MS])).toEqual({ received: 2, lost: 0 });
    expect(feed([10, 60], [0, SEQ_RESYNC_AFTER_MS - 1])).toEqual({ received: 2, lost: 49 });
  });

  it('reports a change when frames were lost', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(attitude(), { seq: 0 }), 0);
    expect(reduceTelemetry(t, inbound(attitude(), { seq: 3 }), 10)).toBe(true);
  });
});
