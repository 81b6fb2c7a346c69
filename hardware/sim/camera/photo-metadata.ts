/**
 * What a drone camera writes into each JPEG besides the pixels, so files copied off the simulated
 * camera's card can be geotagged as real ones are: an EXIF block (make, model, capture time in UTC
 * to the millisecond, image number, focal length, size, GPS position, altitude and image direction)
 * and an XMP block with the DJI-style drone fields (relative altitude, gimbal and flight angles).
 * Both are APP1 segment bodies for the encoder.
 */

export interface PhotoMetadata {
  make: string;
  model: string;
  /** UTC ms since the epoch. */
  timeMs: number;
  /** Counted from 0 like CAMERA_IMAGE_CAPTURED's index; written as is. */
  index: number;
  lat: number;
  lon: number;
  altMsl: number;
  /** Metres above the take-off point. */
  relAlt: number;
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
  focalLengthMm: number;
  width: number;
  height: number;
}

const BYTE = 1, ASCII = 2, LONG = 4, RATIONAL = 5;
const SIZE: Record<number, number> = { [BYTE]: 1, [ASCII]: 1, [LONG]: 4, [RATIONAL]: 8 };

/** One IFD entry; `values` are numbers (BYTE/LONG), [numerator, denominator] pairs (RATIONAL) or a string (ASCII). */
interface Entry {
  tag: number;
  type: number;
  values: number[] | [number, number][] | string;
}

/** An IFD whose entries may point at a later IFD (`link`): the EXIF and GPS sub-directories. */
interface Ifd {
  entries: Entry[];
  links?: { tag: number; ifd: Ifd }[];
}

