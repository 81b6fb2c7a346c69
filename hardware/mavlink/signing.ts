/**
 * MAVLink 2 message signing: the timestamps, the 13-byte signature block and the receive-side
 * checks (signature, replay, staleness). The SHA-256 itself is node-mavlink's
 * `MavLinkPacketSignature`; timestamps are ours, because the library's come from `Date.now()` and
 * repeat within a millisecond, which receivers drop as replays.
 */
import { MavLinkPacketSignature } from 'node-mavlink';
import type { Clock } from '../clock.js';
import type { Frame } from './frame.js';

/** Signing timestamps count 10 µs units from 2015-01-01 00:00 UTC. */
export const SIGNING_EPOCH_MS = Date.UTC(2015, 0, 1);
/** Timestamp units per millisecond. */
export const SIGNING_UNITS_PER_MS = 100;
/** Length of the block after the CRC: link id, 48-bit timestamp, 48-bit signature. */
export const SIGNATURE_LENGTH = 13;
/** Incompatibility flag that marks a signed frame (it must be set before the CRC is computed). */
export const IFLAG_SIGNED = 0x01;
/** Largest 48-bit timestamp. */
const MAX_TIMESTAMP = 2 ** 48 - 1;
/** RADIO_STATUS: radios inject it unsigned, so it passes even when signing is required. */
export const MSG_RADIO_STATUS = 109;
/** How far behind the newest timestamp seen a new or old stream may be: one minute. */
export const MAX_TIMESTAMP_LAG = 60_000 * SIGNING_UNITS_PER_MS;

/** Key length MAVLink signing uses. */
export const SIGNING_KEY_LENGTH = 32;

/** A signing timestamp (10 µs units since 2015) for a clock time in ms since the Unix epoch. */
export function signingTimestamp(unixMs: number): number {
  return Math.max(0, Math.round((unixMs - SIGNING_EPOCH_MS) * SIGNING_UNITS_PER_MS));
}

/** Throws unless `key` is a 32-byte buffer. */
export function assertSigningKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== SIGNING_KEY_LENGTH) {
    throw new RangeError(`signing: key must be ${SIGNING_KEY_LENGTH} bytes, got ${Buffer.isBuffer(key) ? key.length : typeof key}`);
  }
}

/**
 * Hands out strictly increasing signing timestamps for one sender: the clock's time when it has
 * moved on, else one unit past the last one (so many frames in one millisecond stay distinct).
 */
export class SigningTimestamps {
  private last: number;

  /** @param floor timestamps never go below this (e.g. SETUP_SIGNING's initial timestamp). */
  constructor(
    private readonly clock: Clock,
    floor = 0,
  ) {
    this.last = Math.max(0, Math.floor(floor) - 1);
  }

  /** The next timestamp; every call returns a larger one than the call before. */
  next(): number {
    const t = Math.max(signingTimestamp(this.clock.now()), this.last + 1);
    if (t > MAX_TIMESTAMP) throw new RangeError('signing: timestamp overflow');
    this.last = t;
    return t;
  }

  /** The last timestamp handed out (or the floor minus one before the first). */
  get lastIssued(): number {
    return this.last;
  }
}

/**
 * Appends the signature block to `frame`, an unsigned-looking MAVLink 2 frame whose incompatibility
 * flags already include {@link IFLAG_SIGNED} (so its CRC covers the flag). Returns a new buffer.
 */
export function appendSignature(frame: Buffer, key: Buffer, linkId: number, timestamp: number): Buffer {
  if ((frame[2] & IFLAG_SIGNED) === 0) throw new Error('signing: frame was serialized without the signed flag');
  const out = Buffer.alloc(frame.length + SIGNATURE_LENGTH);
  frame.copy(out, 0);
  const sig = new MavLinkPacketSignature(out);
  sig.linkId = linkId & 0xff;
  sig.timestamp = timestamp;
  sig.signature = sig.calculate(key);
  return out;
}

/** The link id and timestamp of a signed frame's raw bytes. */
export function signatureFields(raw: Buffer): { linkId: number; timestamp: number } {
  const at = raw.length - SIGNATURE_LENGTH;
  return { linkId: raw[at], timestamp: raw.readUIntLE(at + 1, 6) };
}

