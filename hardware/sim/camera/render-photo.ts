/** A synthetic aerial photo of the world: ground and trees, the power line, then the objects. */
import type { World } from '../world/build-world.js';
import type { PhotoView } from './photo-view.js';
import { objectsNearView } from './photo-truth.js';
import { Raster } from './raster.js';
import { renderGround, renderTrees } from './render-ground.js';
import { renderPowerLine } from './render-line.js';
import { renderObjects } from './render-objects.js';

/**
 * Renders what `view` sees; the same world and view always give the same pixels. Pass `into` (of the
 * view's size) to reuse its memory: every pixel is painted afresh.
 */
export function renderPhoto(world: World, view: PhotoView, into?: Raster): Raster {
  const r = into && into.width === view.width && into.height === view.height ? into : new Raster(view.width, view.height);
  const cover = renderGround(r, world, view);
  const bounds = view.groundBounds();
  if (cover && bounds) {
    renderTrees(r, world, view, cover, bounds);
    renderPowerLine(r, world, view, bounds);
    renderObjects(r, world, view, objectsNearView(world, view));
  }
  return r;
}
