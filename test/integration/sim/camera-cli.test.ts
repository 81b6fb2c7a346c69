import { spawn } from 'node:child_process';
import jpeg from 'jpeg-js';
import { common, type MavLinkData } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import type { InboundMessage } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';
import { waitFor } from '../../support/wait.js';

const CLI = ['--import', 'tsx', 'hardware/sim/cli.ts'];
const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of stops.splice(0).reverse()) await f();
});

/** Runs the sim CLI; resolves with its exit code and output once it ends. */
function sim(args: string[]): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; stdout: () => string; kill: (s: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  stops.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { done, stdout: () => stdout, kill: (s) => child.kill(s) };
}

describe('sim CLI camera', () => {
  it('serves photos a ground station asks for: announced over UDP, fetched over HTTP with their truth', async () => {
    const gcs: Link = createLink('udp://127.0.0.1:0');
    await gcs.start();
    stops.push(() => gcs.stop());
    const heard: InboundMessage[] = [];
    const reader = new MavlinkReader(gcs.id);
    let peer = '';
    gcs.subscribe((e) => {
      if (e.kind !== 'data') return;
      peer = e.peer;
      reader.push(e.bytes, e.peer, (m) => heard.push(m));
    });
    const writer = new MavlinkWriter(255, 190);
    const send = (d: MavLinkData): void => gcs.send(writer.encode(d), peer);
    const port = (gcs as Link & { localPort(): number }).localPort();

    const run = sim(['--link', `udpout://127.0.0.1:${port}`, '--patrol', '--speedup', '4', '--camera']);
    const base = (await waitFor('the photo URL', () => /photos at (http:\/\/127\.0\.0\.1:\d+)\/photos\/<index>\.jpg/.exec(run.stdout())))[1];
    await waitFor('a heartbeat', () => heard.some((m) => m.msgid === 0));

    const c = new common.CommandLong();
    Object.assign(c, { targetSystem: 1, targetComponent: 1, command: common.MavCmd.IMAGE_START_CAPTURE, confirmation: 0 });
    [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] = [0, 1, 2, 0, 0, 0, 0];
    send(c);
    const caps = await waitFor('two photos', () => {
      const got = heard.filter((m) => m.msgid === 263).map((m) => m.data as common.CameraImageCaptured);
      return got.length >= 2 ? got : null;
    });
    expect(caps.map((x) => [x.imageIndex, x.fileUrl])).toEqual([[0, `${base}/photos/0.jpg`], [1, `${base}/photos/1.jpg`]]);
    for (const cap of caps) {
      const img = jpeg.decode(Buffer.from(await (await fetch(cap.fileUrl)).arrayBuffer()), { useTArray: true });
      expect([img.width, img.height]).toEqual([1024, 768]);
      const truth = (await (await fetch(`${base}/truth/${cap.imageIndex}.json`)).json()) as { pose: { lat: number; lon: number; altitudeAgl: number } };
      expect(truth.pose.lat).toBeCloseTo(cap.lat / 1e7, 6);
      expect(truth.pose.lon).toBeCloseTo(cap.lon / 1e7, 6);
      expect(truth.pose.altitudeAgl).toBeCloseTo(cap.relativeAlt / 1000, 2);
    }
    expect((await fetch(`${base}/photos/2.jpg`)).status).toBe(404);
    run.kill('SIGINT');
    expect((await run.done).code).toBe(0);
  });

  it('exits 2 naming the problem for bad camera options', async () => {
    const rate = await sim(['--camera', '--photo-fail-rate', '2']).done;
    const stray = await sim(['--camera-port', '9000']).done;
    expect([rate.code, stray.code]).toEqual([2, 2]);
    expect(rate.stderr.trim()).toBe("sim: --photo-fail-rate must be a share from 0 to 1, got '2'");
    expect(stray.stderr.trim()).toBe('sim: --camera-port needs --camera');
  });
});
