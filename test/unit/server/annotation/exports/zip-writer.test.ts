import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ExportAborted, ZipWriter } from '../../../../../server/annotation/exports/zip-writer.js';

/** An output that takes `chunkDelayMs` per chunk, holding at most `highWaterMark` bytes before it says wait. */
function slowSink(highWaterMark: number): { out: Writable; bytes: () => Buffer; peakBuffered: () => number } {
  const chunks: Buffer[] = [];
  let peak = 0;
  const out = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      peak = Math.max(peak, out.writableLength);
      setImmediate(done);
    },
  });
  return { out, bytes: () => Buffer.concat(chunks), peakBuffered: () => peak };
}

describe('streaming zip', () => {
  it('writes entries a reader unpacks as they were, waiting for a slow output instead of piling up', async () => {
    const sink = slowSink(16 * 1024);
    const zip = new ZipWriter(sink.out, new Date(Date.UTC(2026, 0, 1)));
    const photo = randomBytes(1024 * 1024);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < photo.length; at += 64 * 1024) yield photo.subarray(at, at + 64 * 1024);
    }
    await zip.addStream('images/a.jpg', chunks(), false);
    await zip.addText('labels/a.txt', '0 0.5 0.5 0.1 0.1\n');
    await zip.addStream('tasks.json', ['[', '{"id":1}', ']'], true);
    await zip.finish();

    const files = unzipSync(new Uint8Array(sink.bytes()));
    expect(Object.keys(files)).toEqual(['images/a.jpg', 'labels/a.txt', 'tasks.json']);
    expect(Buffer.from(files['images/a.jpg']).equals(photo)).toBe(true);
    expect(new TextDecoder().decode(files['tasks.json'])).toBe('[{"id":1}]');
    expect(zip.bytes).toBe(sink.bytes().length);
    // Never more than one source chunk beyond the output's own limit is held.
    expect(sink.peakBuffered()).toBeLessThan(16 * 1024 + 128 * 1024);
  });

  it('stops with ExportAborted once the output is gone', async () => {
    const sink = slowSink(1024);
    const zip = new ZipWriter(sink.out, new Date());
    await zip.addText('a.txt', 'first');
    sink.out.destroy();
    await expect(zip.addStream('b.bin', [randomBytes(64 * 1024)], false)).rejects.toBeInstanceOf(ExportAborted);
  });
});
