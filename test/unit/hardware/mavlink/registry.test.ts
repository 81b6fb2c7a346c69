import { describe, expect, it } from 'vitest';
import { MSG_ID_MAGIC_NUMBER, ardupilotmega, common, minimal, standard } from 'node-mavlink';
import { allMessageSpecs, crcExtra, messageClass, messageSpec } from '../../../../hardware/mavlink/registry.js';

describe('message registry', () => {
  it('merges minimal, standard, common and ardupilotmega', () => {
    expect(messageClass(0)).toBe(minimal.Heartbeat);
    expect(messageClass(33)).toBe(common.GlobalPositionInt);
    expect(messageClass(148)).toBe(standard.AutopilotVersion);
    expect(messageClass(178)).toBe(ardupilotmega.Ahrs2);
    const ids = new Set(allMessageSpecs().map((s) => s.msgid));
    for (const dialect of [minimal, standard, common, ardupilotmega]) {
      for (const id of Object.keys(dialect.REGISTRY)) expect(ids.has(Number(id))).toBe(true);
    }
  });

  it('takes CRC_EXTRA from the class and agrees with node-mavlink magic numbers', () => {
    expect(crcExtra(0)).toBe(50);
    expect(crcExtra(33)).toBe(104);
    for (const spec of allMessageSpecs()) expect(spec.crcExtra).toBe(MSG_ID_MAGIC_NUMBER[spec.msgid]);
  });

  it('knows the base length MAVLink 1 carries and the full length with extensions', () => {
    expect(messageSpec(1)).toMatchObject({ name: 'SYS_STATUS', baseLength: 31, payloadLength: 43 });
    expect(messageSpec(0)).toMatchObject({ baseLength: 9, payloadLength: 9 });
  });

  it('answers undefined for ids outside its dialects', () => {
    expect(messageClass(3)).toBeUndefined();
    expect(crcExtra(0xffffff)).toBeUndefined();
    expect(messageSpec(-1)).toBeUndefined();
  });
});
