import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTaskForImage } from '../../../server/annotation/task-intake.js';
import type { ClaimDTO, ImportResultDTO, Shape } from '../../../server/protocol-annotation.js';
import { accept, expectShapesClose, submit, text, unzipAnswer } from './support/export-checks.js';
import { startExportsApp, type ExportsApp } from './support/exports-app.js';
import { makeQueue, T0 } from './support/fixtures.js';

type Err = { error: string; message: string };

// ---- The formats, as their own tools read them, written out independently of the server. ----

const int = z.number().int();
const CocoSchema = z.object({
  info: z.object({ description: z.string(), version: z.string(), year: int, date_created: z.string() }),
  licenses: z.array(z.unknown()),
  categories: z.array(z.object({ id: int.positive(), name: z.string().min(1), supercategory: z.string() })).min(1),
  images: z.array(z.object({ id: int.positive(), file_name: z.string().min(1), width: int.positive(), height: int.positive(), date_captured: z.string(), image_uid: z.string() })),
  annotations: z.array(z.object({
    id: int.positive(),
    image_id: int.positive(),
    category_id: int.positive(),
    bbox: z.tuple([z.number().min(0), z.number().min(0), z.number().positive(), z.number().positive()]),
    area: z.number().positive(),
    segmentation: z.array(z.array(z.number().min(0)).min(6).refine((p) => p.length % 2 === 0, 'x, y pairs')),
    iscrowd: z.literal(0),
    attributes: z.record(z.string(), z.union([z.string(), z.number()])),
  })),
});

const pct = z.number().min(0).max(100);
const lsBase = { id: z.string().min(1), from_name: z.string().min(1), to_name: z.literal('image'), original_width: int.positive(), original_height: int.positive() };
const LsResult = z.discriminatedUnion('type', [
  z.object({ ...lsBase, type: z.literal('rectanglelabels'), value: z.object({ x: pct, y: pct, width: pct, height: pct, rotation: z.number(), rectanglelabels: z.array(z.string()).length(1) }) }),
  z.object({ ...lsBase, type: z.literal('polygonlabels'), value: z.object({ points: z.array(z.tuple([pct, pct])).min(3), polygonlabels: z.array(z.string()).length(1) }) }),
  z.object({ ...lsBase, type: z.literal('choices'), value: z.object({ choices: z.array(z.string()).length(1) }) }),
  z.object({ ...lsBase, type: z.literal('number'), value: z.object({ number: z.number() }) }),
]);
const LsTasksSchema = z.array(z.object({
  id: int.positive(),
  data: z.object({ image: z.string().regex(/^images\/[^/]+\.jpe?g$/i), image_id: z.string() }),
  annotations: z.array(z.object({ id: int.positive(), result: z.array(LsResult), was_cancelled: z.boolean() })),
  predictions: z.array(z.object({ result: z.array(LsResult) })),
}));
type LsTasks = z.infer<typeof LsTasksSchema>;

const unitValue = '(?:0(?:\\.\\d+)?|1(?:\\.0+)?)';
const YOLO_BOX = new RegExp(`^\\d+(?: ${unitValue}){4}$`);
const YOLO_SEG = new RegExp(`^\\d+(?: ${unitValue} ${unitValue}){3,}$`);

/** Our shapes back from COCO annotations: a segmentation is a polygon, else the bbox is a box. */
function fromCoco(coco: z.infer<typeof CocoSchema>): Map<number, Shape[]> {
  const names = new Map(coco.categories.map((c) => [c.id, c.name]));
  const out = new Map<number, Shape[]>(coco.images.map((i) => [i.id, []]));
  for (const a of coco.annotations) {
    const label = names.get(a.category_id)!;
    const shape: Shape = a.segmentation.length > 0
      ? { kind: 'polygon', points: a.segmentation[0].flatMap((v, k, all) => (k % 2 === 0 ? [[v, all[k + 1]] as [number, number]] : [])), label, attributes: a.attributes }
      : { kind: 'box', x: a.bbox[0], y: a.bbox[1], width: a.bbox[2], height: a.bbox[3], label, attributes: a.attributes };
    out.get(a.image_id)!.push(shape);
  }
  return out;
}

