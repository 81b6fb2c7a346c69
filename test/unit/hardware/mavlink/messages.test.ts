import { describe, expect, it } from 'vitest';
import { common, minimal } from 'node-mavlink';
import { degE7, heartbeat, message } from '../../../../hardware/mavlink/messages.js';

describe('message builders', () => {
  it('degE7 rounds instead of truncating', () => {
    expect(degE7(26.6)).toBe(266_000_000);
    expect(degE7(-33.85681234)).toBe(-338_568_123);
    expect(degE7(0.00000005)).toBe(1);
  });

  it('heartbeat has numeric enum fields and MAVLink version 3', () => {
    const hb = heartbeat({ type: 2, autopilot: 3, baseMode: 0x81, customMode: 5, systemStatus: 4 });
    expect(hb).toBeInstanceOf(minimal.Heartbeat);
    expect({ ...hb }).toEqual({ type: 2, autopilot: 3, baseMode: 0x81, customMode: 5, systemStatus: 4, mavlinkVersion: 3 });
  });

  it('message() starts enum fields at 0 rather than at an enum name', () => {
    const ack = message(common.CommandAck, { command: 400 });
    expect(ack.result).toBe(0);
    expect(new common.CommandAck().result).not.toBe(0);
  });

  it('message() refuses a float in an integer field and names the field', () => {
    expect(() => message(common.GlobalPositionInt, { lat: 26.6 })).toThrow('GLOBAL_POSITION_INT.lat = 26.6 is not a int32_t (use degE7())');
  });

  it('message() refuses values out of the wire range', () => {
    expect(() => message(common.VfrHud, { throttle: -1 })).toThrow(RangeError);
    expect(() => message(common.SysStatus, { batteryRemaining: 200 })).toThrow('batteryRemaining');
    expect(() => message(common.GpsRawInt, { timeUsec: 5 as unknown as bigint })).toThrow('bigint');
  });

  it('message() refuses text that would be cut or mangled on the wire', () => {
    expect(() => message(common.StatusText, { text: 'x'.repeat(51) })).toThrow('at most 50');
    expect(() => message(common.StatusText, { text: '电池电量低' })).toThrow('Latin-1');
    expect(message(common.StatusText, { text: 'x'.repeat(50) }).text).toHaveLength(50);
  });

  it('message() checks every element of an array field', () => {
    expect(() => message(common.BatteryStatus, { voltages: [4200, 70_000] })).toThrow('BATTERY_STATUS.voltages[1]');
  });
});
