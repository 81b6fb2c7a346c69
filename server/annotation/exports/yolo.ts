/**
 * YOLO (Ultralytics layout): `images/<name>`, `labels/<stem>.txt` with one line per shape,
 * `class cx cy w h` normalised to 0–1 (a polygon by its bounding box), or with `seg` the YOLO
 * segmentation lines `class x1 y1 x2 y2 …` (a box by its four corners); `data.yaml` and
 * `classes.txt` name the classes. A task with no labels yet gets no label file.
 */
import type { Shape } from '../../protocol-annotation.js';
import { shapeBounds, shapeRing } from '../polygon-iou.js';
import type { FormatContext, FormatWriter } from './export-format.js';
import { stemOf } from './photo-names.js';
import type { ExportItem } from './selection.js';

const unit = (v: number): string => Math.min(1, Math.max(0, v)).toFixed(6);

/** One shape as a YOLO label line, or a segmentation line with `seg`. */
export function yoloLine(shape: Shape, classIndex: number, size: { width: number; height: number }, seg = false): string {
  const { width: W, height: H } = size;
  if (seg) return [classIndex, ...shapeRing(shape).flatMap(([x, y]) => [unit(x / W), unit(y / H)])].join(' ');
  const b = shapeBounds(shape);
  return [classIndex, unit((b.x + b.width / 2) / W), unit((b.y + b.height / 2) / H), unit(b.width / W), unit(b.height / H)].join(' ');
}

export class YoloWriter implements FormatWriter {
  private readonly classes: Map<string, number>;

  constructor(private readonly ctx: FormatContext) {
    this.classes = new Map(ctx.labels.map((l, i) => [l.key, i]));
  }

  async item(item: ExportItem, photo: string): Promise<void> {
    if (item.labels === null) return;
    const lines: string[] = [];
    for (const shape of item.labels) {
      const index = this.classes.get(shape.label);
      if (index !== undefined) lines.push(yoloLine(shape, index, item.image, this.ctx.query.seg === true));
    }
    await this.ctx.zip.addText(`labels/${stemOf(photo)}.txt`, lines.map((l) => `${l}\n`).join(''));
  }

  async finish(): Promise<void> {
    const keys = this.ctx.labels.map((l) => l.key);
    const yaml = [
      `# ${this.ctx.query.seg ? 'Segmentation' : 'Detection'} labels, ${this.ctx.query.state} tasks${this.ctx.query.queue ? ` of queue ${this.ctx.query.queue}` : ''}`,
      'path: .',
      'train: images',
      'val: images',
      `nc: ${keys.length}`,
      'names:',
      ...keys.map((k, i) => `  ${i}: ${k}`),
      '',
    ].join('\n');
    await this.ctx.zip.addText('data.yaml', yaml);
    await this.ctx.zip.addText('classes.txt', keys.map((k) => `${k}\n`).join(''));
  }

  async dispose(): Promise<void> {}
}
