/**
 * Base maps and traffic in the dashboard: an MBTiles file in the server's tiles directory shows in
 * the base-map switcher and the page draws its tiles (a solid-colour tile checked by pixel colour);
 * a simulated drone forwarding ADS-B puts an aircraft icon and a warning ring on the map. Headless
 * Chromium under a strict Content-Security-Policy, signed in as a viewer. Needs `vite build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openCheckedPage, signIn, STRICT_CSP, type CheckedPage } from '../support/browser.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.js';
import { solidPng, writeMbtiles } from '../support/tile-fixtures.js';

const WEB_ROOT = path.resolve('dist/web');
const MAGENTA: [number, number, number] = [255, 0, 255];

/** Share of sample points in the map's open right-hand area that show `rgb` (JPEG: within a tolerance). */
async function shareOfColour(page: Page, rgb: [number, number, number]): Promise<number> {
  const shot = jpeg.decode(await page.locator('#map').screenshot({ type: 'jpeg', quality: 95 }), { useTArray: true });
  let hits = 0;
  let total = 0;
  for (const fx of [0.5, 0.6, 0.7, 0.8]) {
    for (const fy of [0.4, 0.5, 0.6, 0.7, 0.8]) {
      const i = (Math.floor(fy * shot.height) * shot.width + Math.floor(fx * shot.width)) * 4;
      const near = Math.abs(shot.data[i] - rgb[0]) + Math.abs(shot.data[i + 1] - rgb[1]) + Math.abs(shot.data[i + 2] - rgb[2]) < 60;
      hits += near ? 1 : 0;
      total++;
    }
  }
  return hits / total;
}

describe('base maps and traffic on the dashboard', () => {
  let server: TestServer;
  let tilesDir: string;
  let sim: ChildProcess | null = null;
  let browser: Browser;
  let checked: CheckedPage;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error('dist/web is missing: run `vite build` (npm run test:e2e does)');
    tilesDir = await mkdtemp(path.join(tmpdir(), 'fleet-e2e-tiles-'));
    // One world tile: the map overzooms it, so the whole view is magenta at any zoom.
    writeMbtiles(path.join(tilesDir, 'survey.mbtiles'), { name: 'Survey orthophoto', format: 'png', attribution: 'Survey bureau' }, [{ z: 0, x: 0, y: 0, data: solidPng(MAGENTA) }]);
    server = await startTestServer({ webRoot: WEB_ROOT, tilesDir });
    const port = server.server.links.find((l) => l.kind === 'udp')?.localPort?.();
    sim = spawn(process.execPath, ['--import', 'tsx', 'hardware/sim/cli.ts', '--link', `udpout://127.0.0.1:${port}`, '--adsb', '--speedup', '4', '--alt', '1000'], { stdio: 'ignore' });
    browser = await launchBrowser();
    checked = await openCheckedPage(browser, { csp: STRICT_CSP, viewport: { width: 800, height: 600 } });
    page = checked.page;
    await signIn(checked, `http://127.0.0.1:${server.server.port}/`, 'viewer', TEST_PASSWORD);
    await checked.waitFor(() => !!window.__fleet?.mapReady() && Object.keys(window.__fleet.mapVehicles()).length === 1, null);
  });

  afterEach(() => {
    expect(checked.problems).toEqual([]);
  });

  afterAll(async () => {
    await checked?.close();
    await browser?.close();
    if (sim && sim.exitCode === null) {
      const exited = new Promise((r) => sim!.once('exit', r));
      sim.kill('SIGTERM');
      await exited;
    }
    await server?.stop();
    if (tilesDir) await rm(tilesDir, { recursive: true, force: true });
  });

  it('offers the served MBTiles file in the switcher and draws its tiles', async () => {
    const select = page.locator('.basemap-select');
    await expect.poll(() => select.locator('option').allTextContents()).toEqual(['Offline map', 'Survey orthophoto']);
    // A served file is the default: fully offline and more than the plain land colour.
    expect(await select.inputValue()).toBe('served:survey');
    await checked.waitFor(() => {
      const map = window.__fleet!.map;
      return !!map.getSource('basemap-served-survey') && map.isSourceLoaded('basemap-served-survey') && !map.isMoving();
    }, null);
    await expect.poll(() => shareOfColour(page, MAGENTA), { timeout: 15_000 }).toBeGreaterThan(0.6);
    await expect.poll(() => page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Survey bureau');

    await select.selectOption('offline');
    await checked.waitFor(() => !window.__fleet!.map.getSource('basemap-served-survey'), null);
    await expect.poll(() => shareOfColour(page, MAGENTA), { timeout: 15_000 }).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('fleet.basemap'))).toBe('offline');
  });

  it('draws aircraft heard over ADS-B, with a warning ring when one comes near the drone', async () => {
    await checked.waitFor(() => {
      const map = window.__fleet!.map;
      return map.hasImage('traffic-aircraft') && map.queryRenderedFeatures({ layers: ['traffic-icon'] }).length > 0;
    }, null);
    await checked.waitFor(() => {
      const map = window.__fleet!.map;
      return map.queryRenderedFeatures({ layers: ['traffic-alert-ring'] }).length > 0 && map.queryRenderedFeatures({ layers: ['traffic-drone-ring'] }).length > 0;
    }, null);
    const icao = await page.evaluate(() => window.__fleet!.map.queryRenderedFeatures({ layers: ['traffic-alert-ring'] })[0].properties.icao as string);
    expect(icao).toMatch(/^[0-9A-F]{6}$/);
  });
});
