import { ardupilotmega, common, minimal, standard } from 'node-mavlink';
import type { MavLinkData, MavLinkDataConstructor, MavLinkPacketRegistry } from 'node-mavlink';

/** A message class as node-mavlink generates it. */
export type MessageClass = MavLinkDataConstructor<MavLinkData>;

/** What the frame reader and decoder need to know about one message id, looked up once per frame. */
export interface MessageSpec {
  msgid: number;
  name: string;
  clazz: MessageClass;
  /** CRC_EXTRA seed: the class's MAGIC_NUMBER. */
  crcExtra: number;
  /** Full payload length, extension fields included. */
  payloadLength: number;
  /** Payload length without extension fields: what a MAVLink 1 frame carries. */
  baseLength: number;
}

// Dialects merged in this order; a later dialect includes the earlier ones, so ids never disagree.
// Several are needed because mavlink-mappings moves messages between them across versions
// (GLOBAL_POSITION_INT is in common in 1.0.21 and in standard from 1.0.22 on).
const DIALECTS: readonly MavLinkPacketRegistry[] = [
  minimal.REGISTRY,
  standard.REGISTRY,
  common.REGISTRY,
  ardupilotmega.REGISTRY,
];

function specOf(clazz: MessageClass): MessageSpec {
  let baseLength = 0;
  for (const field of clazz.FIELDS) {
    if (field.extension) continue;
    const end = field.offset + field.size * (field.length === 0 ? 1 : field.length);
    if (end > baseLength) baseLength = end;
  }
  return {
    msgid: clazz.MSG_ID,
    name: clazz.MSG_NAME,
    clazz,
    crcExtra: clazz.MAGIC_NUMBER,
    payloadLength: clazz.PAYLOAD_LENGTH,
    baseLength,
  };
}

const SPECS = new Map<number, MessageSpec>();
for (const registry of DIALECTS) {
  for (const clazz of Object.values(registry)) SPECS.set(clazz.MSG_ID, specOf(clazz));
}

/** Everything known about a message id, or undefined for an id outside our dialects. */
export function messageSpec(msgid: number): MessageSpec | undefined {
  return SPECS.get(msgid);
}

/** The node-mavlink data class for a message id (minimal, standard, common and ardupilotmega merged). */
export function messageClass(msgid: number): MessageClass | undefined {
  return SPECS.get(msgid)?.clazz;
}

/** The CRC_EXTRA byte for a message id, or undefined when the id is unknown. */
export function crcExtra(msgid: number): number | undefined {
  return SPECS.get(msgid)?.crcExtra;
}

/** Every message the registry knows, in id order. */
export function allMessageSpecs(): MessageSpec[] {
  return [...SPECS.values()].sort((a, b) => a.msgid - b.msgid);
}
