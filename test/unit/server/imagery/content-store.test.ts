import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentStore, sha256Hex } from '../../../../server/imagery/content-store.js';

const dir = mkdtempSync(join(tmpdir(), 'content-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('content-addressed store', () => {
  const store = new ContentStore(join(dir, 'images'));
  const bytes = Buffer.from('not really a photo, but bytes are bytes');
  const sha = sha256Hex(bytes);

  it('files a blob under ab/cd/<sha256>.jpg by its hash', async () => {
    expect(await store.put(sha, bytes)).toBe(true);
    const path = store.pathOf(sha);
    expect(path).toBe(join(dir, 'images', sha.slice(0, 2), sha.slice(2, 4), `${sha}.jpg`));
    expect(readFileSync(path)).toEqual(bytes);
    expect(await store.has(sha)).toBe(true);
  });

  it('the same bytes stored again are not written twice, and leave no temporary file', async () => {
    expect(await store.put(sha, bytes)).toBe(false);
    expect(readdirSync(join(dir, 'images', sha.slice(0, 2), sha.slice(2, 4)))).toEqual([`${sha}.jpg`]);
  });

  it('the hash is the SHA-256 of the content, so other bytes get another address', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.from('abd'))).not.toBe(sha256Hex(Buffer.from('abc')));
  });

  it('refuses anything but a hex digest as an address, so no path can be smuggled in', () => {
    expect(() => store.pathOf('../../etc/passwd')).toThrow(RangeError);
    expect(() => store.pathOf(sha.toUpperCase())).toThrow(RangeError);
    expect(() => store.pathOf(`${sha.slice(0, 63)}/`)).toThrow(RangeError);
  });
});
