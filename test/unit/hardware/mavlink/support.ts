import { MavLinkProtocolV1, MavLinkProtocolV2, x25crc } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { Frame } from '../../../../hardware/mavlink/frame.js';
import { FrameReader } from '../../../../hardware/mavlink/frame-reader.js';
import { messageClass } from '../../../../hardware/mavlink/registry.js';

export const SIGNING_KEY = Buffer.alloc(32, 7);

/** A signed MAVLink 2 frame built the way node-mavlink does it (flag set before serializing). */
export function encodeSigned(data: MavLinkData, sysid: number, compid: number, seq: number, timestampMs = Date.UTC(2026, 0, 1)): Buffer {
  const protocol = new MavLinkProtocolV2(sysid, compid, MavLinkProtocolV2.IFLAG_SIGNED);
  return protocol.sign(protocol.serialize(data, seq), 1, SIGNING_KEY, timestampMs);
}

/** A MAVLink 2 frame assembled by hand: any id, any payload, a correct CRC for `crcExtra`. */
export function rawV2(msgid: number, payload: Buffer, crcExtra: number, opts: { seq?: number; sysid?: number; compid?: number; incompat?: number } = {}): Buffer {
  const head = Buffer.from([0xfd, payload.length, opts.incompat ?? 0, 0, opts.seq ?? 0, opts.sysid ?? 1, opts.compid ?? 1, msgid & 0xff, (msgid >> 8) & 0xff, msgid >> 16]);
  const body = Buffer.concat([head, payload, Buffer.alloc(2)]);
  body.writeUInt16LE(x25crc(body.subarray(0, body.length - 2), 1, 0, crcExtra), body.length - 2);
  return body;
}

/** What node-mavlink's own pipeline decodes from a frame: parser's padded payload + `protocol.data`. */
export function nodeMavlinkDecode(raw: Buffer): MavLinkData {
  const protocol = raw[0] === 0xfd ? new MavLinkProtocolV2() : new MavLinkProtocolV1();
  const header = protocol.header(raw);
  const clazz = messageClass(header.msgid);
  if (clazz === undefined) throw new Error(`unknown id ${header.msgid}`);
  return protocol.data(protocol.payload(raw), clazz);
}

/** Runs bytes through a fresh reader (flushing at the end) and returns the frames and the reader. */
export function readAll(chunks: Buffer[]): { frames: Frame[]; reader: FrameReader } {
  const reader = new FrameReader();
  const frames: Frame[] = [];
  const onFrame = (f: Frame): void => {
    frames.push(f);
  };
  for (const chunk of chunks) reader.push(chunk, onFrame);
  reader.flush(onFrame);
  return { frames, reader };
}

/** True when no byte but the first is a start byte, so counts of skipped bytes are exact. */
export function startByteOnlyAtHead(raw: Buffer): boolean {
  return raw.subarray(1).every((b) => b !== 0xfd && b !== 0xfe);
}
