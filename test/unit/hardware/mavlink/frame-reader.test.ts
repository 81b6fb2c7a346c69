import { describe, expect, it } from 'vitest';
import { MavLinkPacketSplitter, common } from 'node-mavlink';
import type { Frame } from '../../../../hardware/mavlink/frame.js';
import { FrameReader, MAX_FRAME_LENGTH } from '../../../../hardware/mavlink/frame-reader.js';
import { heartbeat, message } from '../../../../hardware/mavlink/messages.js';
import { MavlinkWriter, encodeV1 } from '../../../../hardware/mavlink/writer.js';
import { encodeSigned, rawV2, readAll, startByteOnlyAtHead } from './support.js';

const hb = heartbeat({ type: 2, autopilot: 3, baseMode: 0x51, customMode: 4, systemStatus: 3 });
const writer = new MavlinkWriter(1, 1);

/** Three heartbeats with no start byte after their first byte, so skipped-byte counts are exact. */
function cleanHeartbeats(count: number): Buffer[] {
  const out: Buffer[] = [];
  for (let seq = 0; out.length < count; seq++) {
    const raw = new MavlinkWriter(1, 1).encode(heartbeat({ type: 2, autopilot: 3, baseMode: 0x51, customMode: seq, systemStatus: 3 }));
    if (startByteOnlyAtHead(raw)) out.push(raw);
  }
  return out;
}

async function nodeMavlinkSplitterCount(bytes: Buffer): Promise<number> {
  const splitter = new MavLinkPacketSplitter();
  let count = 0;
  splitter.on('data', () => count++);
  const done = new Promise((resolve) => splitter.on('finish', resolve));
  splitter.end(bytes);
  await done;
  return count;
}

