/** Parameter names, MAV_PARAM_TYPE and how values travel in PARAM_VALUE/PARAM_SET's float field. */

/** MAV_PARAM_TYPE. */
export const PARAM_TYPE = {
  UINT8: 1,
  INT8: 2,
  UINT16: 3,
  INT16: 4,
  UINT32: 5,
  INT32: 6,
  UINT64: 7,
  INT64: 8,
  REAL32: 9,
  REAL64: 10,
} as const;

/** One parameter as the vehicle reported it. */
export interface ParamEntry {
  value: number;
  /** MAV_PARAM_TYPE */
  type: number;
  /** Position in the vehicle's list (0-based); -1 when it was only ever reported by name. */
  index: number;
}

/** Longest parameter id: 16 characters, NUL-padded on the wire (no terminator when full). */
export const PARAM_ID_MAX = 16;

/** PARAM_VALUE's param_index for a value reported by name only (0xFFFF, i.e. -1). */
export const INDEX_NONE = 0xffff;

const INT_RANGES: Record<number, readonly [number, number]> = {
  [PARAM_TYPE.UINT8]: [0, 0xff],
  [PARAM_TYPE.INT8]: [-0x80, 0x7f],
  [PARAM_TYPE.UINT16]: [0, 0xffff],
  [PARAM_TYPE.INT16]: [-0x8000, 0x7fff],
  [PARAM_TYPE.UINT32]: [0, 0xffffffff],
  [PARAM_TYPE.INT32]: [-0x80000000, 0x7fffffff],
  [PARAM_TYPE.UINT64]: [0, Number.MAX_SAFE_INTEGER],
  [PARAM_TYPE.INT64]: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(PARAM_TYPE).map(([k, v]) => [v, k]));

/** MAV_PARAM_TYPE name without prefix (`REAL32`), or `TYPE(<n>)`. */
export function paramTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `TYPE(${type})`;
}

/** Why `name` is no parameter id, or null. */
export function paramIdProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'parameter name must be a non-empty string';
  if (name.length > PARAM_ID_MAX) return `parameter name "${name}" is longer than ${PARAM_ID_MAX} characters`;
  if (!/^[\x21-\x7e]+$/.test(name)) return `parameter name "${name}" must be printable ASCII without spaces`;
  return null;
}

/** Why `value` cannot be stored in a parameter of `type`, or null. */
export function paramValueProblem(name: string, value: unknown, type: number): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be set to a finite number, got ${String(value)}`;
  if (!(type in TYPE_NAMES)) return `${name}: unknown MAV_PARAM_TYPE ${type}`;
  const range = INT_RANGES[type];
  if (range && (!Number.isInteger(value) || value < range[0] || value > range[1])) {
    return `${name} is ${paramTypeName(type)}: ${value} is not a whole number from ${range[0]} to ${range[1]}`;
  }
  if (type === PARAM_TYPE.REAL32 && !Number.isFinite(Math.fround(value))) return `${name} is REAL32: ${value} is out of float range`;
  return null;
}

const scratch = new DataView(new ArrayBuffer(4));

/** Integer types of up to 32 bits: the ones bytewise encoding packs into the float's bytes. */
function packs(type: number): boolean {
  return type in INT_RANGES && type !== PARAM_TYPE.UINT64 && type !== PARAM_TYPE.INT64;
}

/**
 * The float to put on the wire. By default the value is cast to float (ArduPilot's way, which loses
 * integers above 2^24); with `bytewise` (PX4, MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE) the
 * integer's bytes are carried in the float's bytes.
 */
export function toWire(value: number, type: number, bytewise: boolean): number {
  if (!bytewise || !packs(type)) return value;
  if (type === PARAM_TYPE.UINT32 || type === PARAM_TYPE.UINT8 || type === PARAM_TYPE.UINT16) scratch.setUint32(0, value, true);
  else scratch.setInt32(0, value, true);
  return scratch.getFloat32(0, true);
}

/** The value a wire float stands for (the inverse of `toWire`). */
export function fromWire(wire: number, type: number, bytewise: boolean): number {
  if (!bytewise || !packs(type)) return wire;
  scratch.setFloat32(0, wire, true);
  switch (type) {
    case PARAM_TYPE.UINT8: return scratch.getUint8(0);
    case PARAM_TYPE.INT8: return scratch.getInt8(0);
    case PARAM_TYPE.UINT16: return scratch.getUint16(0, true);
    case PARAM_TYPE.INT16: return scratch.getInt16(0, true);
    case PARAM_TYPE.UINT32: return scratch.getUint32(0, true);
    default: return scratch.getInt32(0, true);
  }
}

/** Whether the vehicle's echo `got` is the value we asked for, compared as what travelled (a float, or exact bytewise integers). */
export function sameParamValue(asked: number, got: number, type: number, bytewise: boolean): boolean {
  if (bytewise && packs(type)) return asked === got;
  return Math.fround(asked) === Math.fround(got);
}
