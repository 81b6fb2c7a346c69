import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../hardware/clock.js';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import { parseLinkUri, type SerialUri } from '../../../hardware/link/parse-uri.js';
import { SerialLink, type SerialLinkOptions } from '../../../hardware/link/serial.js';
import { startPtyPair, type PtyPair } from '../../support/socat.js';
import { ByteCollector, nextEvent } from './events.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function ptys(links?: [string, string]): Promise<PtyPair> {
  const pair = await startPtyPair({ links });
  cleanup.push(() => pair.stop());
  return pair;
}

async function serial(uri: string, opts?: SerialLinkOptions): Promise<SerialLink> {
  const link = new SerialLink(parseLinkUri(uri) as SerialUri, opts);
  cleanup.push(() => link.stop());
  const up = nextEvent(link, 'up');
  await link.start();
  await up;
  return link;
}

function pattern(length: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff));
}

describe('serial link over a socat pty pair', () => {
  it('passes bytes both ways at 57600 baud', async () => {
    const pair = await ptys();
    const a = await serial(`serial://${pair.a}?baud=57600`);
    const b = await serial(`serial://${pair.b}?baud=57600`);
    expect(a.peers()).toEqual([pair.a]);

    const atB = new ByteCollector(b);
    const atA = new ByteCollector(a);
    const toB = pattern(1000, 1);
    const toA = pattern(700, 2);
    a.send(toB);
    b.send(toA);
    expect(await atB.until(1000, pair.b)).toEqual(toB);
    expect(await atA.until(700, pair.a)).toEqual(toA);
    expect(a.stats()).toMatchObject({ connects: 1, bytesOut: 1000, bytesIn: 700, writeErrors: 0 });
  });

  it('goes down instead of crashing when socat dies, and drops writes after', async () => {
    const pair = await ptys();
    const link = await serial(`serial://${pair.a}?baud=57600`, { clock: new ManualClock() });
    const errors: Error[] = [];
    link.subscribe((e) => {
      if (e.kind === 'error') errors.push(e.error);
    });
    const down = nextEvent(link, 'down');
    await pair.stop();
    // A dead pty peer may only show on the next write (EIO); the close may also come by itself.
    link.send(Buffer.from([0xfd]));
    const event = await down;
    expect(event.peer).toBe(pair.a);
    expect(event.reason).not.toBe('link stopped');
    expect(link.peers()).toEqual([]);
    link.send(Buffer.from([1]));
    expect(link.stats().writeErrors).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
  });

  it('reopens the device when it comes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'link-serial-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const names: [string, string] = [join(dir, 'fc'), join(dir, 'gcs')];
    const first = await ptys(names);
    const link = await serial(`serial://${names[1]}`, { backoff: { initialMs: 50, maxMs: 200, factor: 2 } });

    const down = nextEvent(link, 'down');
    await first.stop();
    link.send(Buffer.from([0]));
    await down;

    const up = nextEvent(link, 'up');
    const second = await ptys(names);
    await up;
    expect(link.stats().connects).toBe(2);

    const other = await serial(`serial://${second.a}`);
    const collector = new ByteCollector(other);
    link.send(Buffer.from('back again'));
    expect((await collector.until(10)).toString()).toBe('back again');
  });

  it('paces writes to 5760 bytes per second at 57600 baud when throttled', async () => {
    const pair = await ptys();
    const clock = new ManualClock();
    const link = await serial(`serial://${pair.a}?baud=57600&throttle=true`, { clock });
    const other = await serial(`serial://${pair.b}`);
    const collector = new ByteCollector(other);
    const chunks = [pattern(576, 1), pattern(576, 2), pattern(576, 3)];
    for (const c of chunks) link.send(c);

    // 576 bytes take 100 ms on a 57600-baud line: one chunk goes at once, the next at 100 ms, the last at 200.
    expect(link.stats().bytesOut).toBe(576);
    clock.advance(99);
    expect(link.stats().bytesOut).toBe(576);
    clock.advance(1);
    expect(link.stats().bytesOut).toBe(1152);
    clock.advance(100);
    expect(link.stats().bytesOut).toBe(1728);
    expect(await collector.until(1728)).toEqual(Buffer.concat(chunks));
  });

  it('rejects start with a clear message when the device does not exist', async () => {
    const link: Link = createLink('serial:///dev/ttyNO_SUCH_DEVICE?baud=57600');
    await expect(link.start()).rejects.toThrow('serial device /dev/ttyNO_SUCH_DEVICE not found (serial:///dev/ttyNO_SUCH_DEVICE?baud=57600)');
    expect(link.peers()).toEqual([]);
    await link.stop();
  });

  it('rejects start with a clear message when the device is not a serial port', async () => {
    const link = createLink('serial:///dev/null');
    await expect(link.start()).rejects.toThrow('/dev/null is not a serial port (serial:///dev/null?baud=57600)');
  });
});
