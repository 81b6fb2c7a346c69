import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../server/imagery/content-store.js';
import type { ImageIngest } from '../../../server/imagery/image-ingest.js';
import type { ImageRow } from '../../../server/imagery/images-repo.js';
import { waitFor } from '../../support/wait.js';
import { makeJpeg } from '../../unit/server/imagery/fixtures.js';
import { startCameraServer, type CameraServer } from './camera-server.js';
import { startFakeDrone, type FakeDrone } from './fake-drone.js';
import { startRig, type Rig } from './support.js';

let rig: Rig;
let camera: CameraServer;
let drone: FakeDrone;

async function setup(vehicleName?: string): Promise<void> {
  rig = await startRig(vehicleName);
  camera = await startCameraServer();
  drone = await startFakeDrone(rig.gcsPort, camera.url);
  await waitFor('the drone to join the fleet', () => rig.fleet.size === 1);
}

afterEach(async () => {
  await drone?.stop();
  await camera?.close();
  await rig?.stop();
});

async function rows(ingest: ImageIngest): Promise<ImageRow[]> {
  return (await ingest.repo.list({ limit: 500 })).rows.sort((a, b) => Number(a.image_index) - Number(b.image_index));
}

const allStored = (ingest: ImageIngest, n: number) => async () => {
  const r = await rows(ingest);
  return r.length === n && r.every((x) => x.status === 'stored') ? r : null;
};

describe('live image ingest', () => {
  it('every announced photo ends stored, with thumbnail, footprint and one task, though the camera server fails at first', async () => {
    await setup('Forest survey');
    const ingest = await rig.startIngest();
    camera.failFirst = 2;
    for (let i = 0; i < 5; i++) camera.photos.set(i, makeJpeg(640, 480, i));
    for (let i = 0; i < 5; i++) drone.announce(i);
    const stored = await waitFor('five photos stored', allStored(ingest, 5));

    for (const [i, r] of stored.entries()) {
      expect(r).toMatchObject({ source: 'live', vehicle_name: 'Forest survey', patrol: 'forest', width: 640, height: 480, mime: 'image/jpeg', attempts: 3 });
      expect(r.sha256).toBe(sha256Hex(camera.photos.get(i)!));
      expect(Number(r.lat)).toBeCloseTo(26.6 + i * 0.0001, 7);
      expect(JSON.parse(r.footprint!).type).toBe('Polygon');
      expect(await readFile(ingest.files.originals.pathOf(r.sha256!))).toEqual(camera.photos.get(i));
    }
    expect(await rig.files('images')).toHaveLength(5);
    expect(await rig.files('thumbnails')).toHaveLength(5);
    expect(await rig.tasksFor(stored.map((r) => r.id))).toBe(5);
    // Camera information was asked for once the camera spoke.
    expect(drone.requests.some(([msgid]) => msgid === 259)).toBe(true);
  });

  it('a repeated announcement is one photo, and the same bytes under two indices are kept once', async () => {
    await setup();
    const ingest = await rig.startIngest();
    const same = makeJpeg(320, 240, 9);
    camera.photos.set(0, same);
    camera.photos.set(1, same);
    drone.announce(0);
    drone.announce(0);
    drone.announce(1);
    const stored = await waitFor('two photos stored', allStored(ingest, 2));
    await ingest.idle();
    expect((await rows(ingest)).length).toBe(2);
    expect(stored[0].sha256).toBe(stored[1].sha256);
    expect(await rig.files('images')).toHaveLength(1);
    expect(camera.hits.get('/photos/0.jpg')).toBe(1);
  });

  it('a photo whose file never comes ends failed with the reason, visible, and is fetched again on retry', async () => {
    await setup();
    const ingest = await rig.startIngest();
    camera.photos.set(7, makeJpeg(320, 240, 7));
    camera.missing.add(7);
    drone.announce(7);
    const failed = await waitFor('the photo to fail', async () => (await rows(ingest)).find((r) => r.status === 'failed'));
    expect(failed).toMatchObject({ attempts: 4, image_index: 7, sha256: null });
    expect(failed.last_error).toMatch(/^HTTP 404 from 127\.0\.0\.1:\d+\/photos\/7\.jpg$/);
    expect(camera.hits.get('/photos/7.jpg')).toBe(4);
    expect(await ingest.repo.list({ status: 'failed' })).toMatchObject({ total: 1 });

    camera.missing.delete(7);
    expect(await ingest.retry(failed.id)).toMatchObject({ status: 'announced', attempts: 0 });
    await waitFor('the retried photo stored', allStored(ingest, 1));
    expect(await rig.tasksFor([failed.id])).toBe(1);
  });

  it('an announcement lost on the radio is asked for again by index, and its photo stored', async () => {
    await setup();
    const ingest = await rig.startIngest();
    for (let i = 0; i < 4; i++) camera.photos.set(i, makeJpeg(320, 240, 20 + i));
    drone.announce(0);
    drone.announce(1);
    drone.announce(2, { silent: true });
    await waitFor('photo 1 recorded', async () => (await rows(ingest)).length === 2);
    drone.announce(3);
    const stored = await waitFor('four photos stored', allStored(ingest, 4));
    expect(stored.map((r) => Number(r.image_index))).toEqual([0, 1, 2, 3]);
    // Asked for the missing index only (again if the answer was slow to come).
    const asked = drone.requests.filter(([msgid]) => msgid === 263).map(([, index]) => index);
    expect(new Set(asked)).toEqual(new Set([2]));
  });

  it('fetches left pending when the server stops are resumed by the next start', async () => {
    await setup();
    const first = await rig.startIngest({ maxAttempts: 1000 });
    camera.failFirst = 1_000_000;
    for (let i = 0; i < 3; i++) {
      camera.photos.set(i, makeJpeg(320, 240, 40 + i));
      drone.announce(i);
    }
    await waitFor('three photos recorded and tried', async () => {
      const r = await rows(first);
      return r.length === 3 && r.every((x) => Number(x.attempts) > 0);
    });
    await first.stop();
    expect((await rows(first)).every((r) => r.status === 'announced' || r.status === 'fetching')).toBe(true);

    camera.failFirst = 0;
    const second = await rig.startIngest();
    await waitFor('the pending photos stored after the restart', allStored(second, 3));
  });

  it('CAMERA_FEEDBACK of a drone without a MAVLink camera is recorded as a photo awaiting its upload', async () => {
    await setup('River valley search');
    const ingest = await rig.startIngest();
    drone.feedback(5);
    const row = await waitFor('the capture event recorded', async () => (await rows(ingest))[0]);
    expect(row).toMatchObject({ status: 'announced', url: null, image_index: 5, patrol: 'rescue', yaw: 90, pitch: -90 });
    expect(JSON.parse(row.footprint!).type).toBe('Polygon');
    await ingest.idle();
    expect((await rows(ingest))[0].attempts).toBe(0);
  });
});
