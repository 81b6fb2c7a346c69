import { describe, expect, it } from 'vitest';
import { MavlinkWriter, encodeV1 } from '../../../../hardware/mavlink/writer.js';
import { heartbeat } from '../../../../hardware/mavlink/messages.js';
import { readAll } from './support.js';

const hb = heartbeat({ type: 6, autopilot: 8, baseMode: 0, customMode: 0, systemStatus: 4 });

describe('MavlinkWriter', () => {
  it('writes MAVLink 2 with its own system and component ids', () => {
    const raw = new MavlinkWriter(42, 191).encode(hb);
    expect(raw[0]).toBe(0xfd);
    const { frames } = readAll([raw]);
    expect(frames[0]).toMatchObject({ version: 2, sysid: 42, compid: 191, msgid: 0, signature: null });
  });

  it('defaults to the ground station identity 255/190', () => {
    const { frames } = readAll([new MavlinkWriter().encode(hb)]);
    expect(frames[0]).toMatchObject({ sysid: 255, compid: 190 });
  });

  it('numbers frames 0, 1, 2 … and wraps from 255 to 0', () => {
    const writer = new MavlinkWriter();
    const seqs = Array.from({ length: 258 }, () => readAll([writer.encode(hb)]).frames[0].seq);
    expect(seqs.slice(0, 3)).toEqual([0, 1, 2]);
    expect(seqs.slice(254)).toEqual([254, 255, 0, 1]);
    expect(writer.nextSeq).toBe(2);
  });

  it('keeps a separate sequence counter per writer', () => {
    const a = new MavlinkWriter(1, 1);
    const b = new MavlinkWriter(2, 1);
    a.encode(hb);
    a.encode(hb);
    const seqs = [b.encode(hb), a.encode(hb), b.encode(hb)].map((raw) => readAll([raw]).frames[0].seq);
    expect(seqs).toEqual([0, 2, 1]);
  });

  it('encodeV1 writes MAVLink 1 with the sequence given', () => {
    const raw = encodeV1(hb, 9, 1, 300);
    expect(raw[0]).toBe(0xfe);
    expect(readAll([raw]).frames[0]).toMatchObject({ version: 1, sysid: 9, compid: 1, seq: 300 & 0xff });
  });
});
