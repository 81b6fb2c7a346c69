import { describe, expect, it } from 'vitest';
import { groundPositionOf } from '../../../../server/annotation/finding-position.js';
import type { TaskImage } from '../../../../server/annotation/task-image.js';
import { groundToPixel } from '../../../../missions/camera-projection.js';
import { LocalFrame } from '../../../../missions/geo/local-frame.js';
import type { Camera } from '../../../../missions/camera.js';
import type { Shape } from '../../../../server/protocol-annotation.js';

const camera: Camera = { name: 'test', sensorWidthMm: 13.2, sensorHeightMm: 9.9, focalLengthMm: 8.8, imageWidthPx: 4000, imageHeightPx: 3000 };
const image: TaskImage = {
  id: 'img', width: 1024, height: 768, capturedAt: 0, lat: 26.6, lon: 106.64, relAlt: 60, yaw: 30, pitch: -90, roll: 0, camera,
};
const boxAt = (x: number, y: number): Shape => ({ kind: 'box', x: x - 10, y: y - 10, width: 20, height: 20, label: 'fire', attributes: {} });

describe('finding ground position', () => {
  it('an object in the middle of a nadir photo lies below the drone', () => {
    const p = groundPositionOf(boxAt(512, 384), image);
    expect(p.source).toBe('projected');
    const d = new LocalFrame(image as { lat: number; lon: number }).toLocal({ lat: p.lat!, lon: p.lon! });
    expect(Math.hypot(d.x, d.y)).toBeLessThan(0.01);
  });

  it('projects a labelled pixel of a scaled photo back to the ground point that shows there', () => {
    const target = new LocalFrame({ lat: 26.6, lon: 106.64 }).toLatLon(12, -7);
    const pose = { lat: 26.6, lon: 106.64, altitudeAgl: 60, yawDeg: 30, pitchDeg: -90, rollDeg: 0 };
    const px = groundToPixel(camera, pose, target)!;
    // The stored photo is 1024 px wide; the camera's sensor image is 4000.
    const p = groundPositionOf(boxAt((px.x * 1024) / 4000, (px.y * 768) / 3000), image);
    const d = new LocalFrame(target).toLocal({ lat: p.lat!, lon: p.lon! });
    expect(Math.hypot(d.x, d.y)).toBeLessThan(0.05);
  });

  it('falls back to the photo position without a camera or height, and to none without a position', () => {
    expect(groundPositionOf(boxAt(10, 10), { ...image, camera: null })).toEqual({ lat: 26.6, lon: 106.64, source: 'image' });
    expect(groundPositionOf(boxAt(10, 10), { ...image, relAlt: 0 })).toEqual({ lat: 26.6, lon: 106.64, source: 'image' });
    expect(groundPositionOf(boxAt(10, 10), { ...image, lat: null })).toEqual({ lat: null, lon: null, source: 'none' });
    expect(groundPositionOf(boxAt(10, 10), undefined)).toEqual({ lat: null, lon: null, source: 'none' });
  });

  it('a pixel that sees sky in a tilted photo falls back to the photo position', () => {
    expect(groundPositionOf(boxAt(512, 20), { ...image, pitch: 5 }).source).toBe('image');
  });
});
