/**
 * The dashboard against the real server with three simulated drones, in headless Chromium
 * under a strict Content-Security-Policy, signed in as a viewer. Needs `vite build` first
 * (`npm run test:e2e` does it).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/database.js';
import { launchBrowser, openCheckedPage, signIn, STRICT_CSP, type CheckedPage } from '../support/browser.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.js';

const WEB_ROOT = path.resolve('dist/web');
const SCREENSHOT = path.resolve('test-artifacts/dashboard.png');

describe('fleet dashboard', () => {
  let server: TestServer;
  // Kept across the restart below, so the browser's session survives it.
  let storeDir: string;
  let store: Store;
  let browser: Browser;
  let checked: CheckedPage;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error('dist/web is missing: run `vite build` (npm run test:e2e does)');
    storeDir = await mkdtemp(path.join(tmpdir(), 'fleet-e2e-'));
    store = await openStore({ file: path.join(storeDir, 'fleet.sqlite') });
    server = await startTestServer({ store, sims: 3, webRoot: WEB_ROOT });
    browser = await launchBrowser();
    checked = await openCheckedPage(browser, { csp: STRICT_CSP, viewport: { width: 800, height: 600 } });
    page = checked.page;
    await signIn(checked, `http://127.0.0.1:${server.server.port}/`, 'viewer', TEST_PASSWORD);
  });

  afterEach(() => {
    expect(checked.problems).toEqual([]);
  });

  afterAll(async () => {
    await checked?.close();
    await browser?.close();
    await server?.stop();
    await store?.close();
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
  });

  it('lists the three simulated drones and draws them on the map', async () => {
    await checked.waitFor(() => window.__fleet?.listedCount() === 3 && document.querySelectorAll('.row:not([hidden])').length === 3, null);
    await checked.waitFor(() => {
      const fleet = window.__fleet;
      return !!fleet && fleet.mapReady() && Object.keys(fleet.mapVehicles()).length === 3;
    }, null);
    // Icons are really placed on screen, not just held in the source.
    await checked.waitFor(() => {
      const map = window.__fleet!.map;
      return map.hasImage('vehicle-arrow') && map.queryRenderedFeatures({ layers: ['vehicles-icon'] }).length > 0;
    }, null);
    await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('connected');
    const names = await page.locator('.row:not([hidden]) .name-text').allTextContents();
    expect(names).toHaveLength(3);
    expect(names.every((name) => name.length > 0)).toBe(true);
  });

  it('moves the drones on the map as telemetry arrives', async () => {
    // Drones may fly out of view; any one drawn is enough to see movement.
    const before = await page.evaluate(() => window.__fleet!.mapVehicles());
    expect(Object.keys(before).length).toBeGreaterThan(0);
    await checked.waitFor((initial: Record<string, [number, number]>) => {
      const now = window.__fleet!.mapVehicles();
      return Object.entries(now).some(([id, [lon, lat]]) => initial[id] !== undefined && (lon !== initial[id][0] || lat !== initial[id][1]));
    }, before);
  });

  it('selecting a vehicle in the list shows its details and labels it on the map', async () => {
    const row = page.locator('.row:not([hidden])').first();
    const name = await row.locator('.name-text').textContent();
    await row.click();
    await checked.waitFor(() => window.__fleet!.selectedId() !== null, null);
    await expect.poll(() => page.locator('#details .details-name').textContent()).toBe(name);
    await expect.poll(() => page.locator('.vehicle-label').textContent()).toBe(name);
    expect(await row.getAttribute('aria-selected')).toBe('true');
    // The selected vehicle is marked in the map source too.
    await checked.waitFor(() => {
      const map = window.__fleet!.map;
      return map.querySourceFeatures('vehicles').some((f) => f.properties.selected === true && f.properties.id === window.__fleet!.selectedId());
    }, null);
    // Frame the whole fleet for the record, with the selection still shown.
    await page.locator('.fit-fleet').click();
    await checked.waitFor(() => {
      const fleet = window.__fleet!;
      return !fleet.map.isMoving() && Object.keys(fleet.mapVehicles()).length === 3;
    }, null);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('switches to Simplified Chinese and remembers the choice across a reload', async () => {
    await page.locator('#lang-toggle').click();
    await expect.poll(() => page.locator('#connection').textContent()).toBe('已连接');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.reload();
    await checked.waitFor(() => window.__fleet?.listedCount() === 3, null);
    await expect.poll(() => page.locator('#connection').textContent()).toBe('已连接');
    expect(await page.locator('.list-header .col-label').first().textContent()).toBe('名称');
  });

  it('survives a server restart: shows reconnecting then offline, reconnects and replaces the fleet with a fresh snapshot', async () => {
    const port = server.server.port;
    // While the server is down the browser itself logs each refused reconnection attempt.
    const stopExpecting = checked.expectConsoleErrors(/WebSocket connection to '\S*\/socket\.io\/\S*' failed|ERR_CONNECTION_REFUSED.*\/socket\.io\//);
    await server.stop();
    await checked.waitFor(() => document.getElementById('connection')!.dataset.state === 'reconnecting', null);
    // Retries go on; after a few refused attempts the badge says the server is offline.
    await checked.waitFor(() => document.getElementById('connection')!.dataset.state === 'offline', null);
    expect(await page.evaluate(() => window.__fleet!.listedCount())).toBe(3);
    // The restarted server has one drone fewer: only a replacing snapshot makes the third disappear.
    server = await startTestServer({ store, port, sims: 2, webRoot: WEB_ROOT });
    await checked.waitFor(() => document.getElementById('connection')!.dataset.state === 'connected', null);
    stopExpecting();
    await checked.waitFor(() => {
      const fleet = window.__fleet!;
      return fleet.vehicleCount() === 2 && fleet.listedCount() === 2 && document.querySelectorAll('.row:not([hidden])').length === 2;
    }, null);
    await checked.waitFor(() => Object.keys(window.__fleet!.mapVehicles()).length === 2, null);
  });
});
