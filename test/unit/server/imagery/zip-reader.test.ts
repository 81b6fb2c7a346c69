import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { countZipFiles, readZipEntries, ZipReadError, type ZipEntry } from '../../../../server/imagery/zip-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'zip-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function zipFile(name: string, files: Record<string, Uint8Array>, level = 6): string {
  const path = join(dir, name);
  writeFileSync(path, zipSync(files, { level: level as 0 }));
  return path;
}

async function all(path: string, max = 1 << 20): Promise<ZipEntry[]> {
  const out: ZipEntry[] = [];
  for await (const e of readZipEntries(path, max)) out.push(e);
  return out;
}

describe('reading a zip of photos', () => {
  it('gives every file with its bytes, folders left out, stored or deflated', async () => {
    const a = Buffer.alloc(300_000, 7), b = Buffer.from('second');
    for (const level of [0, 6]) {
      const path = zipFile(`two-${level}.zip`, { 'DCIM/': new Uint8Array(0), 'DCIM/A.JPG': a, 'DCIM/B.JPG': b }, level);
      const entries = await all(path);
      expect(entries.map((e) => e.name)).toEqual(['DCIM/A.JPG', 'DCIM/B.JPG']);
      expect((entries[0] as { bytes: Buffer }).bytes.equals(a)).toBe(true);
      expect(await countZipFiles(path)).toBe(2);
    }
  });

  it('an entry over the size limit comes back as an error and the rest are still read', async () => {
    const path = zipFile('big.zip', { 'big.jpg': Buffer.alloc(5000, 1), 'small.jpg': Buffer.alloc(10, 2) });
    const entries = await all(path, 1000);
    expect(entries[0]).toEqual({ name: 'big.jpg', error: 'file of 5000 bytes is over the 1000-byte limit' });
    expect('bytes' in entries[1] && entries[1].bytes.length).toBe(10);
  });

  it('a file that is not a zip fails with a reason; its entry count is unknown', async () => {
    const path = join(dir, 'not.zip');
    writeFileSync(path, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 0xee)]));
    await expect(all(path)).rejects.toBeInstanceOf(ZipReadError);
    expect(await countZipFiles(path)).toBeNull();
  });
});
