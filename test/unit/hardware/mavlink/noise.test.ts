import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { x25crc } from 'node-mavlink';
import type { Frame } from '../../../../hardware/mavlink/frame.js';
import { FrameReader } from '../../../../hardware/mavlink/frame-reader.js';
import { decodeFrame } from '../../../../hardware/mavlink/decode.js';
import { messageSpec } from '../../../../hardware/mavlink/registry.js';
import { MavlinkWriter, encodeV1 } from '../../../../hardware/mavlink/writer.js';
import { CASES } from './cases.js';
import { encodeSigned, nodeMavlinkDecode } from './support.js';

type Segment = { kind: 'frame' | 'noise' | 'unknown-id' | 'flipped'; bytes: Buffer };

const encoders = {
  v1: (c: number, sysid: number, seq: number) => encodeV1(CASES[c].data, sysid, 1, seq),
  v2: (c: number, sysid: number) => new MavlinkWriter(sysid, 1).encode(CASES[c].data),
  signed: (c: number, sysid: number, seq: number) => encodeSigned(CASES[c].data, sysid, 1, seq),
};

const encodedFrame = fc
  .record({
    c: fc.integer({ min: 0, max: CASES.length - 1 }),
    version: fc.constantFrom<keyof typeof encoders>('v1', 'v2', 'signed'),
    sysid: fc.integer({ min: 1, max: 255 }),
    seq: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ c, version, sysid, seq }) => encoders[version](c, sysid, seq));

const validFrame = encodedFrame.map((bytes): Segment => ({ kind: 'frame', bytes }));

const randomBytes = fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b): Segment => ({ kind: 'noise', bytes: Buffer.from(b) }));

const strayStart = fc
  .tuple(fc.constantFrom(0xfd, 0xfe), fc.uint8Array({ maxLength: 20 }))
  .map(([stx, rest]): Segment => ({ kind: 'noise', bytes: Buffer.from([stx, ...rest]) }));

const badLength = fc.tuple(encodedFrame, fc.integer({ min: 1, max: 255 })).map(([frame, delta]): Segment => {
  const bytes = Buffer.from(frame);
  bytes[1] = (bytes[1] + delta) & 0xff;
  return { kind: 'noise', bytes };
});

const UNKNOWN_V1_IDS = Array.from({ length: 256 }, (_, i) => i).filter((id) => messageSpec(id) === undefined);
const unknownId = fc.oneof(
  fc.tuple(fc.constantFrom(...UNKNOWN_V1_IDS), fc.uint8Array({ maxLength: 30 }), fc.uint8Array({ minLength: 2, maxLength: 2 })).map(
    ([id, payload, crc]): Segment => ({ kind: 'unknown-id', bytes: Buffer.from([0xfe, payload.length, 0, 1, 1, id, ...payload, ...crc]) }),
  ),
  fc
    .tuple(
      fc.integer({ min: 0, max: 0xffffff }).filter((id) => messageSpec(id) === undefined),
      fc.integer({ min: 0, max: 1 }),
      fc.uint8Array({ maxLength: 30 }),
      fc.uint8Array({ minLength: 2, maxLength: 2 }),
    )
    .map(([id, incompat, payload, crc]): Segment => {
      const head = [0xfd, payload.length, incompat, 0, 0, 1, 1, id & 0xff, (id >> 8) & 0xff, id >> 16];
      const signature = incompat ? new Array<number>(13).fill(0x11) : [];
      return { kind: 'unknown-id', bytes: Buffer.from([...head, ...payload, ...crc, ...signature]) };
    }),
);

// A corrupted byte in the CRC-covered part (payload or checksum); the signature is not covered.
const flipped = fc.tuple(encodedFrame, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([frame, at, mask]): Segment => {
  const header = frame[0] === 0xfd ? 10 : 6;
  const covered = frame[1] + 2;
  const bytes = Buffer.from(frame);
  bytes[header + (at % covered)] ^= mask;
  return { kind: 'flipped', bytes };
});

const noise = fc.oneof(randomBytes, strayStart, badLength, unknownId, flipped);
const stream = fc.array(fc.oneof({ arbitrary: validFrame, weight: 3 }, { arbitrary: noise, weight: 2 }), { minLength: 1, maxLength: 24 });
const chunkSizes = fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 20 });

/** Independent statement of "a good frame starts at i": header rules, known id, CRC with CRC_EXTRA. */
function validAt(s: Buffer, i: number): boolean {
  const v2 = s[i] === 0xfd;
  if (!v2 && s[i] !== 0xfe) return false;
  const header = v2 ? 10 : 6;
  if (i + header > s.length || (v2 && s[i + 2] > 1)) return false;
  const msgid = v2 ? s.readUIntLE(i + 7, 3) : s[i + 5];
  const spec = messageSpec(msgid);
  const len = s[i + 1];
  if (spec === undefined || (!v2 && (len < spec.baseLength || len > spec.payloadLength))) return false;
  const end = i + header + len + 2 + (v2 && s[i + 2] === 1 ? 13 : 0);
  if (end > s.length) return false;
  return x25crc(s.subarray(i, i + header + len), 1, 0, spec.crcExtra) === s.readUInt16LE(i + header + len);
}

/** True when no good frame starts anywhere in the noise, so noise cannot stand in for a frame. */
function noiseIsInert(segments: Segment[], bytes: Buffer): boolean {
  let at = 0;
  for (const seg of segments) {
    if (seg.kind !== 'frame') {
      for (let i = at; i < at + seg.bytes.length; i++) if (validAt(bytes, i)) return false;
    }
    at += seg.bytes.length;
  }
  return true;
}

describe('frame reader under noise', () => {
  it('delivers every valid frame exactly once and in order, and nothing else, however the noise and chunks fall', () => {
    fc.assert(
      fc.property(stream, chunkSizes, (segments, sizes) => {
        const bytes = Buffer.concat(segments.map((s) => s.bytes));
        fc.pre(noiseIsInert(segments, bytes));
        const planted = segments.filter((s) => s.kind === 'frame').map((s) => s.bytes);

        const reader = new FrameReader();
        const got: Frame[] = [];
        const onFrame = (f: Frame): void => {
          got.push(f);
        };
        for (let at = 0, k = 0; at < bytes.length; k++) {
          const size = sizes[k % sizes.length];
          reader.push(bytes.subarray(at, at + size), onFrame);
          at += size;
        }
        reader.flush(onFrame);

        expect(got.map((f) => f.raw)).toEqual(planted);
        for (const f of got) expect(decodeFrame(f)).toStrictEqual(nodeMavlinkDecode(f.raw));
        const stats = reader.stats();
        const count = (kind: Segment['kind']): number => segments.filter((s) => s.kind === kind).length;
        expect(stats.frames).toBe(planted.length);
        expect(stats.garbageBytes).toBe(bytes.length - planted.reduce((n, p) => n + p.length, 0));
        expect(stats.unknownId).toBeGreaterThanOrEqual(count('unknown-id'));
        expect(stats.badCrc).toBeGreaterThanOrEqual(count('flipped'));
        expect(reader.pendingBytes).toBe(0);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
