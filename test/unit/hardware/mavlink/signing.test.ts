import { describe, expect, it } from 'vitest';
import { MavLinkPacketSignature, common, x25crc } from 'node-mavlink';
import { ManualClock } from '../../../../hardware/clock.js';
import type { Frame } from '../../../../hardware/mavlink/frame.js';
import { heartbeat } from '../../../../hardware/mavlink/messages.js';
import { crcExtra } from '../../../../hardware/mavlink/registry.js';
import {
  MAX_TIMESTAMP_LAG,
  SIGNING_EPOCH_MS,
  SigningTimestamps,
  SigningVerifier,
  signatureFields,
  signingTimestamp,
} from '../../../../hardware/mavlink/signing.js';
import { generateSigningKey } from '../../../../hardware/mavlink/signing-key.js';
import { MavlinkWriter } from '../../../../hardware/mavlink/writer.js';
import { buildSetupSigning } from '../../../../hardware/vehicle/signing-setup.js';
import { SIGNING_KEY, encodeSigned, readAll } from './support.js';

const KEY = Buffer.alloc(32, 0x5a);
const OTHER_KEY = Buffer.alloc(32, 0x33);
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const hb = heartbeat({ type: 6, autopilot: 8, baseMode: 0, customMode: 0, systemStatus: 4 });

function signedWriter(opts: { key?: Buffer; linkId?: number; sysid?: number; clock?: ManualClock; initialTimestamp?: number } = {}): MavlinkWriter {
  const w = new MavlinkWriter(opts.sysid ?? 255, 190);
  w.setSigning({ key: opts.key ?? KEY, linkId: opts.linkId ?? 1, clock: opts.clock ?? new ManualClock(T0), initialTimestamp: opts.initialTimestamp });
  return w;
}

function frameOf(raw: Buffer): Frame {
  const { frames } = readAll([raw]);
  expect(frames).toHaveLength(1);
  return frames[0];
}

function radioStatus(): common.RadioStatus {
  const r = new common.RadioStatus();
  Object.assign(r, { rssi: 200, remrssi: 190, txbuf: 90, noise: 10, remnoise: 12, rxerrors: 0, fixed: 0 });
  return r;
}

/** A signed frame whose timestamp we choose, built by re-signing with a writer whose clock sits there. */
function signedAt(timestamp: number, opts: { key?: Buffer; linkId?: number; sysid?: number } = {}): Frame {
  const w = signedWriter({ ...opts, clock: new ManualClock(SIGNING_EPOCH_MS), initialTimestamp: timestamp });
  const f = frameOf(w.encode(hb));
  expect(signatureFields(f.raw).timestamp).toBe(timestamp);
  return f;
}

describe('signing writer', () => {
  it('emits frames that node-mavlink verifies with the same key', () => {
    const raw = signedWriter().encode(hb);
    expect(raw[2] & 0x01).toBe(1);
    const f = frameOf(raw);
    expect(f.signature).not.toBeNull();
    expect(new MavLinkPacketSignature(raw).matches(KEY)).toBe(true);
    expect(new MavLinkPacketSignature(raw).matches(OTHER_KEY)).toBe(false);
  });

  it('carries the link id and a timestamp in 10 µs units since 2015 from the clock', () => {
    const raw = signedWriter({ linkId: 7 }).encode(hb);
    const sig = new MavLinkPacketSignature(raw);
    expect(sig.linkId).toBe(7);
    expect(sig.timestamp).toBe((T0 - Date.UTC(2015, 0, 1)) * 100);
    expect(signingTimestamp(T0)).toBe(sig.timestamp);
  });

  it('gives 1000 frames encoded in the same millisecond strictly increasing timestamps', () => {
    const w = signedWriter();
    const stamps = Array.from({ length: 1000 }, () => new MavLinkPacketSignature(w.encode(hb)).timestamp);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]);
    expect(new Set(stamps).size).toBe(1000);
  });

  it('never goes back in time when the clock does, nor below the initial timestamp', () => {
    const clock = new ManualClock(T0);
    const ts = new SigningTimestamps(clock);
    const a = ts.next();
    clock.advance(-5000);
    expect(ts.next()).toBe(a + 1);
    const floor = signingTimestamp(T0) + 1_000_000;
    expect(new SigningTimestamps(clock, floor).next()).toBe(floor);
  });

  it('writes unsigned frames again after signing is turned off, keeping its sequence', () => {
    const w = signedWriter();
    w.encode(hb);
    w.setSigning(null);
    const f = frameOf(w.encode(hb));
    expect(f.signature).toBeNull();
    expect(f.seq).toBe(1);
    expect(w.signed).toBe(false);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new MavlinkWriter().setSigning({ key: Buffer.alloc(16), linkId: 0, clock: new ManualClock() })).toThrow(/32 bytes/);
  });

});

