/** Geotags and capture details from a photo's EXIF block, as cameras write them to the SD card. */
import exifr from 'exifr';

/** What EXIF told about a photo; every field may be missing. */
export interface ExifInfo {
  lat: number | null;
  lon: number | null;
  /** Metres above mean sea level (negative below, per GPSAltitudeRef). */
  altMsl: number | null;
  /**
   * Capture time, ms since the epoch. EXIF times carry no zone unless OffsetTimeOriginal is set;
   * without one they are read as UTC (`utcOffsetMin` shifts them when the camera's zone is known).
   */
  capturedAt: number | null;
  /** Image number some cameras write (EXIF ImageNumber). */
  imageNumber: number | null;
  /** Metres above the take-off point, from a DJI-style XMP block (RelativeAltitude). */
  relAlt: number | null;
  /** Gimbal (else body) yaw in degrees, from a DJI-style XMP block. */
  yaw: number | null;
  /** Gimbal pitch in degrees (−90 straight down), from a DJI-style XMP block. */
  pitch: number | null;
}

const NONE: ExifInfo = { lat: null, lon: null, altMsl: null, capturedAt: null, imageNumber: null, relAlt: null, yaw: null, pitch: null };

/** Reads EXIF (and XMP yaw) from JPEG bytes; a file without EXIF, or with a broken block, gives all nulls. */
export async function readExif(bytes: Uint8Array, utcOffsetMin = 0): Promise<ExifInfo> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(bytes, {
      tiff: true,
      ifd0: { pick: [] },
      exif: { pick: ['DateTimeOriginal', 'OffsetTimeOriginal', 'ImageNumber'] },
      gps: true,
      xmp: true,
      reviveValues: false,
      translateValues: false,
      mergeOutput: true,
    })) as Record<string, unknown> | undefined;
  } catch {
    return NONE;
  }
  if (!tags) return NONE;
  const lat = coordinate(tags.GPSLatitude, tags.GPSLatitudeRef, 'S', 90);
  const lon = coordinate(tags.GPSLongitude, tags.GPSLongitudeRef, 'W', 180);
  const hasFix = lat !== null && lon !== null && !(lat === 0 && lon === 0);
  return {
    lat: hasFix ? lat : null,
    lon: hasFix ? lon : null,
    altMsl: hasFix ? altitude(tags.GPSAltitude, tags.GPSAltitudeRef) : null,
    capturedAt: exifTime(tags.DateTimeOriginal, tags.OffsetTimeOriginal, utcOffsetMin),
    imageNumber: wholeNumber(tags.ImageNumber),
    relAlt: finite(tags.RelativeAltitude),
    yaw: finite(tags.GimbalYawDegree) ?? finite(tags.FlightYawDegree),
    pitch: finite(tags.GimbalPitchDegree),
  };
}

/** Degrees from EXIF's [degrees, minutes, seconds] (or a plain number) and its hemisphere letter. */
function coordinate(value: unknown, ref: unknown, negative: string, limit: number): number | null {
  let deg: number | null;
  if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const [d, m, s] = value as number[];
    deg = d + m / 60 + s / 3600;
  } else {
    deg = finite(value);
  }
  if (deg === null) return null;
  if (typeof ref === 'string' && ref.trim().toUpperCase() === negative) deg = -deg;
  return Math.abs(deg) <= limit ? deg : null;
}

function altitude(value: unknown, ref: unknown): number | null {
  const alt = finite(value);
  if (alt === null) return null;
  const below = ref === 1 || (ref instanceof Uint8Array && ref[0] === 1);
  return below ? -alt : alt;
}

/** "YYYY:MM:DD HH:MM:SS" with an optional "+08:00" offset, as ms since the epoch. */
function exifTime(value: unknown, offset: unknown, defaultOffsetMin: number): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (!Number.isFinite(utc) || y < 1990) return null;
  let offsetMin = defaultOffsetMin;
  const z = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim()) : null;
  if (z) offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  return utc - offsetMin * 60_000;
}

function finite(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function wholeNumber(value: unknown): number | null {
  const n = finite(value);
  return n !== null && Number.isInteger(n) && n >= 0 ? n : null;
}
