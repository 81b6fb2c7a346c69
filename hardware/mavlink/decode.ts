import type { MavLinkData } from 'node-mavlink';
import type { Frame } from './frame.js';
import { messageSpec } from './registry.js';
import type { MessageClass } from './registry.js';

// Field kinds, one per node-mavlink field type; arrays of a kind are flagged by `count > 0`.
const K_CHAR = 0;
const K_INT8 = 1;
const K_UINT8 = 2;
const K_INT16 = 3;
const K_UINT16 = 4;
const K_INT32 = 5;
const K_UINT32 = 6;
const K_INT64 = 7;
const K_UINT64 = 8;
const K_FLOAT = 9;
const K_DOUBLE = 10;

const KINDS: Record<string, number> = {
  char: K_CHAR,
  int8_t: K_INT8,
  uint8_t: K_UINT8,
  uint8_t_mavlink_version: K_UINT8,
  int16_t: K_INT16,
  uint16_t: K_UINT16,
  int32_t: K_INT32,
  uint32_t: K_UINT32,
  int64_t: K_INT64,
  uint64_t: K_UINT64,
  float: K_FLOAT,
  double: K_DOUBLE,
};

const SIZES = [1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8];

/** How to read one class, worked out once from its FIELDS. */
interface Plan {
  proto: object;
  payloadLength: number;
  names: string[];
  kinds: Uint8Array;
  offsets: Uint16Array;
  /** Array length, or 0 for a scalar. */
  counts: Uint16Array;
}

const plans = new Map<MessageClass, Plan>();
/** Zero-extension area for trimmed MAVLink 2 payloads; values are copied out before reuse. */
const scratch = Buffer.alloc(256);

function compile(clazz: MessageClass): Plan {
  const n = clazz.FIELDS.length;
  const plan: Plan = {
    proto: clazz.prototype as object,
    payloadLength: clazz.PAYLOAD_LENGTH,
    names: [],
    kinds: new Uint8Array(n),
    offsets: new Uint16Array(n),
    counts: new Uint16Array(n),
  };
  clazz.FIELDS.forEach((field, i) => {
    const base = field.type.endsWith('[]') ? field.type.slice(0, -2) : field.type;
    const kind = KINDS[base];
    if (kind === undefined) throw new Error(`${clazz.MSG_NAME}.${field.name}: unknown field type ${field.type}`);
    if (SIZES[kind] !== field.size) throw new Error(`${clazz.MSG_NAME}.${field.name}: size ${field.size} for ${field.type}`);
    plan.names.push(field.name);
    plan.kinds[i] = kind;
    plan.offsets[i] = field.offset;
    plan.counts[i] = field.type.endsWith('[]') ? field.length : 0;
  });
  return plan;
}

function planFor(clazz: MessageClass): Plan {
  let plan = plans.get(clazz);
  if (plan === undefined) {
    plan = compile(clazz);
    plans.set(clazz, plan);
  }
  return plan;
}

function readScalar(b: Buffer, kind: number, o: number): number | bigint | string {
  switch (kind) {
    case K_UINT8:
      return b[o];
    case K_INT8:
      return (b[o] << 24) >> 24;
    case K_UINT16:
      return b[o] | (b[o + 1] << 8);
    case K_INT16:
      return ((b[o] | (b[o + 1] << 8)) << 16) >> 16;
    case K_INT32:
      return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
    case K_UINT32:
      return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
    case K_FLOAT:
      return b.readFloatLE(o);
    case K_DOUBLE:
      return b.readDoubleLE(o);
    case K_INT64:
      return b.readBigInt64LE(o);
    case K_UINT64:
      return b.readBigUInt64LE(o);
    default:
      return String.fromCharCode(b[o]);
  }
}

function readArray(b: Buffer, kind: number, o: number, count: number): unknown {
  if (kind === K_CHAR) {
    // NUL-terminated unless it fills the field; bytes map to code points 0-255 (Latin-1).
    let stop = o;
    const limit = o + count;
    while (stop < limit && b[stop] !== 0) stop++;
    return b.toString('latin1', o, stop);
  }
  const size = SIZES[kind];
  const out = new Array<unknown>(count);
  for (let i = 0; i < count; i++) out[i] = readScalar(b, kind, o + i * size);
  return out;
}

/**
 * Decodes a payload into an instance of `clazz` without running its constructor (which scans
 * enums on every call). Trimmed MAVLink 2 payloads are zero-extended; bytes past the known
 * fields (extensions from a newer dialect) are ignored. Equal to node-mavlink's
 * `protocol.data(payload, clazz)`.
 */
export function decodePayload<T extends MavLinkData = MavLinkData>(clazz: MessageClass, payload: Buffer): T {
  const plan = planFor(clazz);
  let b = payload;
  if (payload.length < plan.payloadLength) {
    payload.copy(scratch, 0);
    scratch.fill(0, payload.length, plan.payloadLength);
    b = scratch;
  }
  const out = Object.create(plan.proto) as Record<string, unknown>;
  const { names, kinds, offsets, counts } = plan;
  for (let i = 0; i < names.length; i++) {
    out[names[i]] = counts[i] === 0 ? readScalar(b, kinds[i], offsets[i]) : readArray(b, kinds[i], offsets[i], counts[i]);
  }
  return out as T;
}

/** Decodes a frame's payload by its message id; undefined when the id is not in the registry. */
export function decodeFrame(frame: Frame): MavLinkData | undefined {
  const spec = messageSpec(frame.msgid);
  return spec === undefined ? undefined : decodePayload(spec.clazz, frame.payload);
}
