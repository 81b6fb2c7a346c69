import type { MavLinkData } from 'node-mavlink';

/** One complete, CRC-checked MAVLink frame as cut from a byte stream. */
export interface Frame {
  /** 1 for MAVLink 1 (0xFE), 2 for MAVLink 2 (0xFD). */
  version: 1 | 2;
  seq: number;
  sysid: number;
  compid: number;
  msgid: number;
  /** Payload as sent (MAVLink 2 trims trailing zeros; decoders must zero-extend). */
  payload: Buffer;
  /** The whole frame, header to signature, for recording (.tlog) and forwarding. */
  raw: Buffer;
  /** 13-byte signature block for signed MAVLink 2 frames, else null. */
  signature: Buffer | null;
}

/** Counters a frame reader keeps per link; exposed as link health. */
export interface ReaderStats {
  /** Frames with a known id and a good CRC, delivered. */
  frames: number;
  /** Candidate frames whose CRC did not match. */
  badCrc: number;
  /** Frames with a good header but a message id not in our dialects. */
  unknownId: number;
  /** Bytes skipped while hunting for a start byte or after a rejected candidate. */
  garbageBytes: number;
}

/** A decoded message with where it came from. */
export interface InboundMessage<T extends MavLinkData = MavLinkData> {
  linkId: string;
  peer: string;
  sysid: number;
  compid: number;
  seq: number;
  msgid: number;
  data: T;
  frame: Frame;
}
