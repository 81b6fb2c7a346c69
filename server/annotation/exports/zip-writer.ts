/**
 * A zip written as a stream: entries are added one after another and their bytes flow straight
 * to the output, waiting whenever the output is full, so a zip of any number of photos passes
 * through a bounded amount of memory. Photos are stored as they are (JPEG does not compress);
 * text is deflated.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** The output went away (the client disconnected, or the job was cancelled). */
export class ExportAborted extends Error {
  override name = 'ExportAborted';
}

const encoder = new TextEncoder();

export class ZipWriter {
  /** Bytes written to the output so far. */
  bytes = 0;
  private readonly zip: Zip;
  private failure: Error | null = null;
  private full: Promise<void> | null = null;

  constructor(
    private readonly out: Writable,
    /** Modification time written on every entry. */
    private readonly mtime: Date,
  ) {
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.failure = err;
        return;
      }
      if (this.out.destroyed) return;
      this.bytes += chunk.byteLength;
      if (!this.out.write(chunk) && !this.full) {
        this.full = this.drained();
        // Awaited by the next write; a close after the last one is no error.
        this.full.catch(() => {});
      }
      if (final) this.out.end();
    });
  }

  /** Adds a text file, deflated. */
  async addText(name: string, text: string): Promise<void> {
    await this.addStream(name, [text], true);
  }

  /** Adds a file from chunks of bytes or text; `compress` deflates it. */
  async addStream(name: string, source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, compress: boolean): Promise<void> {
    await this.ready();
    const file = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    file.mtime = this.mtime;
    this.zip.add(file);
    for await (const chunk of source) {
      await this.ready();
      file.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    }
    file.push(new Uint8Array(0), true);
  }

  /** Writes the central directory and waits until the output has taken everything. */
  async finish(): Promise<void> {
    await this.ready();
    this.zip.end();
    if (this.failure) throw this.failure;
    try {
      await finished(this.out, { readable: false });
    } catch (err) {
      // Closed before it took the last bytes: the reader went away.
      if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') throw new ExportAborted('the export output was closed');
      throw err;
    }
  }

  /** Stops at once; the output is left as it is. */
  abort(): void {
    this.zip.terminate();
  }

  /** Waits while the output is full; throws when the zip failed or the output is gone. */
  private async ready(): Promise<void> {
    if (this.full) {
      await this.full;
      this.full = null;
    }
    if (this.failure) throw this.failure;
    if (this.out.destroyed || this.out.writableEnded) throw new ExportAborted('the export output was closed');
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        this.out.off('drain', onDrain).off('close', onClose).off('error', done);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = (): void => done();
      const onClose = (): void => done(new ExportAborted('the export output was closed'));
      this.out.on('drain', onDrain).on('close', onClose).on('error', done);
    });
  }
}
