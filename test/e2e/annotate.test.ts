/**
 * From photo to finding in headless Chromium under a strict CSP: an annotator claims a photo,
 * draws a box with the mouse, labels it, sets its severity, undoes and redoes, draws and deletes a
 * polygon, zooms, reshapes the box by a grip and submits with Enter, which brings the next photo,
 * marked "nothing found" with N; a reviewer (second browser context) sees the box and accepts it
 * with A, then rejects the other with a comment; an operator, who had the map open all along, sees
 * the finding appear on it, opens its photo crop and makes a re-inspection plan in one click.
 *
 * The photos are JPEGs made in the test with EXIF GPS at the map's centre, uploaded through the
 * imagery API as a forest patrol's, which puts one task per photo in the forest queue.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FindingCollection, TaskDTO } from '../../server/protocol-annotation.js';
import type { UploadJobDTO } from '../../server/protocol-imagery.js';
import type { PlanSummaryDTO } from '../../server/protocol-plans.js';
import { launchBrowser, openCheckedPage, signIn, STRICT_CSP, type CheckedPage } from '../support/browser.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';
import { makeJpeg, withExif } from '../unit/server/imagery/fixtures.js';

const WEB_ROOT = path.resolve('dist/web');
const ARTIFACTS = path.resolve('test-artifacts');
const SPOT = { lat: 26.6, lon: 106.64 };
const PHOTO = { width: 800, height: 600 };
/** The box drawn, in pixels of the editor's viewport: 150 × 100 on screen, then widened by its grip to 180 × 100. */
const DRAG = { from: [200, 150], to: [350, 250] } as const;
const WIDEN = 30;

/** The editor's zoom (its `--zoom`), read in the page. */
const zoomIn = (): number => Number(document.querySelector<HTMLElement>('#aw-stage .ed-stage')!.style.getPropertyValue('--zoom'));

