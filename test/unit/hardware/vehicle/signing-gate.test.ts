import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import type { Frame } from '../../../../hardware/mavlink/frame.js';
import { SigningTimestamps, signatureFields, signatureMatches } from '../../../../hardware/mavlink/signing.js';
import { MavlinkWriter } from '../../../../hardware/mavlink/writer.js';
import { SigningGate, type SigningGateOptions, type SigningRejects } from '../../../../hardware/vehicle/signing-gate.js';
import { decodeAll, frameOf, heartbeat } from './fixtures.js';

const T0 = Date.UTC(2026, 0, 1);
const KEY = Buffer.alloc(32, 7);
const OTHER = Buffer.alloc(32, 9);

function radioStatus(): common.RadioStatus {
  const m = new common.RadioStatus();
  Object.assign(m, { rssi: 200, remrssi: 190, txbuf: 90, noise: 10, remnoise: 12, rxerrors: 0, fixed: 0 });
  return m;
}

/** Frames as the vehicle (system 1, component 1) sends them, signed with `key` or not. */
function vehicle(clock: ManualClock, key: Buffer | null) {
  const w = new MavlinkWriter(1, 1);
  if (key) w.setSigning({ key, linkId: 0, clock });
  return (data: MavLinkData = heartbeat()): Frame => decodeAll(w.encode(data))[0].frame;
}

const unsigned = (data: MavLinkData = heartbeat()): Frame => decodeAll(frameOf(data))[0].frame;

function setup(extra: Partial<SigningGateOptions> = {}) {
  const clock = new ManualClock(T0);
  const linkRejects: SigningRejects = { unsigned: 0, badSignature: 0, replay: 0 };
  const told: Frame[] = [];
  const changes: boolean[] = [];
  const gate = new SigningGate({
    sysid: 255,
    compid: 190,
    target: { sysid: 1, compid: 1 },
    linkId: 3,
    timestamps: new SigningTimestamps(clock),
    linkRejects,
    onSignedWhileOff: (f) => told.push(f),
    onSigningChange: (on) => changes.push(on),
    ...extra,
  });
  return { clock, gate, linkRejects, told, changes };
}

/** Turns the gate on with `key` as the service does: propose, then the vehicle's first signed frame. */
function turnOn(t: ReturnType<typeof setup>, key = KEY): () => Frame {
  t.gate.propose(key, () => {});
  const signed = vehicle(t.clock, key);
  expect(t.gate.admit(signed())).toBe(true);
  return signed;
}

