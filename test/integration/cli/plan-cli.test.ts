import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQgcPlan } from '../../../missions/formats/qgc-plan.js';
import { parseWaypoints } from '../../../missions/formats/waypoints.js';

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'plan-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plan(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/plan/plan-cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run plan', () => {
  it('makes a valid expanding-square search, writes it as .plan, and check reads it back the same', async () => {
    const out = join(dir, 'search.plan');
    const r = await plan(['search', '--pattern', 'expanding-square', '--datum', '26.59,106.655', '--spacing', '40', '--legs', '12', '--altitude', '60', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/distance\s+\d+\.\d\d km/);
    expect(r.stdout).toContain('no findings: the plan is valid');
    const written = parseQgcPlan(readFileSync(out, 'utf8'));
    expect(written.ok).toBe(true);
    const checked = await plan(['check', out]);
    expect(checked.code).toBe(0);
    expect(checked.stdout.split('\n').filter((l) => /^\s+\d+ {2}cmd/.test(l))).toHaveLength(written.ok ? written.value.mission.length : -1);
  });

  it('writes .waypoints by extension', async () => {
    const out = join(dir, 'orbit.waypoints');
    const r = await plan(['orbit', '--center', '26.6,106.64', '--radius', '25', '--photos', '8', '--out', out]);
    expect(r.code).toBe(0);
    const items = parseWaypoints(readFileSync(out, 'utf8'));
    expect(items.ok && items.value.length).toBeGreaterThan(8);
  });

  it('routes a search round a no-fly zone given with --exclude, and validates against it', async () => {
    const args = ['search', '--pattern', 'expanding-square', '--datum', '26.59,106.655', '--spacing', '40', '--legs', '12', '--altitude', '60'];
    const r = await plan([...args, '--exclude', 'test/fixtures/geojson/no-fly-zone.geojson']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no findings: the plan is valid');
    const inside = await plan([...args.slice(0, 4), '26.5908,106.6557', ...args.slice(5), '--exclude', 'test/fixtures/geojson/no-fly-zone.geojson']);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/inside exclusion zone 1/);
  });

  it('exits 1 with the findings when the plan breaks the site altitude limit', async () => {
    const r = await plan(['orbit', '--center', '26.6,106.64', '--altitude', '150']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('over the site limit of 120 m');
  });

  it.each([
    [['survey', '--area', 'no/such/file.geojson'], /^plan: cannot read no\/such\/file\.geojson: ENOENT/],
    [['check', 'test/fixtures/plans/truncated.plan'], /^plan: test\/fixtures\/plans\/truncated\.plan: \(root\): not JSON/],
    [['orbit', '--center', 'north'], /^plan: --center must be LAT,LON in degrees, got 'north'/],
    [['survey', '--area', 'test/fixtures/areas/forest-compartment.geojson', '--side-overlap', '1.2'], /^plan: --side-overlap must be a fraction/],
    [['fly'], /^plan: unknown command 'fly'/],
  ])('exits 2 with the reason for %j', async (args, message) => {
    const r = await plan(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
