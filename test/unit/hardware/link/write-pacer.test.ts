import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { WritePacer, bytesPerSecond } from '../../../../hardware/link/write-pacer.js';

describe('WritePacer', () => {
  function setup(maxQueuedBytes?: number) {
    const clock = new ManualClock();
    const written: { at: number; length: number }[] = [];
    // 57600 baud carries 5760 bytes/s, so 576 bytes take exactly 100 ms.
    const pacer = new WritePacer(clock, bytesPerSecond(57600), (chunk) => written.push({ at: clock.now(), length: chunk.length }), maxQueuedBytes);
    return { clock, written, pacer };
  }

  it('writes the first chunk on an idle line at once', () => {
    const { written, pacer } = setup();
    pacer.push(Buffer.alloc(576));
    expect(written).toEqual([{ at: 0, length: 576 }]);
  });

  it('holds the next chunk until the line has carried the one before', () => {
    const { clock, written, pacer } = setup();
    pacer.push(Buffer.alloc(576));
    pacer.push(Buffer.alloc(576));
    clock.advance(99);
    expect(written).toHaveLength(1);
    clock.advance(1);
    expect(written.map((w) => w.at)).toEqual([0, 100]);
  });

  it('carries a burst at 5760 bytes per second at 57600 baud', () => {
    const { clock, written, pacer } = setup();
    for (let i = 0; i < 10; i++) pacer.push(Buffer.alloc(288));
    clock.advance(10_000);
    expect(written.map((w) => w.at)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450]);
  });

  it('writes at once again after the line has gone idle', () => {
    const { clock, written, pacer } = setup();
    pacer.push(Buffer.alloc(576));
    clock.advance(1000);
    pacer.push(Buffer.alloc(576));
    expect(written.map((w) => w.at)).toEqual([0, 1000]);
  });

  it('refuses chunks beyond its buffer and keeps the ones it took', () => {
    const { clock, written, pacer } = setup(1000);
    expect(pacer.push(Buffer.alloc(576))).toBe(true); // on the line
    expect(pacer.push(Buffer.alloc(576))).toBe(true); // queued: 576
    expect(pacer.push(Buffer.alloc(424))).toBe(true); // queued: 1000, full
    expect(pacer.push(Buffer.alloc(1))).toBe(false);
    expect(pacer.pending).toBe(1000);
    clock.advance(10_000);
    expect(written.map((w) => w.length)).toEqual([576, 576, 424]);
    expect(pacer.pending).toBe(0);
  });

  it('drops the queue and its timer on clear', () => {
    const { clock, written, pacer } = setup();
    pacer.push(Buffer.alloc(576));
    pacer.push(Buffer.alloc(576));
    pacer.clear();
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(written).toHaveLength(1);
  });
});
