import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../../hardware/mavlink/reader.js';
import { MavlinkWriter, encodeV1 } from '../../../../hardware/mavlink/writer.js';
import { CASES } from './cases.js';
import { encodeSigned } from './support.js';

function collect(): { got: InboundMessage[]; on: (m: InboundMessage) => void } {
  const got: InboundMessage[] = [];
  return { got, on: (m) => got.push(m) };
}

describe('MavlinkReader', () => {
  const encodings = {
    'MAVLink 1': (i: number) => encodeV1(CASES[i].data, 7, 1, i),
    'MAVLink 2': (i: number) => new MavlinkWriter(7, 1).encode(CASES[i].data),
    'signed MAVLink 2': (i: number) => encodeSigned(CASES[i].data, 7, 1, i),
  };
  for (const [name, encode] of Object.entries(encodings)) {
    it(`decodes the whole golden table sent as ${name}`, () => {
      const reader = new MavlinkReader('link-a');
      const { got, on } = collect();
      const raws = CASES.map((_, i) => encode(i));
      reader.push(Buffer.concat(raws), '10.0.0.2:14550', on);
      expect(got.map((m) => m.data)).toStrictEqual(CASES.map((c) => c.data));
      expect(got.map((m) => m.frame.raw)).toEqual(raws);
      for (const m of got) {
        expect(m).toMatchObject({ linkId: 'link-a', peer: '10.0.0.2:14550', sysid: 7, compid: 1 });
        expect(m.msgid).toBe((m.data.constructor as unknown as { MSG_ID: number }).MSG_ID);
        expect(m.seq).toBe(m.frame.seq);
      }
      expect(reader.stats()).toEqual({ frames: CASES.length, badCrc: 0, unknownId: 0, garbageBytes: 0 });
    });
  }

  it('never splices bytes from two peers into one frame', () => {
    const reader = new MavlinkReader('udp');
    const { got, on } = collect();
    const a = new MavlinkWriter(1, 1).encode(CASES[1].data);
    const b = new MavlinkWriter(2, 1).encode(CASES[2].data);
    reader.push(a.subarray(0, 7), 'A', on);
    reader.push(b.subarray(0, 9), 'B', on);
    reader.push(a.subarray(7), 'A', on);
    reader.push(b.subarray(9), 'B', on);
    expect(got.map((m) => [m.peer, m.sysid])).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
  });

  it('sums the counters of all its peers', () => {
    const reader = new MavlinkReader('udp');
    const { on } = collect();
    const good = new MavlinkWriter(1, 1).encode(CASES[0].data);
    const bad = Buffer.from(good);
    bad[12] ^= 0x40;
    reader.push(Buffer.concat([Buffer.from([0x00]), good]), 'A', on);
    reader.push(Buffer.concat([bad, good]), 'B', on);
    expect(reader.stats()).toEqual({ frames: 2, badCrc: 1, unknownId: 0, garbageBytes: 1 + bad.length });
  });

  it('forgets a peer: its partial frame is dropped and counted, its counters stay in the totals', () => {
    const reader = new MavlinkReader('tcp');
    const { got, on } = collect();
    const raw = new MavlinkWriter(1, 1).encode(CASES[0].data);
    reader.push(raw, 'A', on);
    reader.push(raw.subarray(0, 8), 'A', on);
    reader.forget('A');
    reader.push(raw.subarray(8), 'A', on);
    expect(got).toHaveLength(1);
    expect(reader.stats().frames).toBe(1);
    expect(reader.stats().garbageBytes).toBe(raw.length);
  });

  it('flush delivers the frames held behind a stray start byte of one peer', () => {
    const reader = new MavlinkReader('serial');
    const { got, on } = collect();
    const raw = new MavlinkWriter(3, 1).encode(CASES[0].data);
    reader.push(Buffer.concat([Buffer.from([0xfd, 200, 0, 0, 0, 1, 1, 0, 0, 0]), raw]), 'port', on);
    expect(got).toHaveLength(0);
    reader.flush('port', on);
    reader.flush('nobody', on);
    expect(got.map((m) => m.sysid)).toEqual([3]);
  });

  it('labels messages correctly when a handler feeds another peer from inside a delivery', () => {
    const reader = new MavlinkReader('router');
    const labels: string[] = [];
    const fromB = new MavlinkWriter(2, 1).encode(CASES[0].data);
    const writerA = new MavlinkWriter(1, 1);
    const fromA = Buffer.concat([writerA.encode(CASES[0].data), writerA.encode(CASES[1].data)]);
    reader.push(fromA, 'A', (m) => {
      labels.push(`${m.peer}:${m.sysid}`);
      if (labels.length === 1) reader.push(fromB, 'B', (n) => labels.push(`${n.peer}:${n.sysid}`));
    });
    expect(labels).toEqual(['A:1', 'B:2', 'A:1']);
  });

  it('reads a large burst in one push', () => {
    const reader = new MavlinkReader('tcp');
    const { got, on } = collect();
    const writer = new MavlinkWriter(1, 1);
    const burst = Buffer.concat(Array.from({ length: 5000 }, (_, i) => writer.encode(CASES[i % CASES.length].data)));
    reader.push(burst.subarray(0, burst.length - 3), 'A', on);
    reader.push(burst.subarray(burst.length - 3), 'A', on);
    expect(got).toHaveLength(5000);
    expect(got.map((m) => m.seq).slice(-3)).toEqual([(4997 & 0xff), (4998 & 0xff), (4999 & 0xff)]);
  });
});
