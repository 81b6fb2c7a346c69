/**
 * Names of the photos inside an export: the name the file was uploaded with where there is one,
 * else the image id. Every name's stem is used once, case-insensitively, because YOLO finds a
 * photo's label file by its stem and archives are unpacked on case-insensitive file systems too.
 */

const UNSAFE = /[\\/:*?"<>|\p{Cc}]/gu;
const JPEG = /\.jpe?g$/i;

/** The stem and extension of a usable file name, or null. */
function cleaned(fileName: string | null): { stem: string; ext: string } | null {
  if (!fileName) return null;
  const base = fileName.split(/[\\/]/).pop()!.replace(UNSAFE, '_').trim();
  const ext = JPEG.exec(base)?.[0] ?? '';
  const stem = base.slice(0, base.length - ext.length).slice(0, 120);
  if (stem === '' || /^\.+$/.test(stem)) return null;
  return { stem, ext: ext || '.jpg' };
}

/** Hands out the zip names of one export. */
export class PhotoNames {
  private readonly stems = new Set<string>();

  /** The photo's name, unique within this export. */
  nameOf(image: { id: string; fileName: string | null }): string {
    const own = cleaned(image.fileName);
    const candidates = own
      ? [own, { stem: `${own.stem}-${image.id.slice(0, 8)}`, ext: own.ext }, { stem: image.id, ext: own.ext }]
      : [{ stem: image.id, ext: '.jpg' }];
    for (const c of candidates) {
      const key = c.stem.toLowerCase();
      if (this.stems.has(key)) continue;
      this.stems.add(key);
      return c.stem + c.ext;
    }
    // Image ids are unique, so only a file literally named after another photo's id gets here.
    const stem = `${image.id}-${this.stems.size}`;
    this.stems.add(stem.toLowerCase());
    return `${stem}.jpg`;
  }
}

/** The name without its extension. */
export function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
