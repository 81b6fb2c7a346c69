/**
 * The planner end to end in headless Chromium under a strict CSP: operators sign in, draw a survey
 * on the map, save it (a second operator sees it appear), export it, upload it to a simulated drone
 * with progress and a read-back check, start it and watch it fly the path; a viewer can neither
 * upload nor command; an ended session asks to sign in again.
 *
 * The server runs without demo drones: the demo flies its own drones by itself, which would race
 * this test's upload and start. The only vehicle is the test's own simulated drone, accelerated 4×,
 * so every wait is on something only this test causes.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLink } from '../../hardware/link/create-link.js';
import { startSimDrone, type SimHandle } from '../../hardware/sim/sim-drone.js';
import { readPlanFile } from '../../missions/formats/read-plan-file.js';
import type { MissionItem } from '../../missions/mission-item.js';
import { hashPassword } from '../../server/auth/passwords.js';
import type { LoginDTO, SessionDTO } from '../../server/protocol-auth.js';
import type { PlanDTO, PlanSummaryDTO } from '../../server/protocol-plans.js';
import type { VehicleDTO } from '../../server/protocol.js';
import { launchBrowser, openCheckedPage, signIn, STRICT_CSP, type CheckedPage } from '../support/browser.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const WEB_ROOT = path.resolve('dist/web');
const ARTIFACTS = path.resolve('test-artifacts');
const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };
const PLAN_NAME = 'Compartment 7 survey';
/** Survey corners in pixels of the map container: clear of the panel on the left. */
const CORNERS: [number, number][] = [
  [470, 170],
  [600, 170],
  [600, 280],
  [470, 280],
];
const MAV_CMD_NAV_WAYPOINT = 16;

