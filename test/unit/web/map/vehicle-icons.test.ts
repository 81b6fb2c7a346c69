import { describe, expect, it } from 'vitest';
import { ARROW_ICON, DOT_ICON, circleSdf, polygonSdf, vehicleIcons } from '../../../../web/map/vehicle-icons.js';

const alpha = (img: { width: number; data: Uint8ClampedArray }, x: number, y: number): number => img.data[(y * img.width + x) * 4 + 3];

describe('vehicle icons', () => {
  it('encodes inside above the SDF edge (0.75) and outside below it', () => {
    const square = polygonSdf(
      [
        [8, 8],
        [24, 8],
        [24, 24],
        [8, 24],
      ],
      32,
    );
    expect(alpha(square, 16, 16)).toBeGreaterThan(192);
    expect(alpha(square, 2, 2)).toBeLessThan(192);
    // Distance falls off smoothly outside, so halos have room.
    expect(alpha(square, 5, 16)).toBeGreaterThan(alpha(square, 3, 16));
  });

  it('a disc is symmetric around the centre', () => {
    const disc = circleSdf(6, 32);
    expect(alpha(disc, 10, 16)).toBe(alpha(disc, 21, 16));
    expect(alpha(disc, 16, 16)).toBeGreaterThan(192);
  });

  it('the arrow points up: its tip half is narrower than its tail half', () => {
    const arrow = vehicleIcons().find((i) => i.id === ARROW_ICON)!.image;
    const insideOnRow = (y: number): number => {
      let n = 0;
      for (let x = 0; x < arrow.width; x++) if (alpha(arrow, x, y) > 192) n++;
      return n;
    };
    expect(insideOnRow(14)).toBeLessThan(insideOnRow(40));
    expect(vehicleIcons().map((i) => i.id)).toEqual([ARROW_ICON, DOT_ICON]);
  });
});
