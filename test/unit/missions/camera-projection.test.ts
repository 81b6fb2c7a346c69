import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS, footprintPolygon } from '../../../missions/camera.js';
import {
  PinholeProjection,
  attitudeFromQuaternion,
  cameraQuaternion,
  groundToPixel,
  imageFootprint,
  pixelToGround,
  type CameraPose,
} from '../../../missions/camera-projection.js';
import { LocalFrame } from '../../../missions/geo/local-frame.js';

const camera = CAMERA_PRESETS['visible-1in-20mp'];
const W = camera.imageWidthPx, H = camera.imageHeightPx;
const nadir = (over: Partial<CameraPose> = {}): CameraPose => ({ lat: 26.6, lon: 106.64, altitudeAgl: 60, yawDeg: 0, pitchDeg: -90, rollDeg: 0, ...over });
/** Metres east and north of the pose's ground point. */
const local = (pose: CameraPose, p: { lat: number; lon: number }) => new LocalFrame(pose).toLocal(p);

describe('camera projection', () => {
  it('shows the point straight below a nadir camera at the image centre, and the centre pixel there', () => {
    const pose = nadir({ yawDeg: 123 });
    const px = groundToPixel(camera, pose, pose)!;
    expect(px.x).toBeCloseTo(W / 2, 6);
    expect(px.y).toBeCloseTo(H / 2, 6);
    const g = local(pose, pixelToGround(camera, pose, { x: W / 2, y: H / 2 })!);
    expect(Math.hypot(g.x, g.y)).toBeLessThan(1e-6);
  });

  it('puts the image top ahead of the camera: a point 10 m along the heading is above the centre', () => {
    const pose = nadir({ yawDeg: 90 });
    const ahead = new LocalFrame(pose).toLatLon(10, 0);
    const px = groundToPixel(camera, pose, ahead)!;
    expect(px.x).toBeCloseTo(W / 2, 6);
    // 10 m at 60 m with a 8.8 mm lens and 2.41 µm pixels: 10 / 60 × 8.8 / 0.002412 = 608 px.
    expect(H / 2 - px.y).toBeCloseTo((10 / 60) * (8.8 / (13.2 / W)), 6);
  });

  it('gives the same nadir footprint as the camera model, within a centimetre at every corner', () => {
    for (const yawDeg of [0, 37, 181, 300]) {
      for (const altitudeAgl of [15, 60, 120]) {
        const pose = nadir({ yawDeg, altitudeAgl });
        const ours = imageFootprint(camera, pose)!;
        const model = footprintPolygon({ lat: pose.lat, lon: pose.lon, altitude: altitudeAgl, heading: yawDeg }, camera);
        ours.forEach((c, i) => {
          const a = local(pose, c), b = local(pose, model[i]);
          expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeLessThan(0.01);
        });
      }
    }
  });

  it('maps pixels to the ground and back for any pose that sees the ground', () => {
    fc.assert(
      fc.property(
        fc.record({
          yawDeg: fc.double({ min: 0, max: 360, noNaN: true }),
          pitchDeg: fc.double({ min: -90, max: -50, noNaN: true }),
          rollDeg: fc.double({ min: -15, max: 15, noNaN: true }),
          altitudeAgl: fc.double({ min: 2, max: 500, noNaN: true }),
          x: fc.double({ min: 0, max: W, noNaN: true }),
          y: fc.double({ min: 0, max: H, noNaN: true }),
        }),
        ({ x, y, ...angles }) => {
          const pose = nadir(angles);
          const g = pixelToGround(camera, pose, { x, y });
          expect(g).not.toBeNull();
          const back = groundToPixel(camera, pose, g!)!;
          expect(Math.abs(back.x - x)).toBeLessThan(1e-3);
          expect(Math.abs(back.y - y)).toBeLessThan(1e-3);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('tilts the view: at pitch −45 the centre sees the ground as far ahead as the camera is high', () => {
    const pose = nadir({ yawDeg: 0, pitchDeg: -45, altitudeAgl: 50 });
    const g = local(pose, pixelToGround(camera, pose, { x: W / 2, y: H / 2 })!);
    expect(g.x).toBeCloseTo(0, 6);
    expect(g.y).toBeCloseTo(50, 6);
    // Tipped 10° from nadir towards the east, the centre looks 60·tan(10°) m east.
    const east = nadir({ yawDeg: 90, pitchDeg: -80 });
    const r = local(east, pixelToGround(camera, east, { x: W / 2, y: H / 2 })!);
    expect(r.x).toBeCloseTo(60 * Math.tan((10 * Math.PI) / 180), 6);
    expect(r.y).toBeCloseTo(0, 6);
    // Roll turns the image about the optical axis: at nadir, like yaw.
    const rolled = local(nadir(), pixelToGround(camera, nadir({ rollDeg: 30 }), { x: 0, y: 0 })!);
    const yawed = local(nadir(), pixelToGround(camera, nadir({ yawDeg: 30 }), { x: 0, y: 0 })!);
    expect(rolled.x).toBeCloseTo(yawed.x, 6);
    expect(rolled.y).toBeCloseTo(yawed.y, 6);
    // A tilted photo's footprint is a trapezoid: the far edge is wider than the near one.
    const fp = imageFootprint(camera, nadir({ pitchDeg: -60 }))!.map((c) => local(pose, c));
    expect(fp[1].x - fp[0].x).toBeGreaterThan(fp[2].x - fp[3].x);
  });

  it('answers null for sky pixels and for ground behind the camera', () => {
    const level = nadir({ pitchDeg: 0 });
    expect(pixelToGround(camera, level, { x: W / 2, y: 0 })).toBeNull();
    expect(pixelToGround(camera, level, { x: W / 2, y: H })).not.toBeNull();
    expect(imageFootprint(camera, nadir({ pitchDeg: -20 }))).toBeNull();
    const forward = nadir({ pitchDeg: -30 });
    expect(groundToPixel(camera, forward, new LocalFrame(forward).toLatLon(0, -100))).toBeNull();
  });

  it('refuses impossible input with a RangeError naming it', () => {
    expect(() => groundToPixel(camera, nadir({ altitudeAgl: 0 }), nadir())).toThrow(/altitude above ground must be above 0/);
    expect(() => new PinholeProjection({ ...camera, focalLengthMm: 0 }, nadir())).toThrow(/focalLengthMm/);
    expect(() => pixelToGround(camera, nadir({ yawDeg: Number.NaN }), { x: 0, y: 0 })).toThrow(/yawDeg/);
  });

  it('turns attitudes into quaternions and back, reporting a straight-down turn as yaw', () => {
    const a = { yawDeg: 250, pitchDeg: -35, rollDeg: 12 };
    const back = attitudeFromQuaternion(cameraQuaternion(a));
    expect(back.yawDeg).toBeCloseTo(250, 9);
    expect(back.pitchDeg).toBeCloseTo(-35, 9);
    expect(back.rollDeg).toBeCloseTo(12, 9);
    expect(cameraQuaternion({ yawDeg: 0, pitchDeg: 0, rollDeg: 0 })).toEqual([1, 0, 0, 0]);
    const down = attitudeFromQuaternion(cameraQuaternion({ yawDeg: 80, pitchDeg: -90, rollDeg: 0 }));
    expect(down.pitchDeg).toBeCloseTo(-90, 6);
    expect(down.yawDeg).toBeCloseTo(80, 6);
    // Sent as float32, a nadir quaternion still gives poses that project within a centimetre.
    const q32 = Array.from(new Float32Array(cameraQuaternion({ yawDeg: 80, pitchDeg: -90, rollDeg: 0 })));
    const pose = nadir({ ...attitudeFromQuaternion(q32) });
    const exact = nadir({ yawDeg: 80 });
    const corner = local(exact, pixelToGround(camera, pose, { x: 0, y: 0 })!), want = local(exact, pixelToGround(camera, exact, { x: 0, y: 0 })!);
    expect(Math.hypot(corner.x - want.x, corner.y - want.y)).toBeLessThan(0.01);
  });
});