/** True when a signed frame's raw bytes carry a correct signature for `key`. */
export function signatureMatches(raw: Buffer, key: Buffer): boolean {
  return new MavLinkPacketSignature(raw).matches(key);
}

/** Why a frame was refused. */
export type SigningRejection = 'unsigned' | 'bad-signature' | 'replay';

/** The verdict on one frame. */
export type SigningVerdict = { ok: true } | { ok: false; reason: SigningRejection };

/** Counts of what a verifier has seen. `replay` includes stale timestamps. */
export interface SigningStats {
  accepted: number;
  /** Unsigned frames let through because signing was not required or they were RADIO_STATUS. */
  acceptedUnsigned: number;
  unsigned: number;
  badSignature: number;
  replay: number;
}

export interface SigningVerifierOptions {
  key: Buffer;
  /** Default true: unsigned frames (other than those in `allowUnsigned`) are refused. */
  required?: boolean;
  /** Message ids accepted unsigned even when signing is required; default RADIO_STATUS only. */
  allowUnsigned?: Iterable<number>;
  /** Timestamps at or below this are refused as stale (e.g. SETUP_SIGNING's initial timestamp); default 0. */
  initialTimestamp?: number;
}

const OK: SigningVerdict = { ok: true };
const REJECT: Record<SigningRejection, SigningVerdict> = {
  unsigned: { ok: false, reason: 'unsigned' },
  'bad-signature': { ok: false, reason: 'bad-signature' },
  replay: { ok: false, reason: 'replay' },
};

/**
 * Checks incoming frames from one peer against one key. Pure: it keeps per-stream state
 * ((sysid, compid, link id) → last accepted timestamp) and counters, and reads no clock.
 *
 * A signed frame passes when its signature matches, its timestamp is newer than the last one
 * accepted on its stream, and it is no more than a minute behind the newest timestamp accepted on
 * any stream. State changes only on acceptance, so forged frames cannot push timestamps forward.
 */
export class SigningVerifier {
  private key: Buffer;
  private readonly required: boolean;
  private readonly allowUnsigned: ReadonlySet<number>;
  private readonly streams = new Map<number, number>();
  private newest: number;
  private readonly counters: SigningStats = { accepted: 0, acceptedUnsigned: 0, unsigned: 0, badSignature: 0, replay: 0 };

  constructor(opts: SigningVerifierOptions) {
    assertSigningKey(opts.key);
    this.key = opts.key;
    this.required = opts.required ?? true;
    this.allowUnsigned = new Set(opts.allowUnsigned ?? [MSG_RADIO_STATUS]);
    this.newest = opts.initialTimestamp ?? 0;
  }

  /** Checks one frame and counts the outcome; accepted signed frames advance their stream. */
  check(frame: Frame): SigningVerdict {
    if (frame.signature === null) {
      if (this.required && !this.allowUnsigned.has(frame.msgid)) return this.reject('unsigned');
      this.counters.acceptedUnsigned++;
      return OK;
    }
    if (!signatureMatches(frame.raw, this.key)) return this.reject('bad-signature');
    const { linkId, timestamp } = signatureFields(frame.raw);
    const stream = (frame.sysid << 16) | (frame.compid << 8) | linkId;
    const last = this.streams.get(stream);
    if (last !== undefined && timestamp <= last) return this.reject('replay');
    if (timestamp + MAX_TIMESTAMP_LAG < this.newest) return this.reject('replay');
    this.streams.set(stream, timestamp);
    if (timestamp > this.newest) this.newest = timestamp;
    this.counters.accepted++;
    return OK;
  }

  /** The newest timestamp accepted so far (or the initial one). */
  get newestTimestamp(): number {
    return this.newest;
  }

  /** A snapshot of the counters. */
  stats(): SigningStats {
    return { ...this.counters };
  }

  private reject(reason: SigningRejection): SigningVerdict {
    if (reason === 'unsigned') this.counters.unsigned++;
    else if (reason === 'bad-signature') this.counters.badSignature++;
    else this.counters.replay++;
    return REJECT[reason];
  }
}