describe('signing gate', () => {
  it('lets everything in and signs nothing while off, and says once that a signed frame was heard', () => {
    const t = setup();
    expect(t.gate.state).toBe('off');
    expect(t.gate.admit(unsigned())).toBe(true);
    expect(t.gate.encode(heartbeat())).toBeNull();
    const signed = vehicle(t.clock, KEY);
    expect(t.gate.admit(signed())).toBe(true);
    expect(t.gate.admit(signed())).toBe(true);
    expect(t.told).toHaveLength(1);
    expect(t.gate.stats()).toEqual({ unsigned: 0, badSignature: 0, replay: 0 });
  });

  it('builds SETUP_SIGNING for the vehicle with the key and a timestamp from the link source', () => {
    const t = setup();
    const msg = t.gate.propose(KEY, () => {});
    expect(msg.targetSystem).toBe(1);
    expect(msg.targetComponent).toBe(1);
    expect(Buffer.from(msg.secretKey)).toEqual(KEY);
    expect(Number(msg.initialTimestamp)).toBe((T0 - Date.UTC(2015, 0, 1)) * 100);
    expect(t.gate.state).toBe('pending');
    expect(() => t.gate.propose(OTHER, () => {})).toThrow(/already waiting/);
  });

  it('keeps the old rules while a key is pending and adopts it on the first frame signed with it', () => {
    const t = setup();
    let adopted = 0;
    t.gate.propose(KEY, () => adopted++);
    expect(t.gate.admit(unsigned())).toBe(true);
    expect(t.gate.admit(vehicle(t.clock, OTHER)())).toBe(true);
    expect(adopted).toBe(0);
    expect(t.gate.admit(vehicle(t.clock, KEY)())).toBe(true);
    expect(adopted).toBe(1);
    expect(t.gate.state).toBe('on');
    expect(t.changes).toEqual([true]);
  });

  it('refuses unsigned, wrongly signed and replayed frames once on, counting them on the path and the link', () => {
    const t = setup();
    const signed = turnOn(t);
    const fresh = signed();
    expect(t.gate.admit(fresh)).toBe(true);
    expect(t.gate.admit(unsigned())).toBe(false);
    expect(t.gate.admit(vehicle(t.clock, OTHER)())).toBe(false);
    expect(t.gate.admit(fresh)).toBe(false);
    expect(t.gate.admit(signed())).toBe(true);
    expect(t.gate.stats()).toEqual({ unsigned: 1, badSignature: 1, replay: 1 });
    expect(t.linkRejects).toEqual({ unsigned: 1, badSignature: 1, replay: 1 });
  });

  it('lets RADIO_STATUS in unsigned, as radios inject it', () => {
    const t = setup();
    turnOn(t);
    expect(t.gate.admit(unsigned(radioStatus()))).toBe(true);
    expect(t.gate.stats().unsigned).toBe(0);
  });

  it('signs with its link id and timestamps from the link source, increasing across the gates of one link', () => {
    const clock = new ManualClock(T0);
    const timestamps = new SigningTimestamps(clock);
    const a = setup({ timestamps });
    const b = setup({ timestamps });
    turnOn(a);
    turnOn(b, OTHER);
    const stamps: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fa = a.gate.encode(heartbeat())!;
      const fb = b.gate.encode(heartbeat())!;
      expect(signatureMatches(fa, KEY)).toBe(true);
      expect(signatureMatches(fb, OTHER)).toBe(true);
      expect(signatureFields(fa).linkId).toBe(3);
      stamps.push(signatureFields(fa).timestamp, signatureFields(fb).timestamp);
    }
    expect(stamps).toEqual([...stamps].sort((x, y) => x - y));
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('turns off on the first unsigned frame after proposing no key, sending the zero key signed with the old one', () => {
    const t = setup();
    const signed = turnOn(t);
    let adopted = 0;
    const msg = t.gate.propose(null, () => adopted++);
    expect(msg.secretKey.every((b) => b === 0)).toBe(true);
    expect(signatureMatches(t.gate.encode(msg)!, KEY)).toBe(true);
    expect(t.gate.admit(signed())).toBe(true);
    expect(t.gate.admit(unsigned(radioStatus()))).toBe(true);
    expect(adopted).toBe(0);
    expect(t.gate.admit(unsigned())).toBe(true);
    expect(adopted).toBe(1);
    expect(t.gate.state).toBe('off');
    expect(t.gate.encode(heartbeat())).toBeNull();
    expect(t.changes).toEqual([true, false]);
    // Deliberately off: a late signed frame does not ask for the key again.
    expect(t.gate.admit(signed())).toBe(true);
    expect(t.told).toHaveLength(0);
  });

  it('keeps the current rules when a proposal is withdrawn', () => {
    const t = setup();
    t.gate.propose(KEY, () => {});
    t.gate.withdraw();
    expect(t.gate.state).toBe('off');
    expect(t.gate.admit(unsigned())).toBe(true);
  });

  it('resumes a stored key without SETUP_SIGNING, then holds the vehicle to it', () => {
    const t = setup();
    const signed = vehicle(t.clock, KEY);
    t.gate.admit(signed());
    t.gate.resume(KEY);
    expect(t.gate.state).toBe('on');
    expect(t.gate.admit(signed())).toBe(true);
    expect(t.gate.admit(unsigned())).toBe(false);
    expect(signatureMatches(t.gate.encode(heartbeat())!, KEY)).toBe(true);
  });
});
