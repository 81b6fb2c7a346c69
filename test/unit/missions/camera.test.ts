import { distance } from '@turf/distance';
import { describe, expect, it } from 'vitest';
import {
  CAMERA_PRESETS,
  altitudeForGsd,
  customCamera,
  footprintM,
  footprintPolygon,
  gsdCmPerPx,
  laneSpacingM,
  triggerDistanceM,
  type Camera,
} from '../../../missions/camera.js';

const visible = CAMERA_PRESETS['visible-1in-20mp'];
const thermal = CAMERA_PRESETS['thermal-640'];
const metres = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });

describe('camera model', () => {
  it('gives the 1-inch 20 MP camera 2.74 cm/px and a 150 × 100 m footprint at 100 m', () => {
    // 13.2 mm / 5472 px = 2.412 µm pitch; × 100 m / 8.8 mm = 2.741 cm.
    expect(gsdCmPerPx(visible, 100)).toBeCloseTo(2.7412, 4);
    expect(gsdCmPerPx(visible, 50)).toBeCloseTo(1.3706, 4);
    // 13.2 mm × 100 m / 8.8 mm = 150 m across, 8.8 mm × 100 m / 8.8 mm = 100 m along.
    expect(footprintM(visible, 100)).toEqual({ across: expect.closeTo(150, 9), along: expect.closeTo(100, 9) });
  });

  it('gives the 640 × 512 thermal camera 13.08 cm/px and an 83.7 × 67.0 m footprint at 100 m', () => {
    // 17 µm pitch × 100 m / 13 mm = 13.077 cm.
    expect(gsdCmPerPx(thermal, 100)).toBeCloseTo(13.0769, 3);
    const f = footprintM(thermal, 100);
    expect(f.across).toBeCloseTo(83.692, 3);
    expect(f.along).toBeCloseTo(66.954, 3);
  });

  it('swaps across and along for a portrait camera', () => {
    const portrait: Camera = { ...visible, orientation: 'portrait' };
    expect(footprintM(portrait, 100)).toEqual({ across: expect.closeTo(100, 9), along: expect.closeTo(150, 9) });
  });

  it('finds the altitude for a GSD as the inverse of the GSD at an altitude', () => {
    expect(altitudeForGsd(visible, 2.5)).toBeCloseTo(91.2, 1);
    for (const camera of [visible, thermal]) {
      for (const alt of [12, 60, 118.5]) expect(altitudeForGsd(camera, gsdCmPerPx(camera, alt))).toBeCloseTo(alt, 9);
    }
  });

  it('derives lane spacing from side overlap and trigger distance from front overlap', () => {
    expect(laneSpacingM(visible, 100, 0.7)).toBeCloseTo(45, 9);
    expect(triggerDistanceM(visible, 100, 0.8)).toBeCloseTo(20, 9);
    expect(laneSpacingM(thermal, 100, 0)).toBeCloseTo(83.692, 3);
    expect(triggerDistanceM(thermal, 50, 0.5)).toBeCloseTo(16.738, 3);
  });

  it('refuses overlaps outside 0–0.95 and altitudes at or below zero', () => {
    expect(() => laneSpacingM(visible, 100, 0.96)).toThrow(/side overlap must be between 0 and 0.95/);
    expect(() => triggerDistanceM(visible, 100, -0.1)).toThrow(/front overlap/);
    expect(() => gsdCmPerPx(visible, 0)).toThrow(/altitude must be above 0/);
    expect(() => altitudeForGsd(visible, Number.NaN)).toThrow(RangeError);
  });

  it('puts a photo footprint on the ground rotated by the heading', () => {
    const photo = { lat: 26.61, lon: 106.65, altitude: 100, heading: 90 };
    const [frontLeft, frontRight, backRight, backLeft] = footprintPolygon(photo, visible);
    // Flying east: the front edge is the east edge, the left side is north, the image width runs north–south.
    expect(frontLeft.lat).toBeGreaterThan(photo.lat);
    expect(frontLeft.lon).toBeGreaterThan(photo.lon);
    expect(backRight.lat).toBeLessThan(photo.lat);
    expect(backRight.lon).toBeLessThan(photo.lon);
    expect(metres(frontLeft, frontRight)).toBeCloseTo(150, -0.3);
    expect(metres(frontRight, backRight)).toBeCloseTo(100, -0.3);
    expect(metres(backLeft, frontLeft)).toBeCloseTo(100, -0.3);
    const turned = footprintPolygon({ ...photo, heading: 30 }, visible);
    expect(metres(turned[0], turned[2])).toBeCloseTo(Math.hypot(150, 100), -0.3);
  });

  it('accepts a valid custom camera and says what is wrong with a bad one', () => {
    const cam = customCamera({ name: ' Zoom 12 mm ', sensorWidthMm: 6.17, sensorHeightMm: 4.55, focalLengthMm: 12, imageWidthPx: 4000, imageHeightPx: 3000 });
    expect(cam.name).toBe('Zoom 12 mm');
    expect(() => customCamera({ ...visible, imageWidthPx: 3648, imageHeightPx: 5472 })).toThrow(/not square; are width and height swapped/);
    expect(() => customCamera({ ...visible, focalLengthMm: -8.8 })).toThrow(/focalLengthMm must be a number of millimetres above 0/);
    expect(() => customCamera({ ...visible, imageWidthPx: 5472.5 })).toThrow(/imageWidthPx must be a whole number/);
    expect(() => customCamera({ ...visible, name: '' })).toThrow(/name must not be empty/);
    expect(() => customCamera({ ...visible, orientation: 'sideways' as never })).toThrow(/orientation/);
  });

  it('keeps the presets valid and frozen', () => {
    for (const preset of Object.values(CAMERA_PRESETS)) {
      expect(customCamera(preset)).toEqual(preset);
      expect(Object.isFrozen(preset)).toBe(true);
    }
  });
});
