/**
 * Label Studio JSON (`tasks.json`): one task per photo with `data.image` (its path in the zip) and
 * our ids, `annotations` whose results are `rectanglelabels` / `polygonlabels` regions in percent of
 * the image with `original_width` / `original_height`, each attribute a per-region `choices` or
 * `number` result under the region's id, and `predictions` from the task's suggestions.
 * `label-config.xml` is a labelling configuration that reads these tasks.
 */
import type { AttributeDef, LabelDef, Shape } from '../../protocol-annotation.js';
import type { FormatContext, FormatWriter } from './export-format.js';
import type { ExportItem } from './selection.js';
import { TextSpool } from './text-spool.js';

/** Tag names of the labelling configuration, which results name in `from_name` / `to_name`. */
export const LS_NAMES = { image: 'image', box: 'label', polygon: 'polygon' } as const;

/** One Label Studio result item, as written. */
export interface LsResultOut {
  id: string;
  type: 'rectanglelabels' | 'polygonlabels' | 'choices' | 'number';
  from_name: string;
  to_name: string;
  original_width: number;
  original_height: number;
  image_rotation: 0;
  value: Record<string, unknown>;
}

const pct = (v: number, of: number): number => (100 * v) / of;

/** Shapes as Label Studio results; region ids are `prefix` plus the shape's index. */
export function toLsResults(shapes: readonly Shape[], size: { width: number; height: number }, prefix = 'r'): LsResultOut[] {
  const { width: W, height: H } = size;
  const base = { to_name: LS_NAMES.image, original_width: W, original_height: H, image_rotation: 0 as const };
  return shapes.flatMap((shape, i) => {
    const id = `${prefix}${i + 1}`;
    const region: LsResultOut = shape.kind === 'box'
      ? {
        id, type: 'rectanglelabels', from_name: LS_NAMES.box, ...base,
        value: { x: pct(shape.x, W), y: pct(shape.y, H), width: pct(shape.width, W), height: pct(shape.height, H), rotation: 0, rectanglelabels: [shape.label] },
      }
      : {
        id, type: 'polygonlabels', from_name: LS_NAMES.polygon, ...base,
        value: { points: shape.points.map(([x, y]) => [pct(x, W), pct(y, H)]), closed: true, polygonlabels: [shape.label] },
      };
    const attributes: LsResultOut[] = Object.entries(shape.attributes).map(([key, v]) => ({
      id, from_name: key, ...base,
      ...(typeof v === 'number' ? { type: 'number' as const, value: { number: v } } : { type: 'choices' as const, value: { choices: [v] } }),
    }));
    return [region, ...attributes];
  });
}

const xml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Label Studio labelling configuration for these labels and attributes. */
export function labelConfig(labels: readonly LabelDef[], attributes: readonly AttributeDef[]): string {
  const options = labels.map((l) => `    <Label value="${xml(l.key)}"${l.color ? ` background="${xml(l.color)}"` : ''}/>`).join('\n');
  const perRegion = attributes.map((a) => a.kind === 'choice'
    ? `  <Choices name="${xml(a.key)}" toName="${LS_NAMES.image}" perRegion="true">\n${a.values.map((v) => `    <Choice value="${xml(v)}"/>`).join('\n')}\n  </Choices>`
    : `  <Number name="${xml(a.key)}" toName="${LS_NAMES.image}" perRegion="true" min="${a.min}" max="${a.max}"/>`);
  return [
    '<View>',
    `  <Image name="${LS_NAMES.image}" value="$image" zoom="true"/>`,
    `  <RectangleLabels name="${LS_NAMES.box}" toName="${LS_NAMES.image}">`,
    options,
    '  </RectangleLabels>',
    `  <PolygonLabels name="${LS_NAMES.polygon}" toName="${LS_NAMES.image}">`,
    options,
    '  </PolygonLabels>',
    ...perRegion,
    '</View>',
    '',
  ].join('\n');
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class LabelStudioWriter implements FormatWriter {
  private taskId = 0;
  private annotationId = 0;

  private constructor(
    private readonly ctx: FormatContext,
    private readonly tasks: TextSpool,
  ) {}

  static async create(ctx: FormatContext): Promise<LabelStudioWriter> {
    return new LabelStudioWriter(ctx, await TextSpool.create(ctx.spoolDir));
  }

  async item(item: ExportItem, photo: string): Promise<void> {
    const size = item.image;
    const task = {
      id: ++this.taskId,
      data: {
        image: `images/${photo}`,
        image_id: item.image.id,
        task_id: item.taskId,
        queue: item.queueId,
        captured_at: iso(item.image.capturedAt),
      },
      annotations: item.annotations.map((a) => ({
        id: ++this.annotationId,
        result: toLsResults(a.shapes, size),
        was_cancelled: false,
        ground_truth: a.status === 'accepted',
        created_at: iso(a.submittedAt),
        updated_at: iso(a.submittedAt),
        lead_time: Math.max(0, a.submittedAt - a.startedAt) / 1000,
      })),
      predictions: item.suggestions.length === 0 ? [] : [{ model_version: 'suggestions', result: toLsResults(item.suggestions, size) }],
    };
    await this.tasks.write((this.tasks.empty ? '' : ',\n') + JSON.stringify(task));
  }

  async finish(): Promise<void> {
    const tasks = await this.tasks.read();
    async function* body(): AsyncGenerator<string | Uint8Array> {
      yield '[\n';
      yield* tasks;
      yield '\n]\n';
    }
    await this.ctx.zip.addStream('tasks.json', body(), true);
    await this.ctx.zip.addText('label-config.xml', labelConfig(this.ctx.labels, this.ctx.attributes));
  }

  async dispose(): Promise<void> {
    await this.tasks.remove();
  }
}