describe('SigningVerifier', () => {
  it('accepts a correctly signed frame', () => {
    const v = new SigningVerifier({ key: KEY });
    expect(v.check(frameOf(signedWriter().encode(hb)))).toEqual({ ok: true });
    expect(v.stats()).toMatchObject({ accepted: 1, unsigned: 0, badSignature: 0, replay: 0 });
  });

  it('rejects a frame signed with another key as a bad signature', () => {
    const v = new SigningVerifier({ key: KEY });
    expect(v.check(frameOf(signedWriter({ key: OTHER_KEY }).encode(hb)))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(v.stats().badSignature).toBe(1);
  });

  it('accepts a frame signed by node-mavlink itself with the same key', () => {
    expect(new SigningVerifier({ key: SIGNING_KEY }).check(frameOf(encodeSigned(hb, 1, 1, 0))).ok).toBe(true);
  });

  it('rejects a signed frame whose payload was altered and its CRC recomputed', () => {
    const raw = Buffer.from(signedWriter().encode(hb));
    const crcAt = raw.length - 13 - 2;
    raw[10] ^= 0x01;
    raw.writeUInt16LE(x25crc(raw.subarray(0, crcAt), 1, 0, crcExtra(0) ?? 0), crcAt);
    expect(new SigningVerifier({ key: KEY }).check(frameOf(raw))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects unsigned frames when signing is required, but lets RADIO_STATUS through', () => {
    const v = new SigningVerifier({ key: KEY });
    const plain = new MavlinkWriter();
    expect(v.check(frameOf(plain.encode(hb)))).toEqual({ ok: false, reason: 'unsigned' });
    expect(v.check(frameOf(plain.encode(radioStatus())))).toEqual({ ok: true });
    expect(v.stats()).toMatchObject({ unsigned: 1, acceptedUnsigned: 1, accepted: 0 });
  });

  it('accepts unsigned frames when signing is not required', () => {
    const v = new SigningVerifier({ key: KEY, required: false });
    expect(v.check(frameOf(new MavlinkWriter().encode(hb))).ok).toBe(true);
  });

  it('rejects a replayed signed frame', () => {
    const v = new SigningVerifier({ key: KEY });
    const f = frameOf(signedWriter().encode(hb));
    expect(v.check(f).ok).toBe(true);
    expect(v.check(f)).toEqual({ ok: false, reason: 'replay' });
    expect(v.stats()).toMatchObject({ accepted: 1, replay: 1 });
  });

  it('rejects a timestamp equal to the last accepted on the stream and accepts one unit more', () => {
    const t = signingTimestamp(T0);
    const v = new SigningVerifier({ key: KEY });
    expect(v.check(signedAt(t)).ok).toBe(true);
    expect(v.check(signedAt(t))).toEqual({ ok: false, reason: 'replay' });
    expect(v.check(signedAt(t - 1))).toEqual({ ok: false, reason: 'replay' });
    expect(v.check(signedAt(t + 1))).toEqual({ ok: true });
  });

  it('keeps timestamps per stream: another link id or system may be behind, within a minute', () => {
    const t = signingTimestamp(T0);
    const v = new SigningVerifier({ key: KEY });
    expect(v.check(signedAt(t, { linkId: 1 })).ok).toBe(true);
    expect(v.check(signedAt(t - 10, { linkId: 2 })).ok).toBe(true);
    expect(v.check(signedAt(t - 10, { sysid: 200 })).ok).toBe(true);
  });

  it('rejects a timestamp more than a minute behind the newest seen, and accepts one exactly a minute behind', () => {
    const t = signingTimestamp(T0);
    const v = new SigningVerifier({ key: KEY });
    expect(v.check(signedAt(t, { linkId: 1 })).ok).toBe(true);
    expect(v.check(signedAt(t - MAX_TIMESTAMP_LAG - 1, { linkId: 2 }))).toEqual({ ok: false, reason: 'replay' });
    expect(v.check(signedAt(t - MAX_TIMESTAMP_LAG, { linkId: 3 }))).toEqual({ ok: true });
  });

  it('treats the initial timestamp as the newest seen', () => {
    const t = signingTimestamp(T0);
    const v = new SigningVerifier({ key: KEY, initialTimestamp: t });
    expect(v.check(signedAt(t - MAX_TIMESTAMP_LAG - 1)).ok).toBe(false);
    expect(v.check(signedAt(t - MAX_TIMESTAMP_LAG)).ok).toBe(true);
  });

  it('does not let a forged frame advance a stream', () => {
    const t = signingTimestamp(T0);
    const v = new SigningVerifier({ key: KEY });
    expect(v.check(signedAt(t + 1_000_000, { key: OTHER_KEY })).ok).toBe(false);
    expect(v.check(signedAt(t)).ok).toBe(true);
  });
});

describe('SETUP_SIGNING builder', () => {
  it('builds SETUP_SIGNING with the target, key bytes and initial timestamp, and round-trips through the writer', () => {
    const key = generateSigningKey();
    expect(key).toHaveLength(32);
    const msg = buildSetupSigning({ targetSystem: 9, targetComponent: 1, key, initialTimestamp: signingTimestamp(T0) });
    const raw = new MavlinkWriter().encode(msg);
    const { frames } = readAll([raw]);
    expect(frames[0].msgid).toBe(256);
    expect(msg.secretKey).toEqual([...key]);
    expect(msg.initialTimestamp).toBe(BigInt(signingTimestamp(T0)));
    expect([msg.targetSystem, msg.targetComponent]).toEqual([9, 1]);
  });

  it('rejects a short key', () => {
    expect(() => buildSetupSigning({ targetSystem: 1, key: Buffer.alloc(31), initialTimestamp: 0 })).toThrow(/32 bytes/);
  });
});
