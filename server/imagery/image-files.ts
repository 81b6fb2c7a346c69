/**
 * The file side of storing a photo: check it is a whole JPEG, hash it, keep it and its thumbnail
 * under their content address. Shared by the live fetch and the upload.
 */
import { join } from 'node:path';
import { ContentStore, sha256Hex } from './content-store.js';
import { BadImageError, isJpeg, jpegSize } from './jpeg-info.js';
import { THUMBNAIL_WIDTH } from './thumbnail.js';
import type { ThumbnailPool } from './thumbnail-pool.js';

/** A photo file as kept. */
export interface KeptFile {
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  mime: 'image/jpeg';
}

/** Photos under `${dataDir}/images`, thumbnails under `${dataDir}/thumbnails`, both by SHA-256. */
export class ImageFiles {
  readonly originals: ContentStore;
  readonly thumbnails: ContentStore;

  constructor(dataDir: string, private readonly pool: ThumbnailPool, private readonly thumbnailWidth = THUMBNAIL_WIDTH) {
    this.originals = new ContentStore(join(dataDir, 'images'));
    this.thumbnails = new ContentStore(join(dataDir, 'thumbnails'));
  }

  /**
   * Keeps the photo and its thumbnail. The thumbnail is made first: a file that does not decode
   * (truncated, corrupt) is refused with {@link BadImageError} before anything is written. Bytes
   * already kept are not decoded or written again.
   */
  async keep(bytes: Uint8Array): Promise<KeptFile> {
    if (!isJpeg(bytes)) throw new BadImageError('not a JPEG (no JPEG start marker)');
    const size = jpegSize(bytes);
    if (!size) throw new BadImageError('corrupt JPEG: no readable frame header');
    const sha256 = sha256Hex(bytes);
    if (!(await this.thumbnails.has(sha256)) || !(await this.originals.has(sha256))) {
      const thumb = await this.pool.thumbnail(bytes, this.thumbnailWidth);
      await this.originals.put(sha256, bytes);
      await this.thumbnails.put(sha256, thumb.bytes);
    }
    return { sha256, bytes: bytes.byteLength, width: size.width, height: size.height, mime: 'image/jpeg' };
  }
}
