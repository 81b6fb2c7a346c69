import { MavLinkProtocolV1, MavLinkProtocolV2 } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';

/**
 * Encodes outgoing messages for one link as MAVLink 2 with our own system and component ids and a
 * sequence counter that belongs to this writer alone (peers measure packet loss from it).
 */
export class MavlinkWriter {
  private readonly protocol: MavLinkProtocolV2;
  private seq = 0;

  /** Defaults: system 255, component 190 (MAV_COMP_ID_MISSIONPLANNER), as ground stations use. */
  constructor(
    readonly sysid = 255,
    readonly compid = 190,
  ) {
    this.protocol = new MavLinkProtocolV2(sysid, compid);
  }

  /** The sequence number the next frame will carry. */
  get nextSeq(): number {
    return this.seq;
  }

  /** One MAVLink 2 frame (payload trimmed of trailing zeros, as the spec asks). */
  encode(data: MavLinkData): Buffer {
    const frame = this.protocol.serialize(data, this.seq);
    this.seq = (this.seq + 1) & 0xff;
    return frame;
  }
}

/** One MAVLink 1 frame, for tests and tools that must produce the old format. */
export function encodeV1(data: MavLinkData, sysid: number, compid: number, seq: number): Buffer {
  return new MavLinkProtocolV1(sysid, compid).serialize(data, seq & 0xff);
}