/** Metres between two positions (flat approximation; fine over a few hundred metres). */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dy = (a.lat - b.lat) * 111_320;
  const dx = (a.lon - b.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

describe('planner', () => {
  let ts: TestServer;
  let url: string;
  let sim: SimHandle;
  let vehicleId: string;
  let browser: Browser;
  let a: CheckedPage;
  /** The second operator's page, and the viewer's. */
  let b: CheckedPage;
  let c: CheckedPage;
  const pages: CheckedPage[] = [];
  let planId: string;

  const open = async (username: string): Promise<CheckedPage> => {
    const checked = await openCheckedPage(browser, { csp: STRICT_CSP, viewport: { width: 800, height: 600 } });
    pages.push(checked);
    await signIn(checked, url, username, TEST_PASSWORD);
    return checked;
  };
  const estimate = (p: CheckedPage, name: string) => p.page.locator(`#plan-estimates [data-estimate="${name}"]`).textContent();

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error('dist/web is missing: run `vite build` (npm run test:e2e does it)');
    ts = await startTestServer({ sims: 0, webRoot: WEB_ROOT });
    url = `http://127.0.0.1:${ts.server.port}/`;
    await ts.repos.users.create({ username: 'operator2', passwordHash: await hashPassword(TEST_PASSWORD), roles: ['operator'] }, Date.now());
    const udpPort = ts.server.links[0].localPort!();
    sim = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${udpPort}`), sysid: 1, home: HOME, gpsAcquisitionMs: 0, speedup: 4, seed: 11 });
    vehicleId = (await waitFor('the drone to report', async () => (await ts.api<VehicleDTO[]>('operator', 'GET', '/api/vehicles')).body.find((v) => v.position)))
      .id;
    browser = await launchBrowser();
    await mkdir(ARTIFACTS, { recursive: true });
    a = await open('operator');
  });

  afterEach(() => {
    for (const p of pages) expect(p.problems).toEqual([]);
  });

  afterAll(async () => {
    for (const p of pages) await p.close();
    await browser?.close();
    await sim?.stop();
    await ts?.stop();
  });

  it('an operator draws a survey area by clicking on the map and sees path, photos, estimates and checks update while dragging', async () => {
    const { page } = a;
    await page.locator('#view-plan').click();
    await a.waitFor(() => document.body.dataset.view === 'plan' && window.__fleet!.mapReady() && Object.keys(window.__fleet!.mapVehicles()).length === 1, null);
    await page.evaluate(([lon, lat]) => window.__fleet!.map.jumpTo({ center: [lon, lat], zoom: 16 }), [HOME.lon, HOME.lat]);
    await page.locator('#plan-field-altitude').fill('40');
    await page.locator('#plan-draw').click();
    const box = (await page.locator('#map').boundingBox())!;
    for (const [x, y] of [...CORNERS, CORNERS[0]]) await page.mouse.click(box.x + x, box.y + y);

    await a.waitFor(() => document.querySelector('#plan-estimates [data-estimate="photos"]') !== null, null);
    expect(Number(await estimate(a, 'photos'))).toBeGreaterThan(10);
    expect(Number(await estimate(a, 'batteries'))).toBe(1);
    expect(await page.locator('#plan-findings .finding.error').count()).toBe(0);
    // Path, photo points and footprints are on the map, with a handle on each corner.
    await a.waitFor(() => {
      const kinds = new Set(window.__fleet!.map.querySourceFeatures('plan-path').map((f) => f.properties.kind));
      const vertices = new Set(window.__fleet!.map.querySourceFeatures('plan-shape').filter((f) => f.properties.role === 'vertex').map((f) => f.properties.index));
      return ['path', 'photo', 'footprint', 'home'].every((k) => kinds.has(k)) && vertices.size === 4;
    }, null);

    // Dragging a corner outwards enlarges the survey: the estimates follow.
    const before = { distance: await estimate(a, 'distance'), photos: Number(await estimate(a, 'photos')) };
    const [cx, cy] = CORNERS[2];
    await page.mouse.move(box.x + cx, box.y + cy);
    await page.mouse.down();
    await page.mouse.move(box.x + cx + 60, box.y + cy + 30, { steps: 8 });
    await page.mouse.up();
    await a.waitFor((n) => Number(document.querySelector('#plan-estimates [data-estimate="photos"]')!.textContent) > n, before.photos);
    expect(await estimate(a, 'distance')).not.toBe(before.distance);
    expect(await page.locator('#plan-title').getAttribute('data-dirty')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-survey.png') });
  });

  it('saves the plan, and another operator sees it appear and opens the same plan', async () => {
    b = await open('operator2');
    await b.page.locator('#view-plan').click();
    await b.waitFor(() => document.querySelector('#plan-saved-list .saved-empty') !== null, null);

    await a.page.locator('#plan-name').fill(PLAN_NAME);
    await a.page.locator('#plan-save').click();
    await a.waitFor(() => document.getElementById('plan-save-status')!.dataset.state === 'ok', null);
    const list = (await ts.api<PlanSummaryDTO[]>('operator', 'GET', '/api/plans')).body;
    expect(list.map((p) => p.name)).toEqual([PLAN_NAME]);
    planId = list[0].id;

    // No reload: the server's plans:changed brings it.
    await b.waitFor((name) => [...document.querySelectorAll('#plan-saved-list .saved-name')].some((e) => e.textContent === name), PLAN_NAME);
    await b.page.locator('#plan-saved-list .saved-open').first().click();
    await b.waitFor((name) => document.getElementById('plan-title')!.textContent === name, PLAN_NAME);
    await expect.poll(() => estimate(b, 'photos')).toBe(await estimate(a, 'photos'));
    expect(await estimate(b, 'items')).toBe(await estimate(a, 'items'));
  });

  it('exports the plan as a .plan file that reads back to the same number of items', async () => {
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.locator('[data-export="plan"]').click()]);
    expect(download.suggestedFilename()).toBe('Compartment-7-survey.plan');
    const read = readPlanFile(download.suggestedFilename(), await readFile((await download.path())!, 'utf8'));
    expect(read.ok && read.value.kind === 'mission' && read.value.items.length).toBe(Number(await estimate(a, 'items')));
  });

  it('uploads the plan to the drone with a progress bar, then reads back what the drone holds and finds it matches', async () => {
    const { page } = a;
    await page.locator('#plan-vehicle').selectOption(vehicleId);
    await page.evaluate(() => {
      const bar = document.getElementById('plan-upload-progress') as HTMLProgressElement;
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      new MutationObserver(() => seen.push(bar.value / bar.max)).observe(bar, { attributes: true, attributeFilter: ['value', 'max'] });
    });
    await page.locator('#plan-upload').click();
    await a.waitFor(() => document.getElementById('plan-compare')!.dataset.match === 'true', null, 60_000);
    const items = Number(await estimate(a, 'items'));
    expect(await page.locator('#plan-compare').getAttribute('data-count')).toBe(String(items));
    expect(await page.locator('#plan-upload-status').getAttribute('data-state')).toBe('done');
    const progress = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    expect(progress.some((f) => f > 0 && f < 1)).toBe(true);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it('starts the mission: progress advances and the drone flies through the planned waypoints, seen by both operators', async () => {
    const plan = (await ts.api<PlanDTO>('operator', 'GET', `/api/plans/${planId}`)).body;
    const waypoints = plan.items.filter((it: MissionItem) => it.seq > 0 && it.command === MAV_CMD_NAV_WAYPOINT).slice(0, 2);
    for (const action of [{ type: 'arm' }, { type: 'takeoff', altitude: 40 }, { type: 'mission_start' }]) {
      const answer = await ts.api('operator', 'POST', `/api/vehicles/${vehicleId}/commands`, action);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
    // Closest the drone (as the dashboard shows it) came to each of the first two lane waypoints.
    const closest = waypoints.map(() => Infinity);
    const last = waypoints[waypoints.length - 1];
    await waitFor('the drone to pass the second waypoint', async () => {
      const v = await a.page.evaluate((id) => window.__fleet!.vehicle(id), vehicleId);
      if (!v?.position) return false;
      waypoints.forEach((w, i) => (closest[i] = Math.min(closest[i], metres(v.position!, { lat: w.x / 1e7, lon: w.y / 1e7 }))));
      return (v.mission.current ?? 0) > last.seq;
    }, 90_000, 100);
    for (const d of closest) expect(d).toBeLessThan(10);
    // The other operator's page shows the same progress.
    await b.waitFor(([id, seq]) => (window.__fleet!.vehicle(id as string)?.mission.current ?? 0) > (seq as number), [vehicleId, last.seq]);
    await a.page.screenshot({ path: path.join(ARTIFACTS, 'plan-flight.png') });
  });

  it('an ended session brings the sign-in screen back with a notice; signing in again reconnects the live feed', async () => {
    const login = await fetch(`${url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator2', password: TEST_PASSWORD }) });
    const { token } = (await login.json()) as LoginDTO;
    const bearer = { authorization: `Bearer ${token}` };
    const sessions = (await (await fetch(`${url}api/auth/sessions`, { headers: bearer })).json()) as SessionDTO[];
    const browserSession = sessions.find((s) => !s.current)!;
    // While signed out the page's own calls are refused; the browser logs each refusal.
    const stopExpecting = b.expectConsoleErrors(/status of 401 \(Unauthorized\)/);
    expect((await fetch(`${url}api/auth/sessions/${browserSession.id}`, { method: 'DELETE', headers: bearer })).status).toBe(204);

    await b.waitFor(() => document.body.dataset.auth === 'expired' && !document.getElementById('login-notice')!.hidden, null);
    expect(await b.page.locator('#login-notice').textContent()).toBe('Your session has ended. Sign in again to go on.');
    await b.page.locator('#login-password').fill(TEST_PASSWORD);
    await b.page.locator('#login-submit').click();
    await b.waitFor(() => document.body.dataset.auth === 'signed-in' && document.getElementById('connection')!.dataset.state === 'connected', null);
    stopExpecting();
    // The live feed flows again: the flying drone moves on the map.
    const at = await b.page.evaluate((id) => window.__fleet!.vehicle(id)!.position, vehicleId);
    await b.waitFor(([id, lat, lon]) => {
      const p = window.__fleet!.vehicle(id as string)?.position;
      return !!p && (p.lat !== lat || p.lon !== lon);
    }, [vehicleId, at!.lat, at!.lon]);
    // Done with this page: one map fewer to draw keeps the rest quick.
    expect(b.problems).toEqual([]);
    pages.splice(pages.indexOf(b), 1);
    await b.close();
  });

  it('a viewer sees no save, upload or command buttons, and a vehicle:command crafted on the viewer page is refused', async () => {
    c = await open('viewer');
    await c.page.locator('#view-plan').click();
    await c.waitFor((name) => [...document.querySelectorAll('#plan-saved-list .saved-name')].some((e) => e.textContent === name), PLAN_NAME);
    await c.page.locator('#plan-saved-list .saved-open').first().click();
    await c.waitFor(() => document.querySelector('#plan-estimates [data-estimate="photos"]') !== null, null);
    for (const selector of ['#plan-save', '#plan-upload', '#plan-vehicle', '.saved-delete']) expect(await c.page.locator(selector).first().isVisible(), selector).toBe(false);
    for (const permission of ['vehicle:command', 'mission:write', 'plans:write']) {
      expect(await c.page.locator(`[data-permission="${permission}"]:visible`).count(), permission).toBe(0);
    }
    // The operator does see them: the check above hides something real.
    expect(await a.page.locator('#plan-upload').isVisible()).toBe(true);

    const commandLog = async () => (await ts.api<{ commands: unknown[] }>('operator', 'GET', `/api/vehicles/${vehicleId}/commands`)).body.commands;
    const commandsBefore = (await commandLog()).length;
    // Socket.IO spoken by hand over the page's own cookie: connect, then an acknowledged event.
    const reply = await c.page.evaluate(
      (id) =>
        new Promise<unknown>((resolve, reject) => {
          const ws = new WebSocket(`ws://${location.host}/socket.io/?EIO=4&transport=websocket`);
          ws.onmessage = (m) => {
            const data = String(m.data);
            if (data === '2') ws.send('3');
            else if (data.startsWith('0')) ws.send('40');
            else if (data.startsWith('40')) ws.send(`421${JSON.stringify(['vehicle:command', id, { type: 'disarm', force: true }])}`);
            else if (data.startsWith('431')) {
              ws.close();
              resolve(JSON.parse(data.slice(3))[0]);
            } else if (data.startsWith('44')) reject(new Error(`refused to connect: ${data}`));
          };
          ws.onerror = () => reject(new Error('websocket error'));
        }),
      vehicleId,
    );
    expect(reply).toEqual({ ok: false, error: 'forbidden: requires vehicle:command' });
    expect(await commandLog()).toHaveLength(commandsBefore);
    expect((await ts.api<VehicleDTO>('operator', 'GET', `/api/vehicles/${vehicleId}`)).body.armed).toBe(true);
  });

  it('signing out shows the sign-in screen, which switches to Chinese', async () => {
    await c.page.locator('#user-button').click();
    expect(await c.page.locator('#user-roles').textContent()).toBe('viewer');
    await c.page.locator('#sign-out').click();
    await c.waitFor(() => document.body.dataset.auth === 'signed-out' && !document.getElementById('login-notice')!.hidden, null);
    expect(await c.page.locator('#login-notice').textContent()).toBe('You have signed out.');
    await c.page.locator('#login-lang').click();
    await expect.poll(() => c.page.locator('#login-title').textContent()).toBe('登录机队');
    expect(await c.page.locator('#login-notice').textContent()).toBe('您已退出登录。');
  });
});
