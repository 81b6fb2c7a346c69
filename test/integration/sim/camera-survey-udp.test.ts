import jpeg from 'jpeg-js';
import { common, minimal, type MavLinkData } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import type { InboundMessage } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';
import { startSimCameras } from '../../../hardware/sim/camera/sim-cameras.js';
import { simCamera } from '../../../hardware/sim/camera/sim-camera-model.js';
import { startSimDrone } from '../../../hardware/sim/sim-drone.js';
import { buildWorld } from '../../../hardware/sim/world/build-world.js';
import { attitudeFromQuaternion, groundToPixel, imageFootprint, type CameraPose } from '../../../missions/camera-projection.js';
import { LocalFrame } from '../../../missions/geo/local-frame.js';
import { pointInRing } from '../../../missions/geo/point-in-polygon.js';
import { surveyPlan } from '../../../missions/patterns/survey.js';
import { planToItems } from '../../../missions/plan-to-items.js';
import { waitFor } from '../../support/wait.js';

const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };
const C = common.MavCmd;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A ground station on a real UDP socket: records what it hears, replies to the drone's address. */
async function groundStation(): Promise<{ port: number; heard: InboundMessage[]; send(d: MavLinkData): void; on(fn: (m: InboundMessage) => void): void }> {
  const link = createLink('udp://127.0.0.1:0');
  await link.start();
  cleanup.push(() => link.stop());
  const heard: InboundMessage[] = [];
  const listeners: ((m: InboundMessage) => void)[] = [];
  const reader = new MavlinkReader(link.id);
  const writer = new MavlinkWriter(255, 190);
  let peer = '';
  link.subscribe((e) => {
    if (e.kind !== 'data') return;
    peer = e.peer;
    reader.push(e.bytes, e.peer, (m) => {
      heard.push(m);
      for (const fn of listeners) fn(m);
    });
  });
  return { port: (link as Link & { localPort(): number }).localPort(), heard, send: (d) => link.send(writer.encode(d), peer), on: (fn) => listeners.push(fn) };
}

function command(cmd: number, ...p: number[]): common.CommandLong {
  const c = new common.CommandLong();
  Object.assign(c, { targetSystem: 1, targetComponent: 1, command: cmd, confirmation: 0 });
  [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] = [0, 1, 2, 3, 4, 5, 6].map((i) => p[i] ?? 0);
  return c;
}

/** The pose a ground station reads from CAMERA_IMAGE_CAPTURED. */
function announcedPose(m: common.CameraImageCaptured): CameraPose {
  return { lat: m.lat / 1e7, lon: m.lon / 1e7, altitudeAgl: m.relativeAlt / 1000, ...attitudeFromQuaternion(m.q) };
}

describe('simulated camera over real UDP', () => {
  it('photographs a survey: increasing indices, every file a JPEG, truth matching the objects under each footprint', async () => {
    const camera = simCamera();
    // A 100 × 60 m compartment round home with fires in it, and a survey of it at 40 m.
    const frame = new LocalFrame(HOME);
    const corner = (x: number, y: number): [number, number] => {
      const p = frame.toLatLon(x, y);
      return [p.lon, p.lat];
    };
    const forest = { type: 'Polygon' as const, coordinates: [[corner(-50, -30), corner(50, -30), corner(50, 30), corner(-50, 30), corner(-50, -30)]] };
    const world = buildWorld({ seed: 11, forest, center: HOME, objectsPerKind: { fire: 2, smoke: 1, 'dead-tree': 2 } });
    const plan = surveyPlan({ area: forest, home: HOME, camera, altitude: 40, sideOverlap: 0.3, frontOverlap: 0.4, speed: 8 });

    const gcs = await groundStation();
    const sim = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${gcs.port}`), sysid: 1, home: HOME, gpsAcquisitionMs: 0, speedup: 40 });
    cleanup.push(() => sim.stop());
    const cams = await startSimCameras([sim], { world, camera });
    cleanup.push(() => cams.stop());
    await waitFor('a heartbeat', () => gcs.heard.some((m) => m.msgid === 0));

    const items = planToItems(plan).map((it) => Object.assign(new common.MissionItemInt(), {
      ...it, current: it.current ? 1 : 0, autocontinue: it.autocontinue ? 1 : 0, targetSystem: 1, targetComponent: 1, missionType: 0,
    }));
    gcs.on((m) => {
      if (m.msgid === 51) gcs.send(items[(m.data as common.MissionRequestInt).seq]);
    });
    gcs.send(Object.assign(new common.MissionCount(), { targetSystem: 1, targetComponent: 1, count: items.length, missionType: 0, opaqueId: 0 }));
    await waitFor('MISSION_ACK', () => gcs.heard.find((m) => m.msgid === 47));
    gcs.send(command(C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, 4));
    gcs.send(command(C.COMPONENT_ARM_DISARM, 1));
    await waitFor('armed', () => sim.state().armed);
    gcs.send(command(C.MISSION_START));
    await waitFor('the survey flown and landed', () => sim.state().mission.run !== 'idle' && !sim.state().armed, 25_000);

    const caps = gcs.heard.filter((m) => m.msgid === 263).map((m) => m.data as common.CameraImageCaptured);
    expect(caps.length).toBeGreaterThanOrEqual(5);
    expect(caps.length).toBe(sim.state().photos);
    expect(caps.map((c) => c.imageIndex)).toEqual(caps.map((_, i) => i));

    let fires = 0;
    for (const c of caps) {
      expect(c.fileUrl).toBe(`${cams.server.url}/photos/${c.imageIndex}.jpg`);
      const res = await fetch(c.fileUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      const img = jpeg.decode(Buffer.from(await res.arrayBuffer()), { useTArray: true });
      expect([img.width, img.height]).toEqual([1024, 768]);

      const truth = (await (await fetch(`${cams.server.url}/truth/${c.imageIndex}.json`)).json()) as { objects: { id: string; kind: string; pixel: { x: number; y: number } }[] };
      const pose = announcedPose(c);
      const local = new LocalFrame(pose);
      const ring = imageFootprint(camera, pose)!.map((p) => local.toLocal(p));
      const under = world.objects.filter((o) => pointInRing(local.toLocal(o), ring));
      expect(truth.objects.map((o) => o.id).sort(), `photo ${c.imageIndex}`).toEqual(under.map((o) => o.id).sort());
      for (const t of truth.objects) {
        const o = world.objects.find((w) => w.id === t.id)!;
        const px = groundToPixel(camera, pose, o)!;
        expect(Math.hypot(px.x - t.pixel.x, px.y - t.pixel.y)).toBeLessThan(1.5);
        if (t.kind === 'fire') {
          fires++;
          const i = (Math.floor(px.y) * img.width + Math.floor(px.x)) * 4;
          expect(img.data[i], `${t.id} is bright red-orange in photo ${c.imageIndex}`).toBeGreaterThan(190);
          expect(img.data[i] - img.data[i + 2]).toBeGreaterThan(80);
        }
      }
    }
    expect(fires).toBeGreaterThan(0);
    expect((await fetch(`${cams.server.url}/photos/${caps.length}.jpg`)).status).toBe(404);
  });
});
