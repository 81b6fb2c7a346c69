/**
 * COCO object detection JSON (`annotations.json`): categories from the label set, one image per
 * photo, one annotation per shape with its bbox `[x, y, width, height]` in pixels, the polygon as
 * `segmentation` (empty for boxes), area, `iscrowd: 0`, and the shape's attributes in `attributes`.
 */
import type { Shape } from '../../protocol-annotation.js';
import { shapeArea, shapeBounds } from '../polygon-iou.js';
import type { FormatContext, FormatWriter } from './export-format.js';
import type { ExportItem } from './selection.js';
import { TextSpool } from './text-spool.js';

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  segmentation: number[][];
  iscrowd: 0;
  attributes: Record<string, string | number>;
}

/** One shape as a COCO annotation. */
export function cocoAnnotation(shape: Shape, ids: { id: number; imageId: number; categoryId: number }): CocoAnnotation {
  const b = shapeBounds(shape);
  return {
    id: ids.id,
    image_id: ids.imageId,
    category_id: ids.categoryId,
    bbox: [b.x, b.y, b.width, b.height],
    area: shapeArea(shape),
    segmentation: shape.kind === 'polygon' ? [shape.points.flat()] : [],
    iscrowd: 0,
    attributes: shape.attributes,
  };
}

export class CocoWriter implements FormatWriter {
  private imageId = 0;
  private annotationId = 0;
  private readonly categoryIds: Map<string, number>;

  private constructor(
    private readonly ctx: FormatContext,
    private readonly images: TextSpool,
    private readonly annotations: TextSpool,
  ) {
    this.categoryIds = new Map(ctx.labels.map((l, i) => [l.key, i + 1]));
  }

  static async create(ctx: FormatContext): Promise<CocoWriter> {
    return new CocoWriter(ctx, await TextSpool.create(ctx.spoolDir), await TextSpool.create(ctx.spoolDir));
  }

  async item(item: ExportItem, photo: string): Promise<void> {
    const imageId = ++this.imageId;
    const image = {
      id: imageId,
      file_name: photo,
      width: item.image.width,
      height: item.image.height,
      date_captured: new Date(item.image.capturedAt).toISOString(),
      // Ours, so labels can be traced back: the photo and task they belong to.
      image_uid: item.image.id,
      task_id: item.taskId,
    };
    await this.images.write((this.images.empty ? '' : ',\n') + JSON.stringify(image));
    for (const shape of item.labels ?? []) {
      const categoryId = this.categoryIds.get(shape.label);
      // A label since removed from the queue's set has no category to go under.
      if (categoryId === undefined) continue;
      const a = cocoAnnotation(shape, { id: ++this.annotationId, imageId, categoryId });
      await this.annotations.write((this.annotations.empty ? '' : ',\n') + JSON.stringify(a));
    }
  }

  async finish(): Promise<void> {
    const { ctx } = this;
    const created = new Date(ctx.createdAt);
    const head = {
      info: {
        description: `Inspection labels${ctx.query.queue ? ` of queue ${ctx.query.queue}` : ''} (${ctx.query.state})`,
        version: '1.0',
        year: created.getUTCFullYear(),
        date_created: created.toISOString(),
      },
      licenses: [],
      categories: ctx.labels.map((l, i) => ({ id: i + 1, name: l.key, supercategory: ctx.query.queue ?? 'inspection', display_name: l.name })),
    };
    const opening = JSON.stringify(head).slice(0, -1);
    const images = await this.images.read();
    const annotations = await this.annotations.read();
    async function* body(): AsyncGenerator<string | Uint8Array> {
      yield `${opening},"images":[\n`;
      yield* images;
      yield '\n],"annotations":[\n';
      yield* annotations;
      yield '\n]}\n';
    }
    await ctx.zip.addStream('annotations.json', body(), true);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.images.remove(), this.annotations.remove()]);
  }
}
