/**
 * A drone with a MAVLink camera, as the ingest meets one: real UDP, real MAVLink 2 frames. It sends
 * heartbeats, announces photos (CAMERA_IMAGE_CAPTURED with a URL, or CAMERA_FEEDBACK without one),
 * and answers MAV_CMD_REQUEST_MESSAGE for a photo's announcement as a camera does.
 */
import { ardupilotmega, common, minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';
import { cameraQuaternion } from '../../../missions/camera-projection.js';

export const PHOTO_T0 = Date.UTC(2026, 4, 1, 2, 0, 0);

export interface FakeDrone {
  /** Announces photo `index` (served at `${baseUrl}/photos/<index>.jpg`); `silent` keeps it for a request only. */
  announce(index: number, opts?: { silent?: boolean; bootMs?: number }): void;
  /** Reports photo `index` as an autopilot without a MAVLink camera does. */
  feedback(index: number): void;
  /** REQUEST_MESSAGE commands heard: [message id, param2]. */
  requests: [number, number][];
  stop(): Promise<void>;
}

/** Starts a drone sending to the ground station's UDP port. */
export async function startFakeDrone(gcsPort: number, baseUrl: string, sysid = 1): Promise<FakeDrone> {
  const link: Link = createLink(`udpout://127.0.0.1:${gcsPort}`);
  const writer = new MavlinkWriter(sysid, 1);
  const reader = new MavlinkReader(link.id);
  const announced = new Map<number, common.CameraImageCaptured>();
  const requests: [number, number][] = [];
  const send = (m: MavLinkData): void => link.send(writer.encode(m));

  const captured = (index: number, bootMs: number): common.CameraImageCaptured => {
    const m = new common.CameraImageCaptured();
    m.timeBootMs = bootMs;
    m.timeUtc = BigInt((PHOTO_T0 + bootMs) * 1000);
    m.lat = Math.round((26.6 + index * 0.0001) * 1e7);
    m.lon = Math.round(106.64 * 1e7);
    m.alt = 1_120_000;
    m.relativeAlt = 50_000;
    m.q = cameraQuaternion({ yawDeg: 0, pitchDeg: -90, rollDeg: 0 });
    m.imageIndex = index;
    m.cameraId = 1;
    m.captureResult = 1 as never;
    m.fileUrl = `${baseUrl}/photos/${index}.jpg`;
    return m;
  };

  link.subscribe((event) => {
    if (event.kind !== 'data') return;
    reader.push(event.bytes, event.peer, (msg) => {
      const c = msg.data as common.CommandLong;
      if (msg.msgid !== 76 || c.command !== common.MavCmd.REQUEST_MESSAGE) return;
      requests.push([c._param1, c._param2]);
      const photo = c._param1 === 263 ? announced.get(Math.round(c._param2)) : undefined;
      if (photo) send(photo);
    });
  });
  await link.start();

  const hb = new minimal.Heartbeat();
  hb.type = minimal.MavType.QUADROTOR;
  hb.autopilot = minimal.MavAutopilot.ARDUPILOTMEGA;
  hb.baseMode = 0 as minimal.MavModeFlag;
  hb.customMode = 0;
  hb.systemStatus = minimal.MavState.ACTIVE;
  hb.mavlinkVersion = 3;
  send(hb);
  const beat = setInterval(() => send(hb), 200);

  return {
    requests,
    announce(index, opts = {}) {
      const m = captured(index, opts.bootMs ?? 60_000 + index * 1000);
      announced.set(index, m);
      if (!opts.silent) send(m);
    },
    feedback(index) {
      const f = new ardupilotmega.CameraFeedback();
      f.timeUsec = BigInt((60_000 + index * 1000) * 1000);
      f.targetSystem = sysid;
      f.lat = Math.round((26.6 + index * 0.0001) * 1e7);
      f.lng = Math.round(106.64 * 1e7);
      f.altMsl = 1120;
      f.altRel = 50;
      f.yaw = 90;
      f.imgIdx = index;
      f.flags = ardupilotmega.CameraFeedbackFlags.PHOTO;
      send(f);
    },
    async stop() {
      clearInterval(beat);
      await link.stop();
    },
  };
}
