/**
 * One photo's geometry in world terms: the pinhole projection of the camera at its pose, shifted so
 * it maps the world's local metres (x east, y north of the world origin) to pixels and back.
 */
import { PinholeProjection, type CameraPose, type Pixel } from '../../../missions/camera-projection.js';
import type { Camera } from '../../../missions/camera.js';
import type { XY } from '../../../missions/geo/xy.js';
import type { Bounds } from '../world/shapes.js';
import type { World } from '../world/build-world.js';

export class PhotoView {
  readonly projection: PinholeProjection;
  readonly width: number;
  readonly height: number;
  /** The point below the camera in world metres. */
  private readonly ox: number;
  private readonly oy: number;

  constructor(
    world: World,
    readonly camera: Camera,
    readonly pose: CameraPose,
  ) {
    this.projection = new PinholeProjection(camera, pose);
    this.width = camera.imageWidthPx;
    this.height = camera.imageHeightPx;
    const o = world.frame.toLocal(pose);
    this.ox = o.x;
    this.oy = o.y;
  }

  /** The pixel showing world point (x, y); null behind the camera. */
  toPixel(x: number, y: number): Pixel | null {
    return this.projection.groundToPixel(x - this.ox, y - this.oy);
  }

  /** The world point a pixel shows; null for sky. */
  toGround(px: number, py: number): XY | null {
    const g = this.projection.pixelToGround(px, py);
    return g && { x: g.x + this.ox, y: g.y + this.oy };
  }

  /** Pixels per metre of ground at world point (x, y) (0 when it is out of sight). */
  pxPerM(x: number, y: number): number {
    const a = this.toPixel(x, y), b = this.toPixel(x + 0.5, y), c = this.toPixel(x, y + 0.5);
    if (!a || !b || !c) return 0;
    return Math.hypot(b.x - a.x, b.y - a.y) + Math.hypot(c.x - a.x, c.y - a.y);
  }

  /** World bounds of what the image shows (the ground below the horizon). */
  groundBounds(): Bounds | null {
    const pts: XY[] = [];
    const steps = 8;
    for (let i = 0; i <= steps; i++) {
      for (const [px, py] of [[(i / steps) * this.width, 0], [(i / steps) * this.width, this.height], [0, (i / steps) * this.height], [this.width, (i / steps) * this.height]]) {
        const g = this.toGround(px, py);
        if (g) pts.push(g);
      }
    }
    if (pts.length === 0) return null;
    return {
      minX: Math.min(...pts.map((p) => p.x)),
      minY: Math.min(...pts.map((p) => p.y)),
      maxX: Math.max(...pts.map((p) => p.x)),
      maxY: Math.max(...pts.map((p) => p.y)),
    };
  }
}
