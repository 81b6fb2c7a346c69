/** Checks a tile request's name and z/x/y: each failure is a message naming the part. */
import { TILESET_NAME } from './tile-catalog.js';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** Deepest zoom a request may ask for. */
export const MAX_ZOOM = 30;

/** Null when `name` is a valid tileset name, else why not. */
export function nameProblem(name: string): string | null {
  return TILESET_NAME.test(name) ? null : `name must be letters, digits, - and _ (at most 64), got '${name.slice(0, 80)}'`;
}

/** The address, or a message naming the bad part. `y` may carry a file extension (`12.png`). */
export function parseTileAddress(zText: string, xText: string, yText: string): TileAddress | string {
  const whole = (text: string): number => (/^\d{1,10}$/.test(text) ? Number(text) : NaN);
  const z = whole(zText);
  if (!(z <= MAX_ZOOM)) return `z must be a whole number from 0 to ${MAX_ZOOM}, got '${zText.slice(0, 20)}'`;
  const max = 2 ** z - 1;
  const x = whole(xText);
  if (!(x <= max)) return `x must be a whole number from 0 to ${max} at zoom ${z}, got '${xText.slice(0, 20)}'`;
  const y = whole(yText.replace(/\.(png|jpe?g|webp|pbf|mvt)$/i, ''));
  if (!(y <= max)) return `y must be a whole number from 0 to ${max} at zoom ${z}, got '${yText.slice(0, 20)}'`;
  return { z, x, y };
}
