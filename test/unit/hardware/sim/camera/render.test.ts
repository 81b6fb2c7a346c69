import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { groundToPixel, imageFootprint, type CameraPose } from '../../../../../missions/camera-projection.js';
import { LocalFrame } from '../../../../../missions/geo/local-frame.js';
import { pointInRing } from '../../../../../missions/geo/point-in-polygon.js';
import { PhotoStore } from '../../../../../hardware/sim/camera/photo-store.js';
import { PhotoView } from '../../../../../hardware/sim/camera/photo-view.js';
import { objectsNearView, photoTruth } from '../../../../../hardware/sim/camera/photo-truth.js';
import { renderPhoto } from '../../../../../hardware/sim/camera/render-photo.js';
import { simCamera } from '../../../../../hardware/sim/camera/sim-camera-model.js';
import { buildWorld, type WorldOptions } from '../../../../../hardware/sim/world/build-world.js';
import type { WorldObject } from '../../../../../hardware/sim/world/world-objects.js';

const SITE: WorldOptions = {
  seed: 7,
  forest: { type: 'Polygon', coordinates: [[[106.65, 26.611], [106.653, 26.6112], [106.6534, 26.6128], [106.6516, 26.6133], [106.6498, 26.6126], [106.65, 26.611]]] },
  powerLine: [{ lat: 26.59, lon: 106.622 }, { lat: 26.5918, lon: 106.6245 }, { lat: 26.5935, lon: 106.627 }, { lat: 26.595, lon: 106.6297 }],
  rescueArea: { type: 'Polygon', coordinates: [[[106.6535, 26.5866], [106.6565, 26.5866], [106.6565, 26.5894], [106.6535, 26.5894], [106.6535, 26.5866]]] },
};
const world = buildWorld(SITE);
/** The same ground with nothing on it: objects draw from their own seed stream. */
const empty = buildWorld({ ...SITE, objectsPerKind: 0 });
const camera = simCamera();

/** A nadir pose a little off the object, turned so nothing lines up with the image axes. */
function over(o: WorldObject, altitudeAgl = 50): CameraPose {
  const p = new LocalFrame(o).toLatLon(6, -4);
  return { ...p, altitudeAgl, yawDeg: 33, pitchDeg: -90, rollDeg: 0 };
}

function pixel(data: ArrayLike<number>, x: number, y: number, width = camera.imageWidthPx): [number, number, number] {
  const i = (Math.floor(y) * width + Math.floor(x)) * 4;
  return [data[i], data[i + 1], data[i + 2]];
}

