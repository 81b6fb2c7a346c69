import { common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { attitudeFromQuaternion } from '../../../../../missions/camera-projection.js';
import { attachSimCamera, type SimCamera } from '../../../../../hardware/sim/camera/sim-camera.js';
import { buildWorld } from '../../../../../hardware/sim/world/build-world.js';
import { HOME, simWithGcs, type GroundStation } from '../ground-station.js';

const C = common.MavCmd;
const R = common.MavResult;
const CAPTURED = 263;
const world = buildWorld({ seed: 3, center: HOME, objectsPerKind: 1 });
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

/** A drone flying a 100 m circle at 40 m, with a camera, and a ground station. */
async function rig(): Promise<{ gcs: GroundStation; cam: SimCamera; sim: Awaited<ReturnType<typeof simWithGcs>>['sim']; now: () => number }> {
  const { sim, gcs, clock } = await simWithGcs({ patrol: { center: HOME, radius: 100, altitude: 40 } });
  stops.push(() => sim.stop());
  const cam = attachSimCamera(sim.drone, { world, baseUrl: 'http://127.0.0.1:9/d7/' });
  return { gcs, cam, sim, now: () => clock.now() };
}

const captured = (gcs: GroundStation, since = -Infinity) => gcs.of<common.CameraImageCaptured>(CAPTURED, since).map((m) => m.data);

describe('simulated camera over MAVLink', () => {
  it('announces each photo with CAMERA_IMAGE_CAPTURED: index from 0, where and how it was taken, its URL', async () => {
    const { gcs, cam, sim, now } = await rig();
    await gcs.run(3000);
    await gcs.command(7, C.DO_DIGICAM_CONTROL, 0, 0, 0, 0, 1);
    const s = sim.state();
    await gcs.run(1000);
    await gcs.command(7, C.DO_DIGICAM_CONTROL, 0, 0, 0, 0, 1);
    const caps = captured(gcs);
    expect(caps.map((c) => c.imageIndex)).toEqual([0, 1]);
    const c = caps[0];
    expect(c.fileUrl).toBe('http://127.0.0.1:9/d7/photos/0.jpg');
    expect([c.cameraId, c.captureResult]).toEqual([1, 1]);
    expect(c.lat).toBe(Math.round(s.lat * 1e7));
    expect(c.lon).toBe(Math.round(s.lon * 1e7));
    expect(c.relativeAlt).toBe(Math.round(s.altRel * 1000));
    expect(c.alt).toBe(Math.round(s.altMsl * 1000));
    expect(Number(c.timeUtc)).toBe((now() - 1000) * 1000);
    const att = attitudeFromQuaternion(c.q);
    expect(att.pitchDeg).toBeCloseTo(-90, 3);
    expect(att.yawDeg).toBeCloseTo(s.heading, 1);
    // The photo's record and truth carry the same pose.
    expect(cam.truth(0)!.pose).toMatchObject({ lat: s.lat, lon: s.lon, altitudeAgl: s.altRel, yawDeg: expect.closeTo(s.heading, 9), pitchDeg: -90 });
    // ArduPilot's CAMERA_FEEDBACK still goes out for each photo.
    expect(gcs.of(180)).toHaveLength(2);
  });

  it('takes IMAGE_START_CAPTURE photos the interval apart in simulated time, acknowledging first, then stops', async () => {
    const { gcs } = await rig();
    await gcs.run(500);
    await gcs.command(7, C.IMAGE_START_CAPTURE, 0, 2, 3, 0);
    const ackAt = gcs.heard.findIndex((h) => h.msg.msgid === 77 && (h.msg.data as common.CommandAck).command === C.IMAGE_START_CAPTURE);
    expect(gcs.lastAck(C.IMAGE_START_CAPTURE)!.result).toBe(R.ACCEPTED);
    await gcs.run(8000);
    const caps = captured(gcs);
    expect(caps.map((c) => c.imageIndex)).toEqual([0, 1, 2]);
    expect(gcs.heard.findIndex((h) => h.msg.msgid === CAPTURED)).toBeGreaterThan(ackAt);
    expect(caps[1].timeBootMs - caps[0].timeBootMs).toBe(2000);
    expect(caps[2].timeBootMs - caps[1].timeBootMs).toBe(2000);
    await gcs.command(7, C.REQUEST_MESSAGE, 262);
    const status = gcs.of<common.CameraCaptureStatus>(262).at(-1)!.data;
    expect([status.imageCount, status.imageStatus]).toEqual([3, 0]);
  });

  it('captures until IMAGE_STOP_CAPTURE when no count is given', async () => {
    const { gcs } = await rig();
    await gcs.command(7, C.IMAGE_START_CAPTURE, 0, 1, 0, 0);
    await gcs.run(3500);
    await gcs.command(7, C.REQUEST_MESSAGE, 262);
    const status = gcs.of<common.CameraCaptureStatus>(262).at(-1)!.data;
    expect([status.imageStatus, status.imageInterval, status.imageCount]).toEqual([3, 1, 4]);
    await gcs.command(7, C.IMAGE_STOP_CAPTURE, 0);
    expect(gcs.lastAck(C.IMAGE_STOP_CAPTURE)!.result).toBe(R.ACCEPTED);
    await gcs.run(3000);
    expect(captured(gcs)).toHaveLength(4);
  });

  it('takes one photo for a single capture sent twice with the same sequence number', async () => {
    const { gcs } = await rig();
    await gcs.command(7, C.IMAGE_START_CAPTURE, 0, 0, 1, 5);
    await gcs.run(200);
    await gcs.command(7, C.IMAGE_START_CAPTURE, 0, 0, 1, 5);
    await gcs.run(200);
    expect(gcs.of<common.CommandAck>(77).filter((a) => a.data.command === C.IMAGE_START_CAPTURE).map((a) => a.data.result)).toEqual([R.ACCEPTED, R.ACCEPTED]);
    expect(captured(gcs)).toHaveLength(1);
    await gcs.command(7, C.IMAGE_START_CAPTURE, 0, 0, 1, 6);
    await gcs.run(200);
    expect(captured(gcs)).toHaveLength(2);
  });

  it('refuses captures for another camera, repeated ones without an interval, and negative intervals', async () => {
    const { gcs } = await rig();
    for (const params of [[3, 1, 0, 0], [0, 0, 5, 0], [0, -1, 2, 0], [0, 1, 1.5, 0]]) {
      await gcs.command(7, C.IMAGE_START_CAPTURE, ...params);
      expect(gcs.lastAck(C.IMAGE_START_CAPTURE)!.result, params.join()).toBe(R.DENIED);
    }
    await gcs.run(1000);
    expect(captured(gcs)).toHaveLength(0);
  });

  it('answers REQUEST_MESSAGE for its information and for a lost announcement by index', async () => {
    const { gcs } = await rig();
    await gcs.command(7, C.REQUEST_MESSAGE, 259);
    expect(gcs.lastAck(C.REQUEST_MESSAGE)!.result).toBe(R.ACCEPTED);
    const info = gcs.of<common.CameraInformation>(259)[0].data;
    expect(Buffer.from(info.vendorName).toString('latin1').replace(/\0+$/, '')).toBe('Simulated');
    expect([info.resolutionH, info.resolutionV, info.focalLength, info.cameraDeviceId]).toEqual([1024, 768, expect.closeTo(8.8, 5), 1]);
    expect(info.sensorSizeH).toBeCloseTo(13.2, 5);
    expect(info.flags & common.CameraCapFlags.CAPTURE_IMAGE).toBeTruthy();

    await gcs.command(7, C.IMAGE_START_CAPTURE, 0, 1, 2, 0);
    await gcs.run(1500);
    const since = gcs.now();
    await gcs.command(7, C.REQUEST_MESSAGE, CAPTURED, 1);
    expect(captured(gcs, since).map((c) => [c.imageIndex, c.fileUrl])).toEqual([[1, 'http://127.0.0.1:9/d7/photos/1.jpg']]);
    await gcs.command(7, C.REQUEST_MESSAGE, CAPTURED, 9);
    expect(gcs.lastAck(C.REQUEST_MESSAGE)!.result).toBe(R.FAILED);
    await gcs.command(7, C.REQUEST_CAMERA_IMAGE_CAPTURE, 0);
    expect(captured(gcs, since).map((c) => c.imageIndex)).toEqual([1, 0]);
    // Other messages are still answered as before.
    await gcs.command(7, C.REQUEST_MESSAGE, 148);
    expect(gcs.lastAck(C.REQUEST_MESSAGE)!.result).toBe(R.ACCEPTED);
  });
});
