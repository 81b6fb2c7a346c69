import { ardupilotmega, common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { cameraQuaternion } from '../../../../missions/camera-projection.js';
import { CAMERA_MSG, type CaptureEvent } from '../../../../server/imagery/capture-messages.js';
import { VehicleCamera } from '../../../../server/imagery/vehicle-camera.js';

const T0 = Date.UTC(2026, 4, 1, 2, 0, 0);

function inbound(msgid: number, data: MavLinkData, compid = 1): InboundMessage {
  return { linkId: 'l', peer: 'p', sysid: 1, compid, seq: 0, msgid, data, frame: null as never };
}

function captured(index: number, bootMs = 10_000 + index * 1000, url = `http://cam/photos/${index}.jpg`): InboundMessage {
  const m = new common.CameraImageCaptured();
  m.timeBootMs = bootMs;
  m.timeUtc = BigInt((T0 + bootMs) * 1000);
  m.lat = 265_880_000;
  m.lon = 1_066_550_000;
  m.alt = 1_150_000;
  m.relativeAlt = 50_000;
  m.q = cameraQuaternion({ yawDeg: 90, pitchDeg: -90, rollDeg: 0 });
  m.imageIndex = index;
  m.cameraId = 1;
  m.captureResult = 1 as never;
  m.fileUrl = url;
  return inbound(CAMERA_MSG.CAMERA_IMAGE_CAPTURED, m);
}

function feedback(index: number): InboundMessage {
  const f = new ardupilotmega.CameraFeedback();
  f.timeUsec = BigInt(index * 1_000_000);
  f.lat = 265_880_000;
  f.lng = 1_066_550_000;
  f.altMsl = 1150;
  f.altRel = 50;
  f.yaw = 270;
  f.imgIdx = index;
  return inbound(CAMERA_MSG.CAMERA_FEEDBACK, f);
}

function harness() {
  const clock = new ManualClock(0);
  const sent: common.CommandLong[] = [];
  const recorded: CaptureEvent[] = [];
  const cam = new VehicleCamera({
    clock, sysid: 1, send: (d) => sent.push(d as common.CommandLong), record: (e) => recorded.push(e),
    feedbackGraceMs: 3000, requestRetryMs: 2000, requestTries: 3,
  });
  const requests = (msgid: number) => sent.filter((c) => c._param1 === msgid);
  return { clock, cam, sent, recorded, requests };
}

describe('a vehicle camera', () => {
  it('records each announced photo with its position, camera attitude and URL', () => {
    const h = harness();
    h.cam.handle(captured(0));
    expect(h.recorded).toHaveLength(1);
    const e = h.recorded[0];
    expect(e).toMatchObject({ kind: 'captured', index: 0, captureMs: 10_000, utcMs: T0 + 10_000, url: 'http://cam/photos/0.jpg', ok: true });
    expect(e.lat).toBeCloseTo(26.588, 9);
    expect(e.altMsl).toBeCloseTo(1150, 6);
    expect(e.relAlt).toBeCloseTo(50, 6);
    expect(e.pitch).toBeCloseTo(-90, 3);
    expect(e.yaw).toBeCloseTo(90, 3);
  });

  it('asks once for CAMERA_INFORMATION, again while unanswered, and keeps the model it describes', () => {
    const h = harness();
    h.cam.handle(captured(0));
    h.cam.handle(captured(1));
    expect(h.requests(CAMERA_MSG.CAMERA_INFORMATION)).toHaveLength(1);
    h.clock.advance(2000);
    expect(h.requests(CAMERA_MSG.CAMERA_INFORMATION)).toHaveLength(2);
    const info = new common.CameraInformation();
    Object.assign(info, { focalLength: 4.5, sensorSizeH: 6.4, sensorSizeV: 4.8, resolutionH: 640, resolutionV: 480, vendorName: [...Buffer.from('Sim')], modelName: [0] });
    h.cam.handle(inbound(CAMERA_MSG.CAMERA_INFORMATION, info));
    h.clock.advance(10_000);
    expect(h.requests(CAMERA_MSG.CAMERA_INFORMATION)).toHaveLength(2);
    expect(h.cam.camera).toMatchObject({ name: 'Sim', focalLengthMm: 4.5, imageWidthPx: 640, imageHeightPx: 480 });
  });

  it('holds photos back until the camera describes itself, or until every request for that went unanswered', async () => {
    const h = harness();
    h.cam.handle(captured(0));
    let answered = false;
    void h.cam.described().then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(false);
    const info = new common.CameraInformation();
    Object.assign(info, { focalLength: 4.5, sensorSizeH: 6.4, sensorSizeV: 4.8, resolutionH: 640, resolutionV: 480, vendorName: [...Buffer.from('Sim')], modelName: [0] });
    h.cam.handle(inbound(CAMERA_MSG.CAMERA_INFORMATION, info));
    await Promise.resolve();
    expect(answered).toBe(true);

    const silent = harness();
    silent.cam.handle(captured(0));
    let gaveUp = false;
    void silent.cam.described().then(() => (gaveUp = true));
    silent.clock.advance(4000);
    await Promise.resolve();
    expect(gaveUp).toBe(false);
    silent.clock.advance(2000);
    await Promise.resolve();
    expect([gaveUp, silent.cam.camera]).toEqual([true, null]);
  });

  it('asks for each missing index with REQUEST_MESSAGE, to the camera that announced it', () => {
    const h = harness();
    h.cam.handle(captured(0));
    h.cam.handle(captured(3));
    const asks = h.requests(CAMERA_MSG.CAMERA_IMAGE_CAPTURED);
    expect(asks.map((c) => c._param2)).toEqual([1, 2]);
    expect(asks.every((c) => c.command === common.MavCmd.REQUEST_MESSAGE && c.targetSystem === 1 && c.targetComponent === 1)).toBe(true);
    expect(h.cam.requesting).toBe(2);
  });

  it('repeats a request until the photo comes, and records the answer', () => {
    const h = harness();
    h.cam.handle(captured(0));
    h.cam.handle(captured(2));
    h.clock.advance(1999);
    expect(h.requests(CAMERA_MSG.CAMERA_IMAGE_CAPTURED)).toHaveLength(1);
    h.clock.advance(1);
    expect(h.requests(CAMERA_MSG.CAMERA_IMAGE_CAPTURED)).toHaveLength(2);
    h.cam.handle(captured(1));
    h.clock.advance(10_000);
    expect(h.requests(CAMERA_MSG.CAMERA_IMAGE_CAPTURED)).toHaveLength(2);
    expect(h.recorded.map((e) => e.index)).toEqual([0, 2, 1]);
    expect(h.cam.requesting).toBe(0);
  });

  it('gives up on an index after three unanswered requests and counts it', () => {
    const h = harness();
    h.cam.handle(captured(0));
    h.cam.handle(captured(2));
    h.clock.advance(6000);
    expect(h.requests(CAMERA_MSG.CAMERA_IMAGE_CAPTURED)).toHaveLength(3);
    expect(h.cam.unrecovered).toBe(1);
    expect(h.cam.requesting).toBe(0);
  });

  it('a camera reporting a failed capture is not recorded and leaves no gap', () => {
    const h = harness();
    h.cam.handle(captured(0));
    const failed = captured(1);
    (failed.data as common.CameraImageCaptured).captureResult = 0 as never;
    h.cam.handle(failed);
    h.cam.handle(captured(2));
    expect(h.recorded.map((e) => e.index)).toEqual([0, 2]);
    expect(h.requests(CAMERA_MSG.CAMERA_IMAGE_CAPTURED)).toHaveLength(0);
  });

  it('records CAMERA_FEEDBACK of an autopilot-triggered camera after the grace period, as a nadir photo without URL', () => {
    const h = harness();
    h.cam.handle(feedback(1));
    h.cam.handle(feedback(1));
    h.clock.advance(2999);
    expect(h.recorded).toHaveLength(0);
    h.clock.advance(1);
    expect(h.recorded).toHaveLength(1);
    expect(h.recorded[0]).toMatchObject({ kind: 'feedback', index: 1, url: null, yaw: 270, pitch: -90, roll: 0 });
  });

  it('drops CAMERA_FEEDBACK when a MAVLink camera announces the same photos with their URL', () => {
    const h = harness();
    h.cam.handle(feedback(1));
    h.cam.handle(captured(0));
    h.cam.handle(feedback(2));
    h.clock.advance(10_000);
    expect(h.recorded.map((e) => e.kind)).toEqual(['captured']);
  });
});
