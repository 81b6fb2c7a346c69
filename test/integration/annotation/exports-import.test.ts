import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimDTO, ImportResultDTO, Shape, TaskDTO } from '../../../server/protocol-annotation.js';
import { expectShapesClose, submit } from './support/export-checks.js';
import { startExportsApp, type ExportsApp } from './support/exports-app.js';
import { makeQueue, T0 } from './support/fixtures.js';

type Err = { error: string; message: string };
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/annotation', name), 'utf8');

describe('Label Studio import', () => {
  let app: ExportsApp;
  let queue: string;
  let one: { imageId: string; taskId: string };
  let two: { imageId: string; taskId: string };

  const post = async (file: string, query: string) => {
    const res = await app.raw('admin', 'POST', `/api/imports/labelstudio?queue=${queue}&${query}`, file);
    return { status: res.status, body: (await res.json()) as Err & ImportResultDTO };
  };
  /** What an import may change, to see that a refused one changed nothing. */
  const snapshot = async () => ({
    tasks: await app.store.db.selectFrom('annotation_tasks').select(['id', 'state', 'suggestions', 'updated_at']).where('queue_id', '=', queue).orderBy('id').execute(),
    annotations: await app.store.db.selectFrom('task_annotations').select('id').where('queue_id', '=', queue).execute(),
    findings: await app.store.db.selectFrom('findings').select('id').where('queue_id', '=', queue).execute(),
  });

  beforeAll(async () => {
    app = await startExportsApp();
  });
  beforeEach(async () => {
    queue = await makeQueue(app.store.db);
    one = await app.photo(queue, { width: 640, height: 480, fileName: 'fixture-0001.jpg', capturedAt: T0 });
    two = await app.photo(queue, { width: 400, height: 300, fileName: 'fixture-0002.jpg', capturedAt: T0 + 1000 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const at = (path: string) => `$[0].annotations[0].result${path}`;
  it.each([
    ['not-json.json', 400, /^body: not valid JSON \(.+\)$/],
    ['not-an-array.json', 400, '$: must be an array of Label Studio tasks (a JSON export)'],
    ['no-tasks.json', 400, '$: the file has no tasks'],
    ['no-image.json', 400, "$[0].data: give image (the photo's path or file name) or image_id"],
    ['annotations-not-array.json', 400, '$[0].annotations: Invalid input: expected array, received object'],
    ['unknown-image.json', 400, '$[0].data.image: no photo named "0badf00d-nope.jpg" has a task in queue {queue}'],
    ['unknown-result-type.json', 400, `${at('[0].type')}: must be rectanglelabels, polygonlabels, choices or number`],
    ['out-of-range.json', 400, `${at('[0].value.x')}: must be a percentage from 0 to 100`],
    ['zero-width.json', 400, `${at('[0].value.width')}: must be a percentage above 0, at most 100`],
    ['unknown-label.json', 400, `${at('[0].value.rectanglelabels[0]')}: "cat" is not a label of this queue (fire, smoke)`],
    ['two-labels.json', 400, `${at('[0].value.rectanglelabels')}: give exactly one label per region`],
    ['polygon-two-points.json', 400, `${at('[0].value.points')}: a polygon needs at least 3 points`],
    ['polygon-no-area.json', 400, `${at('[0].value')}: has no area inside the image`],
    ['bad-choice.json', 400, `${at('[1].value.choices[0]')}: "extreme" is not one of low, medium, high, critical`],
    ['unknown-attribute.json', 400, `${at('[1].from_name')}: "colour" is not an attribute of this queue (severity, confidence)`],
    ['attribute-without-region.json', 400, `${at('[1].id')}: names no region of this annotation: only per-region attributes can be imported`],
    ['number-out-of-range.json', 400, `${at('[1].value.number')}: must be a number from 0 to 1`],
    ['attribute-wrong-kind.json', 400, `${at('[1].type')}: attribute "severity" takes choices, not a number`],
    ['duplicate-region-id.json', 400, `${at('[1].id')}: region id "a1" appears twice`],
    ['duplicate-photo.json', 400, '$[1]: names the same photo ({one}) as $[0]'],
    ['second-task-bad.json', 400, '$[1].annotations[0].result[0].value.rectanglelabels[0]: "cat" is not a label of this queue (fire, smoke)'],
  ])('refuses %s with its problem and changes nothing', async (name, status, expected) => {
    const before = await snapshot();
    const r = await post(fixture(name), 'as=annotations');
    expect(r.status).toBe(status);
    expect(r.body.error).toBe('invalid');
    if (typeof expected === 'string') expect(r.body.message).toBe(expected.replace('{queue}', queue).replace('{one}', one.imageId));
    else expect(r.body.message).toMatch(expected);
    expect(await snapshot()).toEqual(before);
  });

  it('submits annotations for review, matched by file name through upload prefixes and local-file URLs', async () => {
    const r = await post(fixture('valid-export.json'), 'as=annotations');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ queueId: queue, as: 'annotations', accepted: false, tasks: 2, imported: 2, skipped: 0, shapes: 3, findings: 0 });
    const task = (await app.api<TaskDTO>('reviewer', 'GET', `/api/tasks/${one.taskId}`)).body;
    expect(task.state).toBe('submitted');
    expect(task.annotations).toHaveLength(1);
    expect(task.annotations![0]).toMatchObject({ annotatorId: app.users.admin.id, kind: 'labels', status: 'submitted' });
    const expected: Shape[] = [
      { kind: 'box', x: 64, y: 96, width: 192, height: 192, label: 'fire', attributes: { severity: 'high', confidence: 0.75 } },
      // Turned 90° clockwise about its top-left corner, as Label Studio turns it.
      { kind: 'polygon', points: [[320, 240], [320, 304], [224, 304], [224, 240]], label: 'smoke', attributes: { severity: 'medium', confidence: 1 } },
      { kind: 'polygon', points: [[384, 48], [448, 48], [416, 144]], label: 'smoke', attributes: { severity: 'medium', confidence: 1 } },
    ];
    expectShapesClose(task.annotations![0].shapes, expected, 1e-9);
    const nothing = (await app.api<TaskDTO>('reviewer', 'GET', `/api/tasks/${two.taskId}`)).body;
    expect([nothing.state, nothing.annotations![0].kind]).toEqual(['submitted', 'nothing']);

    // A reviewer takes it from there; the tasks are no longer open to another import.
    expect((await app.api('reviewer', 'POST', `/api/tasks/${one.taskId}/review`, { decision: 'accept' })).status).toBe(200);
    // Rejected imported work cannot go back to the admin who imported it: it returns to the queue.
    expect((await app.api('reviewer', 'POST', `/api/tasks/${two.taskId}/review`, { decision: 'reject', comment: 'there is smoke' })).status).toBe(200);
    const rejected = (await app.api<TaskDTO>('reviewer', 'GET', `/api/tasks/${two.taskId}`)).body;
    expect([rejected.state, rejected.assignee]).toEqual(['queued', null]);
    const again = await post(fixture('valid-export.json'), 'as=annotations');
    expect([again.status, again.body]).toEqual([409, { error: 'task_busy', message: `$[0]: task ${one.taskId} is accepted; imported annotations go only to queued tasks` }]);
  });

  it('accepts annotations at once when asked, making findings', async () => {
    const r = await post(fixture('valid-export.json'), 'as=annotations&accept=true');
    expect(r.body).toMatchObject({ imported: 2, shapes: 3, findings: 3, accepted: true });
    const states = await app.store.db.selectFrom('annotation_tasks').select('state').where('queue_id', '=', queue).execute();
    expect(states.map((s) => s.state)).toEqual(['accepted', 'accepted']);
    const findings = await app.store.db.selectFrom('findings').select(['label', 'accepted_by']).where('task_id', '=', one.taskId).execute();
    expect(findings.map((f) => f.label).sort()).toEqual(['fire', 'smoke', 'smoke']);
    expect(findings.every((f) => f.accepted_by === app.users.admin.id)).toBe(true);
  });

  it('gives predictions to annotators as suggestions, the score as confidence, honeypots left alone', async () => {
    const honeypot = await app.photo(queue, { width: 640, height: 480, fileName: 'honeypot.jpg', capturedAt: T0 + 2000 });
    expect((await app.api('admin', 'POST', `/api/tasks/${honeypot.taskId}/honeypot`, { answer: { nothingFound: true } })).status).toBe(200);
    const file = JSON.parse(fixture('valid-export.json')) as { data: { image: string }; predictions: unknown[] }[];
    file.push({ data: { image: 'honeypot.jpg' }, predictions: file[0].predictions });
    const r = await post(JSON.stringify(file), 'as=predictions');
    expect(r.body).toMatchObject({ tasks: 3, imported: 1, skipped: 2, shapes: 1, findings: 0 });
    const hp = await app.store.db.selectFrom('annotation_tasks').select('suggestions').where('id', '=', honeypot.taskId).executeTakeFirstOrThrow();
    expect(hp.suggestions).toBe('[]');

    const claim = await app.api<ClaimDTO>('annotator', 'POST', `/api/queues/${queue}/claim`);
    expect(claim.body.task.id).toBe(one.taskId);
    expect(claim.body.suggestions).toEqual([{ kind: 'box', x: 80, y: 120, width: 160, height: 120, label: 'fire', attributes: { confidence: 0.66, severity: 'medium' } }]);
    // The annotator starts from them and submits their own labels.
    await app.api('annotator', 'POST', `/api/tasks/${one.taskId}/skip`, { reason: 'later' });
  });

  it('refuses annotations on a task someone is working on, and names ambiguous file names', async () => {
    await submit(app, queue, one.taskId, []);
    const claimed = await app.api<ClaimDTO>('annotator', 'POST', `/api/queues/${queue}/claim`);
    expect(claimed.body.task.id).toBe(two.taskId);
    const before = await snapshot();
    const busy = await post(fixture('valid-export.json'), 'as=annotations');
    expect([busy.status, busy.body.message]).toEqual([409, `$[0]: task ${one.taskId} is submitted; imported annotations go only to queued tasks`]);
    expect(await snapshot()).toEqual(before);

    await app.photo(queue, { width: 64, height: 48, fileName: 'same.jpg' });
    await app.photo(queue, { width: 64, height: 48, fileName: 'same.jpg' });
    const ambiguous = await post(JSON.stringify([{ data: { image: 'same.jpg' }, predictions: [] }]), 'as=predictions');
    expect(ambiguous.body.message).toBe(`$[0].data.image: 2 photos named "same.jpg" have tasks in queue ${queue}; give data.image_id`);
    const byId = await post(JSON.stringify([{ data: { image_id: 'nope' } }]), 'as=predictions');
    expect(byId.body.message).toBe(`$[0].data.image_id: no photo with id "nope" has a task in queue ${queue}`);
  });

  it('refuses bad queries and bodies with the field named', async () => {
    const q = async (query: string, body = '[]') => {
      const res = await app.raw('admin', 'POST', `/api/imports/labelstudio?${query}`, body);
      return { status: res.status, body: (await res.json()) as Err };
    };
    expect((await q('as=predictions')).body.message).toMatch(/^queue: /);
    expect((await q(`queue=${queue}&as=labels`)).body.message).toMatch(/^as: /);
    expect((await q(`queue=${queue}&as=predictions&accept=true`)).body).toEqual({ error: 'invalid', message: 'accept: only with as=annotations' });
    expect(await q('queue=nope&as=predictions')).toEqual({ status: 404, body: { error: 'not_found', message: "no queue with id 'nope'" } });
    expect((await q(`queue=${queue}&as=predictions`, ' ')).body.message).toBe('body: empty; send the Label Studio JSON export as the request body');
    // Any content type: the file as uploaded by a script.
    const res = await app.raw('admin', 'POST', `/api/imports/labelstudio?queue=${queue}&as=predictions`, fixture('valid-export.json'), 'application/octet-stream');
    expect(res.status).toBe(200);
  });
});
