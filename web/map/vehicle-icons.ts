/**
 * Vehicle icons as signed distance fields, computed from shapes rather than loaded, so the map
 * needs no sprite from the network and `icon-color` / `icon-halo-*` can style them.
 * Pure: returns raw RGBA for `map.addImage(id, image, { sdf: true, pixelRatio })`.
 */

export interface SdfImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Icon ids used by the vehicles layer. */
export const ARROW_ICON = 'vehicle-arrow';
export const DOT_ICON = 'vehicle-dot';
/** Texture pixels per CSS pixel. */
export const ICON_PIXEL_RATIO = 2;

const SIZE = 64;
// MapLibre's SDF shader puts the edge at alpha 0.75 and falls off 1/8 per texture pixel.
const EDGE = 0.75;
const FALLOFF = 8;

type Pt = readonly [number, number];

/** An arrow pointing north (up), centred in the image so rotation turns it in place. */
const ARROW: readonly Pt[] = [
  [32, 8],
  [50, 54],
  [32, 44],
  [14, 54],
];

/** Both icons with their ids. */
export function vehicleIcons(): { id: string; image: SdfImage }[] {
  return [
    { id: ARROW_ICON, image: polygonSdf(ARROW, SIZE) },
    { id: DOT_ICON, image: circleSdf(11, SIZE) },
  ];
}

/** Signed-distance image of a closed polygon given in pixel coordinates. */
export function polygonSdf(polygon: readonly Pt[], size: number): SdfImage {
  return sdf(size, (x, y) => {
    let best = Infinity;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      best = Math.min(best, segmentDistance(x, y, polygon[j], polygon[i]));
    }
    return insidePolygon(x, y, polygon) ? -best : best;
  });
}

/** Signed-distance image of a centred disc. */
export function circleSdf(radius: number, size: number): SdfImage {
  const c = size / 2;
  return sdf(size, (x, y) => Math.hypot(x - c, y - c) - radius);
}

/** Encodes a signed distance (negative inside) per pixel centre into the alpha channel. */
function sdf(size: number, distance: (x: number, y: number) => number): SdfImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = distance(x + 0.5, y + 0.5);
      data[(y * size + x) * 4 + 3] = Math.round(255 * (EDGE - d / FALLOFF));
    }
  }
  return { width: size, height: size, data };
}

function segmentDistance(x: number, y: number, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
  return Math.hypot(x - (a[0] + u * dx), y - (a[1] + u * dy));
}

function insidePolygon(x: number, y: number, polygon: readonly Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
