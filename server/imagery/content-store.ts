/**
 * Files addressed by their content: `<root>/ab/cd/<sha256>.jpg`, so the same bytes are kept once
 * however often they arrive. Writes go to a temporary file that is renamed into place, so a reader
 * never sees half a file and a crash leaves at most a stray temporary.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** SHA-256 of the bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A content-addressed folder of JPEG files. */
export class ContentStore {
  constructor(
    /** The folder, e.g. `${dataDir}/images`. */
    readonly root: string,
  ) {}

  /** Where the file with this hash lives. Only hashes are accepted, so no caller-made path reaches the disk. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new RangeError(`not a SHA-256 hex digest: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.jpg`);
  }

  /** Stores the bytes under `sha256` unless already there; true when they were written now. */
  async put(sha256: string, bytes: Uint8Array): Promise<boolean> {
    const path = this.pathOf(sha256);
    if (await exists(path)) return false;
    await mkdir(join(path, '..'), { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw err;
    }
    return true;
  }

  /** True when the file with this hash is stored. */
  has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