describe('photo renderer', () => {
  it('draws a fire as a bright orange-red spot where groundToPixel says, on green forest', () => {
    const fire = world.objects.find((o) => o.kind === 'fire')!;
    const pose = over(fire);
    const r = renderPhoto(world, new PhotoView(world, camera, pose));
    const at = groundToPixel(camera, pose, fire)!;
    const [red, green, blue] = pixel(r.data, at.x, at.y);
    expect(red).toBeGreaterThan(200);
    expect(blue).toBeLessThan(160);
    expect(red - blue).toBeGreaterThan(100);
    expect(green).toBeLessThan(red);
    // 20 m from anything, the forest is green.
    const calm = new LocalFrame(fire);
    const spot = world.objects.every((o) => Math.hypot(calm.toLocal(o).x + 20, calm.toLocal(o).y) > 20) ? calm.toLatLon(-20, 0) : calm.toLatLon(0, -20);
    const g = groundToPixel(camera, pose, spot)!;
    const [gr, gg] = pixel(r.data, g.x, g.y);
    expect(gg).toBeGreaterThan(gr);
  });

  it('draws every kind of object inside its truth box and nothing anywhere else', () => {
    const kinds = new Set(world.objects.map((o) => o.kind));
    // A smaller image keeps this quick; drawing does not depend on the size.
    const small = simCamera(512, 384);
    let checkedCorners = 0;
    for (const kind of kinds) {
      const o = world.objects.find((x) => x.kind === kind)!;
      const view = new PhotoView(world, small, over(o, 40));
      const truth = photoTruth(world, view).objects.find((t) => t.id === o.id)!;
      expect(truth, o.id).toBeDefined();
      const a = renderPhoto(world, view).data, b = renderPhoto(empty, view).data;
      let inside = 0, n = 0, strongest = 0;
      const box = truth.box;
      for (let y = Math.ceil(box.y); y < box.y + box.height; y++) {
        for (let x = Math.ceil(box.x); x < box.x + box.width; x++) {
          const i = (y * small.imageWidthPx + x) * 4;
          const d = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
          inside += d;
          strongest = Math.max(strongest, d);
          n++;
        }
      }
      expect(inside / n, `${o.id} changes its box`).toBeGreaterThan(5);
      expect(strongest, `${o.id} stands out`).toBeGreaterThan(120);
      // Far from every object near the view (beyond a fire's glow or a plume), the two renderings agree.
      const near = objectsNearView(world, view).map((x) => view.toPixel(x.x, x.y)!);
      const corners = [[1, 1], [510, 1], [510, 382], [1, 382]].filter(([x, y]) => near.every((q) => Math.hypot(q.x - x, q.y - y) > 230));
      for (const [x, y] of corners) expect(pixel(a, x, y, 512)).toEqual(pixel(b, x, y, 512));
      checkedCorners += corners.length;
    }
    expect(checkedCorners).toBeGreaterThan(10);
  });

  it('lists in the truth exactly the objects whose centre lies in the footprint, with boxes round their pixels', () => {
    const fire = world.objects.find((o) => o.kind === 'fire')!;
    const pose = { ...over(fire, 90), yawDeg: 71 };
    const truth = photoTruth(world, new PhotoView(world, camera, pose));
    const frame = new LocalFrame(pose);
    const ring = imageFootprint(camera, pose)!.map((c) => frame.toLocal(c));
    const under = world.objects.filter((o) => pointInRing(frame.toLocal(o), ring)).map((o) => o.id).sort();
    expect(under.length).toBeGreaterThan(1);
    expect(truth.objects.map((o) => o.id).sort()).toEqual(under);
    for (const t of truth.objects) {
      expect(t.pixel.x).toBeGreaterThanOrEqual(t.box.x);
      expect(t.pixel.x).toBeLessThanOrEqual(t.box.x + t.box.width);
      expect(t.pixel.y).toBeGreaterThanOrEqual(t.box.y);
      expect(t.pixel.y).toBeLessThanOrEqual(t.box.y + t.box.height);
    }
  });

  it('encodes JPEGs that decode to the camera size, the same bytes every time', () => {
    const person = world.objects.find((o) => o.kind === 'person')!;
    const pose = over(person);
    const take = (store: PhotoStore) => store.jpeg(store.add({ bootMs: 1000, timeMs: 0, pose, altMsl: 1120 }).index)!;
    const a = take(new PhotoStore(world, camera)), b = take(new PhotoStore(world, camera, { cached: 0 }));
    expect(a.equals(b)).toBe(true);
    expect([...a.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const img = jpeg.decode(a, { useTArray: true });
    expect([img.width, img.height]).toEqual([1024, 768]);

    const small = simCamera(640, 480);
    const s = new PhotoStore(world, small);
    const decoded = jpeg.decode(s.jpeg(s.add({ bootMs: 0, timeMs: 0, pose, altMsl: 1120 }).index)!, { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([640, 480]);
    expect(s.jpeg(1)).toBeUndefined();
    expect(s.truth(1)).toBeUndefined();
  });

  it('paints the sky above the horizon of a tilted photo', () => {
    const r = renderPhoto(world, new PhotoView(world, camera, { lat: 26.6, lon: 106.64, altitudeAgl: 50, yawDeg: 0, pitchDeg: -10, rollDeg: 0 }));
    const [sr, sg, sb] = pixel(r.data, 512, 5);
    expect(sb).toBeGreaterThan(sr);
    expect(sb).toBeGreaterThan(sg);
    expect(pixel(r.data, 512, 760)).not.toEqual([sr, sg, sb]);
  });
});
