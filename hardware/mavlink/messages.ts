import { minimal } from 'node-mavlink';
import type { MavLinkData, MavLinkDataConstructor, MavLinkPacketField } from 'node-mavlink';

/** Degrees to the integer 1e-7 degree units MAVLink uses (never truncate: 26.6° must not become 26). */
export function degE7(deg: number): number {
  return Math.round(deg * 1e7);
}

const INTEGER_RANGES: Record<string, readonly [number, number]> = {
  int8_t: [-0x80, 0x7f],
  uint8_t: [0, 0xff],
  uint8_t_mavlink_version: [0, 0xff],
  int16_t: [-0x8000, 0x7fff],
  uint16_t: [0, 0xffff],
  int32_t: [-0x80000000, 0x7fffffff],
  uint32_t: [0, 0xffffffff],
};
const BIGINT_RANGES: Record<string, readonly [bigint, bigint]> = {
  int64_t: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64_t: [0n, 2n ** 64n - 1n],
};

function checkScalar(where: string, field: MavLinkPacketField, type: string, value: unknown): void {
  const ints = INTEGER_RANGES[type];
  if (ints !== undefined) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < ints[0] || value > ints[1]) {
      const hint = field.units === 'degE7' ? ' (use degE7())' : '';
      throw new RangeError(`${where} = ${String(value)} is not a ${type}${hint}`);
    }
    return;
  }
  const big = BIGINT_RANGES[type];
  if (big !== undefined) {
    if (typeof value !== 'bigint' || value < big[0] || value > big[1]) throw new RangeError(`${where} = ${String(value)} is not a ${type} bigint`);
    return;
  }
  if (type === 'char') {
    if (typeof value !== 'string' || value.length !== 1 || value.charCodeAt(0) > 0xff) throw new RangeError(`${where} must be one Latin-1 character`);
    return;
  }
  if (typeof value !== 'number') throw new RangeError(`${where} = ${String(value)} is not a number`);
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function checkField(name: string, field: MavLinkPacketField, value: unknown): void {
  const where = `${name}.${field.name}`;
  if (field.type === 'char[]') {
    if (typeof value !== 'string' || value.length > field.length || !isLatin1(value)) {
      throw new RangeError(`${where} must be Latin-1 text of at most ${field.length} characters`);
    }
    return;
  }
  if (field.type.endsWith('[]')) {
    if (!Array.isArray(value) || value.length > field.length) throw new RangeError(`${where} must be an array of at most ${field.length}`);
    const itemType = field.type.slice(0, -2);
    value.forEach((item, i) => checkScalar(`${where}[${i}]`, field, itemType, item));
    return;
  }
  checkScalar(where, field, field.type, value);
}

/** A field's value as the wire sees it: enum and bit-flag fields take any number, without casts. */
type WireValue<V> = V extends number ? number : V extends readonly (infer E)[] ? WireValue<E>[] : V;

/** Field values for {@link message}; 64-bit fields typed with an enum still need a bigint (cast it). */
export type MessageValues<T> = { [K in keyof T]?: WireValue<T[K]> };

/**
 * Builds an outgoing message that encodes as written: enum fields start at 0 (not the enum
 * member's name), and every field is checked against its wire type, so a float in an integer
 * field, a number out of range or an over-long string throws a RangeError naming the field
 * instead of being truncated silently.
 */
export function message<T extends MavLinkData>(clazz: MavLinkDataConstructor<T>, values: MessageValues<T>): T {
  const msg = new clazz();
  const fields = msg as unknown as Record<string, unknown>;
  for (const field of clazz.FIELDS) {
    if (typeof fields[field.name] === 'string' && !field.type.startsWith('char')) fields[field.name] = 0;
  }
  Object.assign(msg, values);
  for (const field of clazz.FIELDS) checkField(clazz.MSG_NAME, field, fields[field.name]);
  return msg;
}

/** HEARTBEAT fields a sender chooses; the MAVLink version field is always 3. */
export interface HeartbeatFields {
  /** MAV_TYPE */
  type: number;
  /** MAV_AUTOPILOT */
  autopilot: number;
  /** MAV_MODE_FLAG bits */
  baseMode: number;
  customMode: number;
  /** MAV_STATE */
  systemStatus: number;
}

/** A HEARTBEAT ready to encode. */
export function heartbeat(fields: HeartbeatFields): minimal.Heartbeat {
  return message(minimal.Heartbeat, { ...fields, mavlinkVersion: 3 });
}
