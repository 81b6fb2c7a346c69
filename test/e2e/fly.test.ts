/**
 * Flying and watching end to end in headless Chromium under a strict CSP: an operator completes
 * the pre-flight checklist (arming is refused until then), arms and takes off a simulated drone
 * through the command bar with confirmations, watches the HUD climb, starts, pauses and continues
 * its mission, sends it somewhere picked on the map, pauses it as a fleet action and brings it
 * home; the planned path, charts and follow mode show; link loss raises an alert with a map
 * badge. A viewer sees the vehicle but no command bar.
 *
 * The server runs without demo drones (they are flown by the demo itself) and with the checklist
 * required, as in production; the only vehicle is this test's own simulated drone, accelerated 4×,
 * so every wait is on something this test causes.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLink } from '../../hardware/link/create-link.js';
import { startSimDrone, type SimHandle } from '../../hardware/sim/sim-drone.js';
import type { MissionItem } from '../../missions/mission-item.js';
import type { VehicleDTO } from '../../server/protocol.js';
import { launchBrowser, openCheckedPage, signIn, STRICT_CSP, type CheckedPage } from '../support/browser.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const WEB_ROOT = path.resolve('dist/web');
const ARTIFACTS = path.resolve('test-artifacts');
const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };

function item(seq: number, command: number, lat: number, lon: number, alt: number, frame = 3, param1 = 0): MissionItem {
  return { seq, frame, command, current: false, autocontinue: true, param1, param2: 0, param3: 0, param4: 0, x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: alt };
}

/** Home, take-off, three waypoints half a kilometre apart, return: long enough to pause on the way. */
const MISSION: MissionItem[] = [
  item(0, 16, HOME.lat, HOME.lon, 0, 0),
  item(1, 22, 0, 0, 20),
  item(2, 16, HOME.lat + 0.005, HOME.lon, 20),
  item(3, 16, HOME.lat + 0.005, HOME.lon + 0.005, 20),
  item(4, 16, HOME.lat, HOME.lon + 0.005, 20),
  item(5, 20, 0, 0, 0, 2),
];

/** An inclusion fence around home (MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, four vertices). */
const FENCE: MissionItem[] = [
  [-0.01, -0.01],
  [-0.01, 0.01],
  [0.01, 0.01],
  [0.01, -0.01],
].map(([dLat, dLon], seq) => item(seq, 5001, HOME.lat + dLat, HOME.lon + dLon, 0, 0, 4));