/** The EXIF APP1 body: "Exif\0\0" and a little-endian TIFF with IFD0, the EXIF IFD and the GPS IFD. */
export function exifSegment(m: PhotoMetadata): Uint8Array {
  const t = new Date(m.timeMs);
  const stamp = `${t.getUTCFullYear()}:${pad(t.getUTCMonth() + 1)}:${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  const exif: Ifd = {
    entries: [
      { tag: 0x9003, type: ASCII, values: stamp },
      { tag: 0x9011, type: ASCII, values: '+00:00' },
      { tag: 0x920a, type: RATIONAL, values: [[Math.round(m.focalLengthMm * 100), 100]] },
      { tag: 0x9211, type: LONG, values: [m.index] },
      { tag: 0x9291, type: ASCII, values: pad(t.getUTCMilliseconds(), 3) },
      { tag: 0xa002, type: LONG, values: [m.width] },
      { tag: 0xa003, type: LONG, values: [m.height] },
    ],
  };
  const yaw = ((m.yawDeg % 360) + 360) % 360;
  const gps: Ifd = {
    entries: [
      { tag: 0x0000, type: BYTE, values: [2, 3, 0, 0] },
      { tag: 0x0001, type: ASCII, values: m.lat < 0 ? 'S' : 'N' },
      { tag: 0x0002, type: RATIONAL, values: dms(m.lat) },
      { tag: 0x0003, type: ASCII, values: m.lon < 0 ? 'W' : 'E' },
      { tag: 0x0004, type: RATIONAL, values: dms(m.lon) },
      { tag: 0x0005, type: BYTE, values: [m.altMsl < 0 ? 1 : 0] },
      { tag: 0x0006, type: RATIONAL, values: [[Math.round(Math.abs(m.altMsl) * 1000), 1000]] },
      { tag: 0x0010, type: ASCII, values: 'T' },
      { tag: 0x0011, type: RATIONAL, values: [[Math.round(yaw * 100), 100]] },
    ],
  };
  const ifd0: Ifd = {
    entries: [
      { tag: 0x010f, type: ASCII, values: m.make },
      { tag: 0x0110, type: ASCII, values: m.model },
      { tag: 0x0132, type: ASCII, values: stamp },
    ],
    links: [{ tag: 0x8769, ifd: exif }, { tag: 0x8825, ifd: gps }],
  };
  const tiff = writeTiff(ifd0, 1024 + m.make.length + m.model.length);
  const out = new Uint8Array(6 + tiff.length);
  out.set([0x45, 0x78, 0x69, 0x66, 0, 0]);
  out.set(tiff, 6);
  return out;
}

/** The XMP APP1 body with DJI's drone fields, which photogrammetry and ingest tools read. */
export function xmpSegment(m: PhotoMetadata): Uint8Array {
  const f = (x: number): string => `${x < 0 ? '-' : '+'}${Math.abs(x).toFixed(2)}`;
  const yaw = ((((m.yawDeg + 180) % 360) + 360) % 360) - 180;
  const xml =
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/"' +
    ` drone-dji:AbsoluteAltitude="${f(m.altMsl)}" drone-dji:RelativeAltitude="${f(m.relAlt)}"` +
    ` drone-dji:GimbalRollDegree="${f(m.rollDeg)}" drone-dji:GimbalYawDegree="${f(yaw)}" drone-dji:GimbalPitchDegree="${f(m.pitchDeg)}"` +
    ` drone-dji:FlightYawDegree="${f(yaw)}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  return new Uint8Array(Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xml, 'utf8')]));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Degrees, minutes and seconds (to 1/10000″, about 3 mm) of an absolute angle. */
function dms(deg: number): [number, number][] {
  const a = Math.abs(deg);
  let d = Math.floor(a), mi = Math.floor((a - d) * 60);
  let s = Math.round(((a - d) * 60 - mi) * 60 * 10000);
  if (s >= 600000) {
    s -= 600000;
    mi++;
  }
  if (mi >= 60) {
    mi -= 60;
    d++;
  }
  return [[d, 1], [mi, 1], [s, 10000]];
}

function byteCount(e: Entry): number {
  return SIZE[e.type] * count(e);
}

function count(e: Entry): number {
  return typeof e.values === 'string' ? Buffer.byteLength(e.values, 'latin1') + 1 : e.values.length;
}

/** Lays out IFD0 at offset 8, its values, then each linked IFD after it; entries sorted by tag as TIFF asks. */
function writeTiff(root: Ifd, capacity: number): Uint8Array {
  const buf = Buffer.alloc(capacity);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(8, 4);
  let end = 8;
  const place = (ifd: Ifd): number => {
    const start = end;
    const links = ifd.links ?? [];
    const entries = [...ifd.entries, ...links.map((l) => ({ tag: l.tag, type: LONG, values: [0] }) as Entry)].sort((a, b) => a.tag - b.tag);
    let data = start + 2 + entries.length * 12 + 4;
    end = data;
    const pointers = new Map<number, number>();
    buf.writeUInt16LE(entries.length, start);
    entries.forEach((e, i) => {
      const at = start + 2 + i * 12;
      buf.writeUInt16LE(e.tag, at);
      buf.writeUInt16LE(e.type, at + 2);
      buf.writeUInt32LE(count(e), at + 4);
      let slot = at + 8;
      if (byteCount(e) > 4) {
        buf.writeUInt32LE(data, at + 8);
        slot = data;
        data += byteCount(e) + (byteCount(e) & 1);
      }
      if (links.some((l) => l.tag === e.tag)) pointers.set(e.tag, at + 8);
      writeValues(buf, slot, e);
    });
    buf.writeUInt32LE(0, start + 2 + entries.length * 12);
    end = data;
    for (const l of links) buf.writeUInt32LE(place(l.ifd), pointers.get(l.tag)!);
    return start;
  };
  place(root);
  return new Uint8Array(buf.subarray(0, end));
}

function writeValues(buf: Buffer, at: number, e: Entry): void {
  if (typeof e.values === 'string') {
    buf.write(`${e.values}\0`, at, 'latin1');
    return;
  }
  for (const v of e.values) {
    if (e.type === RATIONAL) {
      const [n, d] = v as [number, number];
      buf.writeUInt32LE(n, at);
      buf.writeUInt32LE(d, at + 4);
      at += 8;
    } else if (e.type === LONG) {
      buf.writeUInt32LE(v as number, at);
      at += 4;
    } else {
      buf.writeUInt8(v as number, at++);
    }
  }
}
