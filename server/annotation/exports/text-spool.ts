/**
 * Text gathered on disk while an export runs, for a format file that lists every photo (COCO's
 * image and annotation arrays, Label Studio's tasks) and is added to the zip after the photos.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

export class TextSpool {
  /** True until the first write: callers put separators between entries. */
  empty = true;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly out: WriteStream,
  ) {}

  /** A new spool file in `dir`. */
  static async create(dir: string): Promise<TextSpool> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${randomUUID()}.spool`);
    return new TextSpool(path, createWriteStream(path));
  }

  /** Appends text, waiting while the file stream is full. */
  async write(text: string): Promise<void> {
    this.empty = false;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  /** The text written, to be read once; the spool is closed first. */
  async read(): Promise<ReadStream> {
    await this.close();
    return createReadStream(this.path);
  }

  /** Closes and deletes the file. */
  async remove(): Promise<void> {
    await this.close().catch(() => {});
    await unlink(this.path).catch(() => {});
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.out.end();
    await finished(this.out);
  }
}
