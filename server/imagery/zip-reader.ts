/** Reading the photos out of a zip (an SD card's DCIM folder, zipped) as a stream, one entry at a time. */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

/** One entry: its bytes, or why they could not be had. */
export type ZipEntry =
  | { name: string; bytes: Buffer }
  | { name: string; error: string };

/** The zip itself is unreadable (not a zip, or broken past recovery); entries read before stay read. */
export class ZipReadError extends Error {
  override name = 'ZipReadError';
}

/**
 * The entries of the zip at `path`, in archive order, folders left out. An entry over `maxEntryBytes`
 * (by its header, or as it inflates: a zip bomb) comes back as an error without its bytes, as does
 * one whose data is corrupt; the rest of the archive is still read.
 */
export async function* readZipEntries(path: string, maxEntryBytes: number): AsyncGenerator<ZipEntry> {
  const done: ZipEntry[] = [];
  let seen = 0;
  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name.endsWith('/')) return;
    seen++;
    if (file.originalSize !== undefined && file.originalSize > maxEntryBytes) {
      done.push({ name: file.name, error: `file of ${file.originalSize} bytes is over the ${maxEntryBytes}-byte limit` });
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let failed: string | null = null;
    file.ondata = (err, chunk, final) => {
      if (failed !== null) return;
      if (err) {
        failed = `corrupt entry: ${err.message}`;
        done.push({ name: file.name, error: failed });
        return;
      }
      size += chunk.byteLength;
      if (size > maxEntryBytes) {
        failed = `file is over the ${maxEntryBytes}-byte limit`;
        done.push({ name: file.name, error: failed });
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) done.push({ name: file.name, bytes: Buffer.concat(chunks, size) });
    };
    try {
      file.start();
    } catch (err) {
      failed = `cannot read entry: ${(err as Error).message}`;
      done.push({ name: file.name, error: failed });
    }
  });
  unzip.register(UnzipInflate);
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      unzip.push(chunk, final);
    } catch (err) {
      throw new ZipReadError(`not a readable zip: ${(err as Error).message}`);
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    push(chunk as Buffer, false);
    // Handing entries out as they complete keeps memory to one entry, not the whole archive.
    while (done.length > 0) yield done.shift()!;
  }
  push(new Uint8Array(0), true);
  while (done.length > 0) yield done.shift()!;
  // The stream reader skips what it cannot parse; the central directory tells whether files were missed.
  const listed = await countZipFiles(path);
  if (listed === null && seen === 0) throw new ZipReadError('not a readable zip: no files and no central directory');
  if (listed !== null && seen < listed) throw new ZipReadError(`the zip is truncated or corrupt: read ${seen} of its ${listed} files`);
}

/**
 * Number of files (folders left out) from the zip's central directory, for a progress total; null
 * when it cannot be read (a ZIP64 or broken archive: the total is then known only at the end).
 */
export async function countZipFiles(path: string): Promise<number | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    // The end record is 22 bytes plus a comment of at most 64 KiB, at the very end.
    const length = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    let end = -1;
    for (let i = length - 22; i >= 0 && end < 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) end = i;
    if (end < 0) return null;
    const entries = tail.readUInt16LE(end + 10);
    const dirSize = tail.readUInt32LE(end + 12);
    const dirOffset = tail.readUInt32LE(end + 16);
    if (entries === 0xffff || dirOffset === 0xffffffff || dirOffset + dirSize > size) return null;
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    let files = 0;
    for (let p = 0, n = 0; n < entries; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLength = dir.readUInt16LE(p + 28);
      const name = dir.toString('latin1', p + 46, p + 46 + nameLength);
      if (!name.endsWith('/')) files++;
      p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    return files;
  } finally {
    await handle.close();
  }
}