describe('annotation workstation, review and findings', () => {
  let ts: TestServer;
  let url: string;
  let browser: Browser;
  /** The tasks of the first photo (a fire) and the second (nothing there). */
  let fireTask: string;
  let emptyTask: string;
  const pages: CheckedPage[] = [];

  const open = async (username: string): Promise<CheckedPage> => {
    const checked = await openCheckedPage(browser, { csp: STRICT_CSP, viewport: { width: 1000, height: 700 } });
    pages.push(checked);
    await signIn(checked, url, username, TEST_PASSWORD);
    return checked;
  };
  const task = async (id: string): Promise<TaskDTO> => (await ts.api<TaskDTO>('admin', 'GET', `/api/tasks/${id}`)).body;
  const upload = async (seed: number, time: string): Promise<string> => {
    const jpeg = withExif(makeJpeg(PHOTO.width, PHOTO.height, seed), { lat: SPOT.lat, lon: SPOT.lon, altMsl: 1130, dateTimeOriginal: time, offsetTimeOriginal: '+08:00' });
    const res = await fetch(`${url}api/images/upload?patrol=forest&name=DJI_000${seed}.JPG&wait=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ts.tokens.operator}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(jpeg),
    });
    const job = (await res.json()) as UploadJobDTO;
    expect(job.files.map((f) => f.outcome)).toEqual(['stored']);
    const imageId = job.files[0].imageId!;
    return (await waitFor(`photo ${seed} to become a task`, async () => {
      const r = await ts.api<{ rows: TaskDTO[] }>('admin', 'GET', '/api/tasks?queue=forest&state=queued');
      return r.body.rows.find((t) => t.imageId === imageId);
    })).id;
  };

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error('dist/web is missing: run `vite build` (npm run test:e2e does it)');
    ts = await startTestServer({ sims: 0, webRoot: WEB_ROOT });
    url = `http://127.0.0.1:${ts.server.port}/`;
    // Served oldest capture first.
    fireTask = await upload(1, '2026:05:01 10:00:00');
    emptyTask = await upload(2, '2026:05:01 10:00:05');
    browser = await launchBrowser();
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterEach(() => {
    for (const p of pages) expect(p.problems).toEqual([]);
  });

  afterAll(async () => {
    for (const p of pages) await p.close();
    await browser?.close();
    await ts?.stop();
  });

  it('an annotator draws, labels, undoes, redoes, reshapes and submits with Enter, then marks the next photo nothing found with N', async () => {
    const a = await open('annotator');
    const { page } = a;
    await page.locator('#view-annotate').click();
    await a.waitFor(() => {
      const claim = document.querySelector<HTMLButtonElement>('#aw-claim-forest');
      return claim !== null && !claim.disabled && claim.offsetParent !== null;
    }, null);
    expect(await page.locator('[data-queue="forest"] [data-count="queued"]').textContent()).toBe('2');
    await page.locator('#aw-claim-forest').click();
    const photoShown = (): boolean => {
      const img = document.querySelector<HTMLImageElement>('#aw-stage .ed-image');
      return img !== null && img.complete && img.naturalWidth > 0 && !document.querySelector('#aw-stage .ed-viewport[data-loading]');
    };
    await a.waitFor(photoShown, null);
    await a.waitFor(() => /\d+:\d\d/.test(document.getElementById('aw-lease')!.textContent ?? ''), null);
    expect(await page.locator('#aw-lease').textContent()).toMatch(/^Lease (9|10):\d\d$/);
    expect((await task(fireTask)).state).toBe('in_progress');

    // Label 1 is Fire; drag a box on the photo.
    await page.keyboard.press('1');
    const stage = (await page.locator('#aw-stage').boundingBox())!;
    const at = (x: number, y: number): [number, number] => [stage.x + x, stage.y + y];
    await page.mouse.move(...at(DRAG.from[0], DRAG.from[1]));
    await page.mouse.down();
    await page.mouse.move(...at(DRAG.to[0], DRAG.to[1]), { steps: 10 });
    await page.mouse.up();
    await a.waitFor(() => document.querySelectorAll('#aw-stage .shape').length === 1, null);
    // Shift+3: severity "high" on the selected box.
    await page.keyboard.press('Shift+Digit3');
    await a.waitFor(() => document.querySelector('.aw-shapes li')?.textContent?.includes('high') === true, null);

    // Undo the severity and the box; redo both.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await a.waitFor(() => document.querySelectorAll('#aw-stage .shape').length === 0, null);
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+Shift+z');
    await a.waitFor(() => document.querySelector('.aw-shapes li')?.textContent?.includes('high') === true, null);
    expect(await page.locator('#aw-stage .shape').count()).toBe(1);

    // A polygon: P, three corners, a click on the first closes it; Delete removes it again.
    await page.keyboard.press('p');
    const corners = [[480, 150], [580, 160], [530, 260]] as const;
    for (const [x, y] of [...corners, corners[0]]) await page.mouse.click(...at(x, y));
    await a.waitFor(() => document.querySelectorAll('#aw-stage .shape polygon').length === 1, null);
    await page.screenshot({ path: path.join(ARTIFACTS, 'annotate-workstation.png') });
    await page.keyboard.press('Delete');
    await a.waitFor(() => document.querySelectorAll('#aw-stage .shape').length === 1, null);

    // The wheel zooms round the cursor; F fits the photo again.
    const fitted = await page.evaluate(zoomIn);
    await page.mouse.move(...at(300, 200));
    await page.mouse.wheel(0, -400);
    await a.waitFor((z) => Number(document.querySelector<HTMLElement>('#aw-stage .ed-stage')!.style.getPropertyValue('--zoom')) > z * 1.5, fitted);
    await page.keyboard.press('f');
    await a.waitFor((z) => Number(document.querySelector<HTMLElement>('#aw-stage .ed-stage')!.style.getPropertyValue('--zoom')) === z, fitted);

    // Select the box (V, click) and widen it by its lower right grip.
    await page.keyboard.press('v');
    await page.mouse.click(...at(270, 200));
    await a.waitFor(() => document.querySelectorAll('#aw-stage .shape[data-selected] .grip').length === 8, null);
    await page.mouse.move(...at(DRAG.to[0], DRAG.to[1]));
    await page.mouse.down();
    await page.mouse.move(...at(DRAG.to[0] + WIDEN, DRAG.to[1]), { steps: 5 });
    await page.mouse.up();

    // Enter submits and brings the next photo at once.
    await page.keyboard.press('Enter');
    await a.waitFor((id) => document.querySelector<HTMLImageElement>('#aw-stage .ed-image')!.src.includes(id), (await task(emptyTask)).imageId);
    await a.waitFor(photoShown, null);
    const submitted = await task(fireTask);
    expect(submitted.state).toBe('submitted');
    const [annotation] = submitted.annotations!;
    expect(annotation.kind).toBe('labels');
    expect(annotation.shapes).toHaveLength(1);
    const box = annotation.shapes[0];
    if (box.kind !== 'box') throw new Error(`expected a box, got ${box.kind}`);
    expect(box).toMatchObject({ label: 'fire', attributes: { severity: 'high', confidence: 1 } });
    // 180 × 100 screen pixels at the viewer's fit scale: the shape keeps those proportions, inside the photo.
    expect(box.width / box.height).toBeCloseTo((DRAG.to[0] + WIDEN - DRAG.from[0]) / (DRAG.to[1] - DRAG.from[1]), 1);
    expect(box.x + box.width).toBeLessThanOrEqual(PHOTO.width);
    expect(box.y + box.height).toBeLessThanOrEqual(PHOTO.height);

    // N: nothing found; the queue is then empty, and the queues say so.
    await page.keyboard.press('n');
    await a.waitFor(() => (document.querySelector('.aw-queues .aw-note')?.textContent ?? '').includes('No more photos'), null);
    const empty = await task(emptyTask);
    expect(empty.state).toBe('submitted');
    expect(empty.annotations!.map((x) => x.kind)).toEqual(['nothing']);
  });

  it('a reviewer accepts the box with A and rejects the other with a comment; an operator with the map open sees the finding appear and re-inspects it', async () => {
    const op = await open('operator');
    await op.waitFor(() => window.__fleet!.mapReady() && !!window.__fleet!.map.getSource('findings'), null);
    await op.page.evaluate(([lon, lat]) => window.__fleet!.map.jumpTo({ center: [lon, lat], zoom: 17 }), [SPOT.lon, SPOT.lat]);

    const r = await open('reviewer');
    await r.page.locator('#view-review').click();
    await r.waitFor(() => document.querySelectorAll('#rv-list li').length === 2 && document.querySelectorAll('#rv-stage .shape').length === 1, null);
    expect(await r.page.locator('.rv-shapes li').textContent()).toBe('Fire · Severity high · Confidence 1');
    await r.page.screenshot({ path: path.join(ARTIFACTS, 'annotate-review.png') });
    await r.page.keyboard.press('a');
    await r.waitFor(() => document.getElementById('rv-status')!.textContent === 'Accepted.', null);
    expect((await task(fireTask)).state).toBe('accepted');

    // The next task opens by itself: "nothing found". R without a comment asks for one.
    await r.waitFor(() => document.querySelector('.rv-shapes li')?.textContent === 'Nothing found', null);
    await r.page.keyboard.press('r');
    await r.waitFor(() => document.activeElement?.id === 'rv-comment', null);
    expect((await task(emptyTask)).state).toBe('submitted');
    await r.page.keyboard.type('Smoke at the upper left');
    await r.page.keyboard.press('Enter');
    await r.waitFor(() => document.getElementById('rv-status')!.textContent === 'Sent back to the annotator.' && document.querySelectorAll('#rv-list li').length === 0, null);
    expect(await task(emptyTask)).toMatchObject({ state: 'rejected', reviewComment: 'Smoke at the upper left' });

    const findings = (await ts.api<FindingCollection>('operator', 'GET', '/api/findings')).body.features;
    expect(findings).toHaveLength(1);
    // No reload: the accept's queues:changed brings the finding to the operator's map.
    await op.waitFor(() => window.__fleet!.map.querySourceFeatures('findings').length > 0, null);
    const point = await op.page.evaluate(([lon, lat]) => window.__fleet!.map.project([lon, lat]), findings[0].geometry!.coordinates);
    const mapBox = (await op.page.locator('#map').boundingBox())!;
    await op.page.mouse.click(mapBox.x + point.x, mapBox.y + point.y);
    await op.waitFor(() => {
      const img = document.querySelector<HTMLImageElement>('.finding-popup .finding-crop-image');
      return img !== null && img.complete && img.naturalWidth > 0;
    }, null);
    expect(await op.page.locator('.finding-popup .finding-title').textContent()).toBe('Fire');
    await op.page.locator('.finding-popup .finding-reinspect').click();
    await op.waitFor(() => !!document.querySelector<HTMLElement>('.finding-popup .finding-status')?.dataset.plan, null);
    const planId = await op.page.locator('.finding-popup .finding-status').getAttribute('data-plan');
    const plans = (await ts.api<PlanSummaryDTO[]>('operator', 'GET', '/api/plans')).body;
    expect(plans.map((p) => p.id)).toContain(planId);
    await op.page.screenshot({ path: path.join(ARTIFACTS, 'annotate-finding.png') });
  });

  it('offers the Annotate view to annotators and Review to reviewers only', async () => {
    const v = await open('viewer');
    expect(await v.page.locator('#view-annotate').isVisible()).toBe(false);
    expect(await v.page.locator('#view-review').isVisible()).toBe(false);
    const annotator = pages[0].page;
    expect(await annotator.locator('#view-annotate').isVisible()).toBe(true);
    expect(await annotator.locator('#view-review').isVisible()).toBe(false);
  });
});
