import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MavLinkData, MavLinkPacketField, MavLinkProtocolV2, ardupilotmega, common, minimal, standard } from 'node-mavlink';
import type { MavLinkDataConstructor } from 'node-mavlink';
import { decodeFrame, decodePayload } from '../../../../hardware/mavlink/decode.js';
import { allMessageSpecs } from '../../../../hardware/mavlink/registry.js';
import type { MessageClass } from '../../../../hardware/mavlink/registry.js';
import { MavlinkWriter, encodeV1 } from '../../../../hardware/mavlink/writer.js';
import { CASES } from './cases.js';
import { nodeMavlinkDecode, readAll } from './support.js';

const protocol = new MavLinkProtocolV2();

/** node-mavlink's decode of a payload as its parser hands it over (zero-padded to 255 bytes). */
function reference(clazz: MessageClass, payload: Buffer): MavLinkData {
  const padded = Buffer.alloc(Math.max(255, payload.length));
  payload.copy(padded);
  return protocol.data(padded, clazz);
}

function scalar(type: string): fc.Arbitrary<unknown> {
  switch (type) {
    case 'char':
      return fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c));
    case 'int8_t':
      return fc.integer({ min: -128, max: 127 });
    case 'uint8_t':
    case 'uint8_t_mavlink_version':
      return fc.integer({ min: 0, max: 255 });
    case 'int16_t':
      return fc.integer({ min: -32768, max: 32767 });
    case 'uint16_t':
      return fc.integer({ min: 0, max: 65535 });
    case 'int32_t':
      return fc.integer({ min: -0x80000000, max: 0x7fffffff });
    case 'uint32_t':
      return fc.integer({ min: 0, max: 0xffffffff });
    case 'int64_t':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'uint64_t':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'float':
      return fc.float();
    case 'double':
      return fc.double();
    default:
      throw new Error(type);
  }
}

function fieldValue(field: MavLinkPacketField): fc.Arbitrary<unknown> {
  if (field.type === 'char[]') {
    return fc.array(fc.integer({ min: 1, max: 255 }), { maxLength: field.length }).map((codes) => String.fromCharCode(...codes));
  }
  if (field.type.endsWith('[]')) return fc.array(scalar(field.type.slice(0, -2)), { minLength: field.length, maxLength: field.length });
  return scalar(field.type);
}

/** Messages of every class, with every field drawn from its whole wire range. */
function messageOf<T extends MavLinkData>(clazz: MavLinkDataConstructor<T>): fc.Arbitrary<T> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of clazz.FIELDS) fields[field.name] = fieldValue(field);
  return fc.record(fields).map((values) => Object.assign(new clazz(), values));
}

const REPRESENTATIVE: MessageClass[] = [
  minimal.Heartbeat, common.SysStatus, common.GpsRawInt, common.Attitude, common.GlobalPositionInt, common.VfrHud,
  common.BatteryStatus, common.HomePosition, common.StatusText, common.CommandLong, common.CommandAck, common.MissionItemInt,
  common.ParamValue, common.TimeSync, standard.AutopilotVersion, ardupilotmega.CameraFeedback, ardupilotmega.MemInfo,
];

describe('decodePayload', () => {
  for (const c of CASES) {
    it(`decodes the golden ${c.name} exactly as sent and as node-mavlink does, from MAVLink 1 and 2`, () => {
      for (const raw of [encodeV1(c.data, 1, 1, 0), new MavlinkWriter().encode(c.data)]) {
        const { frames } = readAll([raw]);
        expect(frames).toHaveLength(1);
        const decoded = decodeFrame(frames[0]);
        expect(decoded).toBeInstanceOf(c.data.constructor);
        expect(decoded).toStrictEqual(c.data);
        expect(decoded).toStrictEqual(nodeMavlinkDecode(raw));
      }
    });
  }

  it('matches node-mavlink for random field values of representative messages, trimmed as MAVLink 2 sends them', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REPRESENTATIVE).chain(messageOf), (msg) => {
        const raw = new MavlinkWriter().encode(msg);
        const clazz = msg.constructor as MessageClass;
        const payload = raw.subarray(10, 10 + raw[1]);
        const decoded = decodePayload(clazz, payload);
        expect(decoded).toStrictEqual(reference(clazz, payload));
        expect(decoded).toStrictEqual(msg);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('matches node-mavlink for every message class in the registry, on empty, zero, filled and trimmed payloads', () => {
    const specs = allMessageSpecs();
    expect(specs.length).toBeGreaterThan(250);
    for (const spec of specs) {
      const n = spec.payloadLength;
      const patterned = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + spec.msgid) & 0xff));
      const payloads = [Buffer.alloc(0), Buffer.alloc(n), Buffer.alloc(n, 0xff), Buffer.alloc(n, 0x41), patterned, patterned.subarray(0, n >> 1), patterned.subarray(0, 1)];
      for (const payload of payloads) {
        expect(decodePayload(spec.clazz, payload), `${spec.name} (${payload.length} bytes)`).toStrictEqual(reference(spec.clazz, payload));
      }
    }
  });

  it('ignores payload bytes past the known fields', () => {
    const raw = new MavlinkWriter().encode(CASES[0].data);
    const longer = Buffer.concat([raw.subarray(10, 19), Buffer.from([1, 2, 3])]);
    expect(decodePayload(minimal.Heartbeat, longer)).toStrictEqual(CASES[0].data);
  });

  it('does not run the generated constructor', () => {
    class Exploding extends MavLinkData {
      static override MSG_ID = 99_999;
      static override MSG_NAME = 'EXPLODING';
      static override PAYLOAD_LENGTH = 2;
      static override MAGIC_NUMBER = 1;
      static override FIELDS = [new MavLinkPacketField('value', 'value', 0, false, 2, 'uint16_t', '')];
      value = 0;
      constructor() {
        super();
        throw new Error('constructor ran');
      }
    }
    const decoded = decodePayload<Exploding>(Exploding, Buffer.from([0x34, 0x12]));
    expect(decoded).toBeInstanceOf(Exploding);
    expect(decoded.value).toBe(0x1234);
  });

  it('leaves decoded values untouched when a later, shorter payload reuses the zero-extension area', () => {
    const first = decodePayload<common.StatusText>(common.StatusText, Buffer.from([6, 0x68, 0x69]));
    decodePayload(common.StatusText, Buffer.from([1, 0x7a]));
    expect(first.text).toBe('hi');
    expect(first.severity).toBe(6);
  });
});