describe('FrameReader', () => {
  it('delivers MAVLink 1, MAVLink 2 and signed MAVLink 2 frames from one chunk', () => {
    const v1 = encodeV1(hb, 3, 4, 5);
    const v2 = writer.encode(hb);
    const signed = encodeSigned(hb, 6, 7, 8);
    const { frames, reader } = readAll([Buffer.concat([v1, v2, signed])]);
    expect(frames.map((f) => [f.version, f.sysid, f.msgid, f.signature === null])).toEqual([
      [1, 3, 0, true],
      [2, 1, 0, true],
      [2, 6, 0, false],
    ]);
    expect(frames[0]).toMatchObject({ seq: 5, compid: 4 });
    expect(frames[2].signature).toEqual(signed.subarray(signed.length - 13));
    expect(frames[2].raw).toEqual(signed);
    expect(reader.stats()).toEqual({ frames: 3, badCrc: 0, unknownId: 0, garbageBytes: 0 });
  });

  it('reassembles a frame delivered one byte at a time', () => {
    const raw = encodeSigned(message(common.StatusText, { severity: 4, text: 'battery low' }), 1, 1, 9);
    const { frames } = readAll([...raw].map((b) => Buffer.from([b])));
    expect(frames).toHaveLength(1);
    expect(frames[0].raw).toEqual(raw);
  });

  it('keeps delivered frames intact while later bytes reuse its buffer', () => {
    const reader = new FrameReader();
    const frames: Frame[] = [];
    const [a, b] = cleanHeartbeats(2);
    reader.push(Buffer.concat([a, b.subarray(0, 5)]), (f) => frames.push(f));
    reader.push(Buffer.concat([b.subarray(5), Buffer.alloc(4000, 0x55)]), (f) => frames.push(f));
    expect(frames.map((f) => f.raw)).toEqual([a, b]);
  });

  it('counts skipped bytes between frames as garbage', () => {
    const [a] = cleanHeartbeats(1);
    const { frames, reader } = readAll([Buffer.from([1, 2, 3]), a, Buffer.from([0, 0x55])]);
    expect(frames).toHaveLength(1);
    expect(reader.stats()).toEqual({ frames: 1, badCrc: 0, unknownId: 0, garbageBytes: 5 });
  });

  it('counts a bad CRC, skips only that frame and reads the next one', () => {
    const [bad, good] = cleanHeartbeats(2);
    const corrupt = Buffer.from(bad);
    corrupt[11] ^= 0x01;
    expect(startByteOnlyAtHead(corrupt)).toBe(true);
    const { frames, reader } = readAll([corrupt, good]);
    expect(frames.map((f) => f.raw)).toEqual([good]);
    expect(reader.stats()).toEqual({ frames: 1, badCrc: 1, unknownId: 0, garbageBytes: corrupt.length });
  });

  it('counts an unknown id as soon as the header arrives, without waiting for the frame', () => {
    const unknown = rawV2(0x0a0b0c, Buffer.from([1, 2, 3]), 0);
    const reader = new FrameReader();
    reader.push(unknown.subarray(0, 10), () => {});
    expect(reader.stats()).toMatchObject({ unknownId: 1, garbageBytes: 10 });
    expect(reader.pendingBytes).toBe(0);
  });

  it('rejects a MAVLink 2 header with an incompatibility flag it does not understand', () => {
    const [good] = cleanHeartbeats(1);
    const flagged = Buffer.from(good);
    flagged[2] = 0x02;
    const { frames, reader } = readAll([flagged, good]);
    expect(frames).toHaveLength(1);
    expect(reader.stats()).toEqual({ frames: 1, badCrc: 0, unknownId: 0, garbageBytes: flagged.length });
  });

  it('rejects a MAVLink 1 frame whose length cannot belong to its message, without waiting', () => {
    const v1 = encodeV1(hb, 1, 1, 0);
    const reader = new FrameReader();
    reader.push(Buffer.from([0xfe, 200, 0, 1, 1, 0]), () => {});
    expect(reader.pendingBytes).toBe(0);
    const frames: Frame[] = [];
    reader.push(v1, (f) => frames.push(f));
    expect(frames).toHaveLength(1);
    expect(reader.stats()).toMatchObject({ frames: 1, badCrc: 0, garbageBytes: 6 });
  });

  it('accepts MAVLink 2 payloads longer than the known message (extensions from a newer dialect)', () => {
    const payload = Buffer.concat([writer.encode(hb).subarray(10, 19), Buffer.from([9, 9])]);
    const { frames } = readAll([rawV2(0, payload, 50)]);
    expect(frames).toHaveLength(1);
    expect(frames[0].payload).toEqual(payload);
  });

  it('holds an incomplete frame until the rest arrives', () => {
    const [a] = cleanHeartbeats(1);
    const reader = new FrameReader();
    const frames: Frame[] = [];
    reader.push(a.subarray(0, 12), (f) => frames.push(f));
    expect(frames).toHaveLength(0);
    expect(reader.pendingBytes).toBe(12);
    reader.push(a.subarray(12), (f) => frames.push(f));
    expect(frames).toHaveLength(1);
    expect(reader.pendingBytes).toBe(0);
  });

  it('flush gives up on a stray start byte and delivers the frames behind it', () => {
    const good = cleanHeartbeats(2);
    // A header promising 255 bytes of payload: the reader waits for it to complete.
    const stray = Buffer.from([0xfd, 255, 0, 0, 0, 1, 1, 0, 0, 0]);
    const reader = new FrameReader();
    const frames: Frame[] = [];
    reader.push(Buffer.concat([stray, ...good]), (f) => frames.push(f));
    expect(frames).toHaveLength(0);
    reader.flush((f) => frames.push(f));
    expect(frames.map((f) => f.raw)).toEqual(good);
    expect(reader.pendingBytes).toBe(0);
    expect(reader.stats()).toMatchObject({ frames: 2, garbageBytes: stray.length });
  });

  it('never holds back a whole frame length of bytes', () => {
    const reader = new FrameReader();
    let seed = 1;
    for (let i = 0; i < 2000; i++) {
      const chunk = Buffer.alloc(1 + (i % 37));
      for (let j = 0; j < chunk.length; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        chunk[j] = seed % 5 === 0 ? 0xfd : seed & 0xff;
      }
      reader.push(chunk, () => {});
      expect(reader.pendingBytes).toBeLessThan(MAX_FRAME_LENGTH);
    }
  });

  it('does not deliver a frame twice when the handler throws', () => {
    const [a, b] = cleanHeartbeats(2);
    const reader = new FrameReader();
    const seen: Buffer[] = [];
    expect(() =>
      reader.push(Buffer.concat([a, b]), (f) => {
        seen.push(f.raw);
        throw new Error('consumer failed');
      }),
    ).toThrow('consumer failed');
    reader.push(Buffer.alloc(0), () => {});
    reader.push(Buffer.from([0]), (f) => seen.push(f.raw));
    expect(seen).toEqual([a, b]);
  });

  it('finds every heartbeat after a stray start byte and an unknown id, where node-mavlink loses them', async () => {
    const beats = cleanHeartbeats(3);
    // A stray MAVLink 2 start byte whose header names an unknown id and a 32-byte payload.
    const noise = Buffer.from([0xfd, 32, 0, 0, 0, 1, 1, 0x31, 0x32, 0x33]);
    const bytes = Buffer.concat([noise, ...beats]);

    const { frames, reader } = readAll([bytes]);
    expect(frames.map((f) => f.raw)).toEqual(beats);
    expect(reader.stats()).toEqual({ frames: 3, badCrc: 0, unknownId: 1, garbageBytes: noise.length });

    // The same bytes through node-mavlink's splitter: it skips the bogus 44-byte frame whole.
    expect(await nodeMavlinkSplitterCount(bytes)).toBeLessThan(3);
  });
});
