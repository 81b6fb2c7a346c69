import { MavLinkProtocolV1, MavLinkProtocolV2 } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { Clock } from '../clock.js';
import { IFLAG_SIGNED, SigningTimestamps, appendSignature, assertSigningKey } from './signing.js';

/** How a writer signs its frames. */
export interface WriterSigning {
  /** The 32-byte secret key. */
  key: Buffer;
  /** The link id carried in each signature (0–255), one per link to a vehicle. */
  linkId: number;
  /** Timestamps follow this clock (ms since the Unix epoch), kept strictly increasing. */
  clock?: Clock;
  /** Timestamps never go below this one (10 µs units since 2015), e.g. SETUP_SIGNING's initial timestamp. */
  initialTimestamp?: number;
  /**
   * A timestamp source shared with other writers, used instead of one made from `clock`: writers of
   * several vehicles on one link then never hand out the same timestamp twice.
   */
  timestamps?: SigningTimestamps;
}

interface ActiveSigning {
  key: Buffer;
  linkId: number;
  protocol: MavLinkProtocolV2;
  timestamps: SigningTimestamps;
}

/**
 * Encodes outgoing messages for one link as MAVLink 2 with our own system and component ids and a
 * sequence counter that belongs to this writer alone (peers measure packet loss from it).
 */
export class MavlinkWriter {
  private readonly protocol: MavLinkProtocolV2;
  private seq = 0;
  private signing: ActiveSigning | null = null;

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

  /**
   * Signs every frame encoded from now on (null: stop signing). The timestamps carry on from the
   * last signed frame, so switching keys never makes them go back.
   */
  setSigning(opts: WriterSigning | null): void {
    if (opts === null) {
      this.signing = null;
      return;
    }
    assertSigningKey(opts.key);
    if (!Number.isInteger(opts.linkId) || opts.linkId < 0 || opts.linkId > 255) throw new RangeError(`signing: linkId must be 0-255, got ${opts.linkId}`);
    let timestamps = opts.timestamps;
    if (timestamps === undefined) {
      if (opts.clock === undefined) throw new TypeError('signing: a clock or a timestamp source is needed');
      timestamps = new SigningTimestamps(opts.clock, Math.max(opts.initialTimestamp ?? 0, (this.signing?.timestamps.lastIssued ?? -1) + 1));
    }
    this.signing = {
      key: Buffer.from(opts.key),
      linkId: opts.linkId,
      protocol: new MavLinkProtocolV2(this.sysid, this.compid, IFLAG_SIGNED),
      timestamps,
    };
  }

  /** True while frames are being signed. */
  get signed(): boolean {
    return this.signing !== null;
  }

  /** One MAVLink 2 frame (payload trimmed of trailing zeros, as the spec asks), signed when signing is set. */
  encode(data: MavLinkData): Buffer {
    const s = this.signing;
    const frame = s === null ? this.protocol.serialize(data, this.seq) : appendSignature(s.protocol.serialize(data, this.seq), s.key, s.linkId, s.timestamps.next());
    this.seq = (this.seq + 1) & 0xff;
    return frame;
  }
}

/** One MAVLink 1 frame, for tests and tools that must produce the old format. */
export function encodeV1(data: MavLinkData, sysid: number, compid: number, seq: number): Buffer {
  return new MavLinkProtocolV1(sysid, compid).serialize(data, seq & 0xff);
}