describe('annotation exports', () => {
  let app: ExportsApp;
  let queue: string;
  /** The photos, their task ids and the labels they were given. */
  const photos: { imageId: string; taskId: string; sha256: string; width: number; height: number; labels: Shape[] | null; state: string }[] = [];
  const accepted = () => photos.filter((p) => p.state === 'accepted');
  const byImage = (id: string) => photos.find((p) => p.imageId === id)!;

  beforeAll(async () => {
    app = await startExportsApp();
    queue = await makeQueue(app.store.db);
    const fire = (x: number, y: number, w: number, h: number): Shape => ({ kind: 'box', x, y, width: w, height: h, label: 'fire', attributes: { severity: 'high', confidence: 0.9 } });
    const plan: { width: number; height: number; fileName: string | null; labels: Shape[] | null; state: string }[] = [
      {
        width: 640, height: 480, fileName: 'IMG_0001.JPG', state: 'accepted',
        labels: [fire(10.5, 20.25, 100.75, 50.5), { kind: 'polygon', points: [[300, 100], [420.5, 130], [380, 260.75], [290, 200]], label: 'smoke', attributes: { severity: 'low', confidence: 0.5 } }],
      },
      // The same file name again, and a box over the whole photo.
      { width: 480, height: 640, fileName: 'IMG_0001.JPG', state: 'accepted', labels: [{ kind: 'box', x: 0, y: 0, width: 480, height: 640, label: 'smoke', attributes: { severity: 'medium', confidence: 1 } }] },
      { width: 320, height: 240, fileName: null, state: 'accepted', labels: [] },
      { width: 400, height: 300, fileName: 'IMG_0004.jpg', state: 'submitted', labels: [fire(50, 60, 70, 80)] },
      { width: 400, height: 300, fileName: 'IMG_0005.jpg', state: 'queued', labels: null },
    ];
    for (const [i, p] of plan.entries()) {
      const made = await app.photo(queue, { width: p.width, height: p.height, fileName: p.fileName, capturedAt: T0 + i * 60_000 });
      photos.push({ ...made, width: p.width, height: p.height, labels: p.labels, state: p.state });
    }
    for (const p of photos.filter((p) => p.labels !== null)) await submit(app, queue, p.taskId, p.labels!);
    for (const p of accepted()) await accept(app, p.taskId);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('COCO: a valid file of the accepted tasks with every photo, labels back to ours within a pixel', async () => {
    const files = await unzipAnswer(await app.raw('reviewer', 'GET', `/api/exports?format=coco&queue=${queue}`));
    const coco = CocoSchema.parse(JSON.parse(text(files['annotations.json'])));
    expect(coco.categories.map((c) => [c.id, c.name])).toEqual([[1, 'fire'], [2, 'smoke']]);
    const imageIds = new Set(coco.images.map((i) => i.id));
    expect(imageIds.size).toBe(coco.images.length);
    expect(new Set(coco.annotations.map((a) => a.id)).size).toBe(coco.annotations.length);
    for (const a of coco.annotations) {
      expect(imageIds.has(a.image_id)).toBe(true);
      expect(a.category_id).toBeLessThanOrEqual(coco.categories.length);
    }

    expect(coco.images).toHaveLength(accepted().length);
    const labels = fromCoco(coco);
    for (const image of coco.images) {
      const p = byImage(image.image_uid);
      expect([image.width, image.height]).toEqual([p.width, p.height]);
      // The photo itself, byte for byte, under the name the file gives.
      const bytes = files[`images/${image.file_name}`];
      expect(bytes).toBeDefined();
      expect(Buffer.from(bytes).equals(readFileSync(app.originals.pathOf(p.sha256)))).toBe(true);
      expectShapesClose(labels.get(image.id)!, p.labels!);
    }
    // Photo names are unique, and a photo without a file name goes by its id.
    const names = coco.images.map((i) => i.file_name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).toContain('IMG_0001.JPG');
    expect(names).toContain(`${photos[2].imageId}.jpg`);
    expect(Object.keys(files).filter((f) => f.startsWith('images/')).sort()).toEqual(names.map((n) => `images/${n}`).sort());
  });

  it('YOLO: data.yaml, classes.txt and a label file per photo whose lines follow the grammar and land within a pixel', async () => {
    const files = await unzipAnswer(await app.raw('admin', 'GET', `/api/exports?format=yolo&queue=${queue}`));
    expect(text(files['classes.txt'])).toBe('fire\nsmoke\n');
    const yaml = text(files['data.yaml']);
    expect(yaml).toMatch(/^nc: 2$/m);
    expect(yaml).toMatch(/^names:\n {2}0: fire\n {2}1: smoke$/m);
    const images = Object.keys(files).filter((f) => f.startsWith('images/'));
    expect(images).toHaveLength(accepted().length);

    const coco = CocoSchema.parse(JSON.parse(text((await unzipAnswer(await app.raw('admin', 'GET', `/api/exports?format=coco&queue=${queue}`)))['annotations.json'])));
    for (const image of coco.images) {
      const p = byImage(image.image_uid);
      const stem = image.file_name.replace(/\.[^.]+$/, '');
      expect(images).toContain(`images/${image.file_name}`);
      const lines = text(files[`labels/${stem}.txt`]).split('\n').filter(Boolean);
      expect(lines).toHaveLength(p.labels!.length);
      lines.forEach((line, i) => {
        expect(line).toMatch(YOLO_BOX);
        const [cls, cx, cy, w, h] = line.split(' ').map(Number);
        const shape = p.labels![i];
        expect(cls).toBe(shape.label === 'fire' ? 0 : 1);
        const xs = shape.kind === 'box' ? [shape.x, shape.x + shape.width] : shape.points.map((q) => q[0]);
        const ys = shape.kind === 'box' ? [shape.y, shape.y + shape.height] : shape.points.map((q) => q[1]);
        const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
        near((cx - w / 2) * p.width, Math.min(...xs));
        near((cx + w / 2) * p.width, Math.max(...xs));
        near((cy - h / 2) * p.height, Math.min(...ys));
        near((cy + h / 2) * p.height, Math.max(...ys));
      });
    }

    const seg = await unzipAnswer(await app.raw('admin', 'GET', `/api/exports?format=yolo&queue=${queue}&seg=true`));
    const first = text(seg['labels/IMG_0001.txt']).split('\n').filter(Boolean);
    for (const line of first) expect(line).toMatch(YOLO_SEG);
    const polygon = first[1].split(' ').slice(1).map(Number);
    const truth = (photos[0].labels![1] as Extract<Shape, { kind: 'polygon' }>).points;
    expect(polygon).toHaveLength(truth.length * 2);
    truth.forEach(([x, y], k) => {
      expect(Math.abs(polygon[2 * k] * 640 - x)).toBeLessThanOrEqual(1);
      expect(Math.abs(polygon[2 * k + 1] * 480 - y)).toBeLessThanOrEqual(1);
    });
  });

  it('Label Studio: valid tasks that import back into another queue as the same labels, and as suggestions', async () => {
    const files = await unzipAnswer(await app.raw('reviewer', 'GET', `/api/exports?format=labelstudio&queue=${queue}`));
    const tasksJson = text(files['tasks.json']);
    const tasks: LsTasks = LsTasksSchema.parse(JSON.parse(tasksJson));
    expect(tasks).toHaveLength(accepted().length);
    expect(text(files['label-config.xml'])).toContain('<RectangleLabels name="label" toName="image">');
    for (const t of tasks) {
      const p = byImage(t.data.image_id);
      expect(files[t.data.image]).toBeDefined();
      for (const r of t.annotations.flatMap((a) => a.result)) expect([r.original_width, r.original_height]).toEqual([p.width, p.height]);
    }

    // Into a second queue over the same photos, accepted at once.
    const second = await makeQueue(app.store.db);
    for (const p of photos) await createTaskForImage(app.store.db, { id: p.imageId, patrol: second, capturedAt: T0 });
    const imported = await app.raw('admin', 'POST', `/api/imports/labelstudio?queue=${second}&as=annotations&accept=true`, tasksJson);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ tasks: 3, imported: 3, skipped: 0, shapes: 3, findings: 3, accepted: true } satisfies Partial<ImportResultDTO>);
    const rows = await app.store.db
      .selectFrom('annotation_tasks as t')
      .innerJoin('task_annotations as a', 'a.task_id', 't.id')
      .select(['t.image_id', 't.state', 'a.shapes', 'a.status'])
      .where('t.queue_id', '=', second)
      .execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect([r.state, r.status]).toEqual(['accepted', 'accepted']);
      expectShapesClose(JSON.parse(r.shapes) as Shape[], byImage(r.image_id).labels!);
    }
    const again = await unzipAnswer(await app.raw('reviewer', 'GET', `/api/exports?format=labelstudio&queue=${second}`));
    expect(LsTasksSchema.parse(JSON.parse(text(again['tasks.json'])))).toHaveLength(3);

    // Into a third queue as predictions: the annotator who claims the task starts from them.
    const third = await makeQueue(app.store.db);
    const first = photos[0];
    await createTaskForImage(app.store.db, { id: first.imageId, patrol: third, capturedAt: T0 });
    const predicted = tasks.filter((t) => t.data.image_id === first.imageId).map((t) => ({ ...t, annotations: [], predictions: [{ model_version: 'v1', score: 0.7, result: t.annotations[0].result }] }));
    const r = await app.api<ImportResultDTO>('admin', 'POST', `/api/imports/labelstudio?queue=${third}&as=predictions`, predicted);
    expect(r.body).toMatchObject({ imported: 1, shapes: 2, findings: 0 });
    const claim = await app.api<ClaimDTO>('annotator', 'POST', `/api/queues/${third}/claim`);
    expect(claim.body.task.imageId).toBe(first.imageId);
    expectShapesClose(claim.body.suggestions, first.labels!);
    const ls = LsTasksSchema.parse(JSON.parse(text((await unzipAnswer(await app.raw('reviewer', 'GET', `/api/exports?format=labelstudio&queue=${third}&state=all`)))['tasks.json'])));
    expect(ls[0].predictions[0].result.filter((x) => x.type.endsWith('labels'))).toHaveLength(2);
  });

  it('selects by state, capture time and patrol', async () => {
    const images = async (query: string) => {
      const files = await unzipAnswer(await app.raw('reviewer', 'GET', `/api/exports?format=coco&queue=${queue}${query}`));
      return CocoSchema.parse(JSON.parse(text(files['annotations.json']))).images;
    };
    const submitted = await images('&state=submitted');
    expect(submitted.map((i) => i.image_uid)).toEqual([photos[3].imageId]);
    expect((await images('&state=all')).map((i) => i.image_uid)).toEqual(photos.map((p) => p.imageId));
    expect((await images(`&state=all&from=${T0 + 60_000}&to=${new Date(T0 + 180_000).toISOString()}`)).map((i) => i.image_uid)).toEqual([photos[1].imageId, photos[2].imageId]);
    // A queued task has no labels yet: its photo goes out without a label file.
    const yolo = await unzipAnswer(await app.raw('reviewer', 'GET', `/api/exports?format=yolo&queue=${queue}&state=all`));
    expect(yolo['images/IMG_0005.jpg']).toBeDefined();
    expect(yolo['labels/IMG_0005.txt']).toBeUndefined();
    expect(text(yolo['labels/IMG_0004.txt']).trim()).toMatch(YOLO_BOX);

    const forest = await app.photo('forest', { width: 200, height: 100 });
    const all = await unzipAnswer(await app.raw('reviewer', 'GET', '/api/exports?format=coco&patrol=forest&state=all'));
    expect(CocoSchema.parse(JSON.parse(text(all['annotations.json']))).images.map((i) => i.image_uid)).toEqual([forest.imageId]);
  });

  it('refuses bad filters naming the field, and unknown queues', async () => {
    const bad = async (query: string) => (await app.api<Err>('reviewer', 'GET', `/api/exports?${query}`));
    expect((await bad('format=pascal')).body).toMatchObject({ error: 'invalid', message: expect.stringMatching(/^format: /) });
    expect((await bad('queue=x')).body.message).toMatch(/^format: /);
    expect((await bad('format=coco&state=done')).body.message).toMatch(/^state: /);
    expect((await bad('format=coco&from=yesterday')).body).toEqual({ error: 'invalid', message: 'from: must be ms since the epoch or an ISO 8601 date' });
    expect((await bad('format=coco&from=2000&to=1000')).body).toEqual({ error: 'invalid', message: 'to: must be after from' });
    expect((await bad('format=coco&colour=red')).body.message).toMatch(/^query: .*colour/);
    const missing = await bad('format=coco&queue=nope');
    expect([missing.status, missing.body]).toEqual([404, { error: 'not_found', message: "no queue with id 'nope'" }]);
  });

  it('refuses an export too big for one zip before writing anything', async () => {
    const small = await startExportsApp({ maxExportBytes: 10_000 });
    try {
      const q = await makeQueue(small.store.db);
      for (let i = 0; i < 3; i++) await small.photo(q, { width: 64, height: 48 });
      const r = await small.api<Err>('reviewer', 'GET', `/api/exports?format=coco&queue=${q}&state=all`);
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('too_large');
      expect(r.body.message).toMatch(/^the selection holds 3 photos of \d+ bytes, over the 10000-byte limit of one export: narrow it/);
    } finally {
      await small.stop();
    }
  });

  it('lets reviewers and admins export, and no one else', async () => {
    const path = `/api/exports?format=yolo&queue=${queue}`;
    for (const role of ['annotator', 'viewer', 'operator'] as const) {
      const r = await app.api<Err>(role, 'GET', path);
      expect(r.status).toBe(403);
      expect((await app.api(role, 'POST', '/api/exports', { format: 'coco' })).status).toBe(403);
    }
    expect((await app.api(null, 'GET', path)).status).toBe(401);
    const allowed = await app.raw('reviewer', 'GET', path);
    expect(allowed.status).toBe(200);
    await allowed.body?.cancel();
    for (const role of ['annotator', 'reviewer', 'operator'] as const) {
      expect((await app.api(role, 'POST', `/api/imports/labelstudio?queue=${queue}&as=predictions`, [])).status).toBe(403);
    }
  });
});