describe('fly and watch', () => {
  let ts: TestServer;
  let url: string;
  let sim: SimHandle;
  let vehicleId: string;
  let browser: Browser;
  let op: CheckedPage;
  let page: Page;
  const pages: CheckedPage[] = [];

  const open = async (username: string): Promise<CheckedPage> => {
    const checked = await openCheckedPage(browser, { csp: STRICT_CSP, viewport: { width: 1280, height: 800 } });
    pages.push(checked);
    await signIn(checked, url, username, TEST_PASSWORD);
    return checked;
  };
  const vehicle = async (): Promise<VehicleDTO> => (await ts.api<VehicleDTO>('operator', 'GET', `/api/vehicles/${vehicleId}`)).body;
  /** Sends an action through the command bar (confirming it when asked) and waits for the vehicle's acceptance. */
  const command = async (button: string, confirm: boolean): Promise<void> => {
    await expect.poll(() => page.locator(button).isEnabled()).toBe(true);
    await page.locator(button).click();
    if (confirm) {
      await expect.poll(() => page.locator('#cmd-confirmation').isVisible()).toBe(true);
      await page.locator('#cmd-confirm').click();
    }
    await op.waitFor(() => document.getElementById('cmd-result')?.dataset.outcome !== 'pending', null);
    expect(await page.locator('#cmd-result').textContent()).toMatch(/accepted$/);
    expect(await page.locator('#cmd-result').getAttribute('data-outcome')).toBe('ok');
  };
  const hud = async (tile: string): Promise<number> => Number(await page.locator(`#hud-${tile}`).getAttribute('data-value'));

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error('dist/web is missing: run `vite build` (npm run test:e2e does it)');
    ts = await startTestServer({ sims: 0, webRoot: WEB_ROOT, requireChecklist: true });
    url = `http://127.0.0.1:${ts.server.port}/`;
    const udpPort = ts.server.links[0].localPort!();
    sim = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${udpPort}`), sysid: 1, home: HOME, gpsAcquisitionMs: 0, speedup: 4, seed: 17 });
    vehicleId = (await waitFor('the drone to report', async () => (await ts.api<VehicleDTO[]>('operator', 'GET', '/api/vehicles')).body.find((v) => v.position && v.gps.fixType >= 3)))
      .id;
    expect((await ts.api('operator', 'PUT', `/api/vehicles/${vehicleId}/mission`, { items: MISSION })).status).toBe(200);
    expect((await ts.api('operator', 'PUT', `/api/vehicles/${vehicleId}/fence`, { items: FENCE })).status).toBe(200);
    browser = await launchBrowser();
    await mkdir(ARTIFACTS, { recursive: true });
    op = await open('operator');
    page = op.page;
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

  it('shows the selected vehicle: HUD, the mission it holds as the planned path, and its checklist', async () => {
    await page.locator(`.row[data-id="${vehicleId}"] .name-text`).click();
    await expect.poll(() => page.locator('#flight-panel').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#hud-armed .hud-value').textContent()).toBe('safe');
    await expect.poll(() => page.locator('#planned-path-status').getAttribute('data-state')).toBe('ready');
    expect(await page.locator('#planned-path-status').textContent()).toMatch(/^Planned path: 6 items, \d+\.\d\d km$/);
    await op.waitFor(() => window.__fleet!.map.querySourceFeatures('planned-path').some((f) => f.geometry.type === 'LineString'), null);
    await expect.poll(() => page.locator('#checklist-status').getAttribute('data-state')).toBe('open');
    expect(await page.locator('[data-testid="checklist-item-battery"]').getAttribute('data-state')).toBe('pass');
    expect(await page.locator('[data-testid="checklist-item-weather"]').getAttribute('data-state')).toBe('fail');
  });

  it('refuses to arm until the checklist is complete, in the bar and on the server', async () => {
    expect(await page.locator('#cmd-arm').isDisabled()).toBe(true);
    expect(await page.locator('#cmd-arm').getAttribute('title')).toBe('Complete the pre-flight checklist before arming');
    const refused = await ts.api<{ error: string; message: string }>('operator', 'POST', `/api/vehicles/${vehicleId}/commands`, { type: 'arm' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('checklist_incomplete');
    expect(refused.body.message).toMatch(/weather: not done; airspace: not done; airframe: not done$/);

    // Ticking the weather without a note is refused on the page; with one it is stored.
    await page.locator('#checklist-tick-weather').click();
    await expect.poll(() => page.locator('#checklist-error').textContent()).toBe('Write what was noted first.');
    expect(await page.locator('#checklist-tick-weather').isChecked()).toBe(false);
    await page.locator('#checklist-note-weather').fill('wind 3 m/s NE, visibility 10 km');
    await page.locator('#checklist-tick-weather').check();
    await expect.poll(() => page.locator('[data-testid="checklist-item-weather"]').getAttribute('data-state')).toBe('pass');
    await page.locator('#checklist-tick-airspace').check();
    await expect.poll(() => page.locator('[data-testid="checklist-item-airspace"]').getAttribute('data-state')).toBe('pass');
    await page.locator('#checklist-tick-airframe').check();
    await page.locator('#checklist-check-fence').click();
    await expect.poll(() => page.locator('[data-testid="checklist-item-geofence"]').getAttribute('data-state')).toBe('pass');
    await expect.poll(() => page.locator('#checklist-status').textContent()).toBe('Ready to arm');
    await expect.poll(() => page.locator('#cmd-arm').isEnabled()).toBe(true);
  });

  it('arms and takes off through two-step confirmations, and the HUD altitude rises', async () => {
    // A confirmation that is cancelled sends nothing.
    await page.locator('#cmd-arm').click();
    expect(await page.locator('#cmd-confirmation .confirm-text').textContent()).toBe('Arm?');
    await page.locator('#cmd-cancel').click();
    expect(await page.locator('#cmd-confirmation').isVisible()).toBe(false);
    expect((await vehicle()).armed).toBe(false);

    await command('#cmd-arm', true);
    await expect.poll(() => page.locator('#hud-armed .hud-value').textContent()).toBe('ARMED');
    await page.locator('#takeoff-altitude').fill('20');
    await page.locator('#cmd-takeoff').click();
    expect(await page.locator('#cmd-confirmation .confirm-text').textContent()).toBe('Take off to 20 m?');
    await page.locator('#cmd-confirm').click();
    await op.waitFor(() => document.getElementById('cmd-result')?.dataset.outcome === 'ok', null);
    await op.waitFor(() => Number(document.getElementById('hud-alt')!.dataset.value) > 2, null);
    const first = await hud('alt');
    await op.waitFor((before: number) => Number(document.getElementById('hud-alt')!.dataset.value) > before + 3, first);
    expect(await page.locator('#hud-mode .hud-value').textContent()).toBe('GUIDED');
  });

  it('starts, pauses and continues the mission, showing progress; the charts draw the flight', async () => {
    await op.waitFor(() => Number(document.getElementById('hud-alt')!.dataset.value) > 15, null);
    await command('#cmd-mission-start', false);
    await expect.poll(() => page.locator('#hud-mode .hud-value').textContent()).toBe('AUTO');
    await expect.poll(() => page.locator('#mission-progress-text').textContent(), { timeout: 30_000 }).toMatch(/^Item [1-4] of 5 · \d+% · .* · active$/);
    await command('#cmd-pause', false);
    await command('#cmd-continue', false);
    await expect.poll(() => page.locator('#mission-progress-text').textContent(), { timeout: 30_000 }).toMatch(/\d+% · .* to go/);
    await op.waitFor(() => !document.querySelector<HTMLElement>('.charts .chart-empty')!.checkVisibility(), null);
    expect(await page.locator('#chart-alt canvas').count()).toBe(1);
  });

  it('follows the vehicle on the map and flies to a point picked on it', async () => {
    await page.locator('#follow-toggle').click();
    expect(await page.locator('#follow-toggle').getAttribute('aria-pressed')).toBe('true');
    await op.waitFor(
      (id: string) => {
        const fleet = window.__fleet!;
        const position = fleet.mapVehicles()[id];
        if (!position) return false;
        const p = fleet.map.project(position);
        const box = fleet.map.getContainer().getBoundingClientRect();
        // Centred in the part of the map left of the vehicle panel.
        return Math.abs(p.y - box.height / 2) < 40 && p.x > 370 && p.x < box.width - 360;
      },
      vehicleId,
    );
    await page.locator('#cmd-goto').click();
    expect(await page.locator('#goto-pick').isVisible()).toBe(true);
    await page.locator('#goto-altitude').fill('25');
    await page.locator('#map').click({ position: { x: 600, y: 250 } });
    expect(await page.locator('#cmd-confirmation .confirm-text').textContent()).toMatch(/^Go to 26\.\d{6}, 106\.\d{6} at 25 m\?$/);
    await page.locator('#cmd-confirm').click();
    await op.waitFor(() => document.getElementById('cmd-result')?.dataset.outcome === 'ok', null);
    await expect.poll(() => page.locator('#hud-mode .hud-value').textContent()).toBe('GUIDED');
    // Dragging the map ends following.
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.move(box.x + 600, box.y + 400);
    await page.mouse.down();
    await page.mouse.move(box.x + 650, box.y + 450, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('#follow-toggle').getAttribute('aria-pressed')).toBe('false');
  });

  it('pauses the picked vehicles as a fleet action with each one’s answer, then brings the drone home', async () => {
    await page.locator(`[data-testid="pick-${vehicleId}"]`).check();
    await expect.poll(() => page.locator('#fleet-actions').isVisible()).toBe(true);
    expect(await page.locator('#fleet-picked').textContent()).toBe('1 selected');
    await page.locator('#fleet-pause').click();
    expect(await page.locator('#fleet-confirmation .confirm-text').textContent()).toBe('Pause all: 1 vehicles?');
    await page.locator('#fleet-confirm').click();
    await op.waitFor(() => document.getElementById('fleet-result')?.dataset.outcome === 'ok', null);
    expect(await page.locator('#fleet-result').textContent()).toBe('Pause all: 1 accepted, 0 failed, 0 waiting');
    expect(await page.locator(`#fleet-results [data-id="${vehicleId}"]`).getAttribute('data-outcome')).toBe('ok');
    await page.locator('#fleet-pick-clear').click();
    await expect.poll(() => page.locator('#fleet-actions').isVisible()).toBe(false);

    await command('#cmd-rtl', true);
    await expect.poll(() => page.locator('#hud-mode .hud-value').textContent()).toBe('RTL');
    await page.screenshot({ path: path.join(ARTIFACTS, 'fly.png') });
  });

  it('shows the vehicle to a viewer without the command bar or fleet actions', async () => {
    const viewer = await open('viewer');
    const v = viewer.page;
    await v.locator(`.row[data-id="${vehicleId}"] .name-text`).click();
    await expect.poll(() => v.locator('#flight-panel').isVisible()).toBe(true);
    await expect.poll(() => v.locator('#hud-mode .hud-value').textContent()).toBe('RTL');
    expect(await v.locator('#command-bar').isVisible()).toBe(false);
    expect(await v.locator('#command-bar button:visible').count()).toBe(0);
    expect(await v.locator(`[data-testid="pick-${vehicleId}"]`).isVisible()).toBe(false);
    expect(await v.locator('#fleet-actions').isVisible()).toBe(false);
    expect(await v.locator('#checklist-check-fence').isVisible()).toBe(false);
    await viewer.close();
    pages.splice(pages.indexOf(viewer), 1);
  });

  it('raises a link-lost alert with a badge on the map when the drone falls silent', async () => {
    await sim.stop();
    await op.waitFor(() => Number(document.getElementById('alerts-count')?.textContent) >= 1, null);
    await op.waitFor(() => window.__fleet!.map.querySourceFeatures('alert-badges').some((f) => f.properties.level === 'critical'), null);
    await page.locator('#alerts-toggle').click();
    await expect.poll(() => page.locator('#alerts-panel [data-testid="alert-link"] .alert-text').textContent()).toBe('Link lost');
    expect(await page.locator('#alerts-panel [data-testid="alert-link"]').getAttribute('data-level')).toBe('critical');
    await page.locator('#alerts-ack-all').click();
    await expect.poll(() => page.locator('#alerts-count').textContent()).toBe('');
    await op.waitFor(() => window.__fleet!.map.querySourceFeatures('alert-badges').length === 0, null);
  });
});
