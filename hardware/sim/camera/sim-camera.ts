/**
 * The simulated drone's camera, as the MAVLink camera protocol sees it: every photo the drone's
 * trigger takes (distance, DO_DIGICAM_CONTROL, IMAGE_START_CAPTURE) is recorded with the pose of a
 * nadir gimbal and announced with CAMERA_IMAGE_CAPTURED carrying the URL its file is served at. It
 * answers REQUEST_MESSAGE for CAMERA_INFORMATION, CAMERA_CAPTURE_STATUS and CAMERA_IMAGE_CAPTURED by
 * index (a lost announcement is asked for again this way), and IMAGE_START/STOP_CAPTURE.
 */
import { common } from 'node-mavlink';
import type { Camera } from '../../../missions/camera.js';
import type { CameraTrigger, CameraTriggerEvent } from '../camera-trigger.js';
import type { CommandOutcome, CommandRequest } from '../command-handler.js';
import type { SimDrone } from '../sim-drone.js';
import type { World } from '../world/build-world.js';
import { CAMERA_DEVICE_ID, cameraInformation, captureStatus, imageCaptured } from './camera-messages.js';
import { PhotoStore, type PhotoRecord, type PhotoStoreOptions } from './photo-store.js';
import type { PhotoTruth } from './photo-truth.js';
import { simCamera } from './sim-camera-model.js';

export interface SimCameraOptions {
  world: World;
  /** Default: {@link simCamera}, 1024 × 768. */
  camera?: Camera;
  /** Where the photo server serves this camera: files are `<baseUrl>/photos/<index>.jpg`. */
  baseUrl: string;
  store?: PhotoStoreOptions;
}

const CMD = common.MavCmd;
const R = common.MavResult;
const MSG = { CAMERA_INFORMATION: 259, CAMERA_CAPTURE_STATUS: 262, CAMERA_IMAGE_CAPTURED: 263 } as const;
/** A landed drone's camera still sits this far above the ground, m. */
const MIN_AGL_M = 0.3;

export class SimCamera {
  readonly photos: PhotoStore;
  readonly camera: Camera;
  private readonly baseUrl: string;
  /** IMAGE_START_CAPTURE's sequence number of the last single capture, so a resent command takes no second photo. */
  private lastSequence = 0;

  constructor(
    private readonly drone: SimDrone,
    opts: SimCameraOptions,
  ) {
    this.camera = opts.camera ?? simCamera();
    this.photos = new PhotoStore(opts.world, this.camera, opts.store);
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    drone.onCameraTrigger((e) => this.capture(e));
    drone.commands.on(CMD.IMAGE_START_CAPTURE, (q) => this.startCapture(q));
    drone.commands.on(CMD.IMAGE_STOP_CAPTURE, (q) => this.stopCapture(q));
    drone.commands.on(CMD.REQUEST_CAMERA_IMAGE_CAPTURE, (q) => this.resend(q.params[0]));
    drone.onRequestMessage(MSG.CAMERA_INFORMATION, () => cameraInformation(this.camera, drone.vehicle.bootMs));
    drone.onRequestMessage(MSG.CAMERA_CAPTURE_STATUS, () => captureStatus(drone.vehicle.bootMs, this.trigger.interval, this.photos.count));
    drone.onRequestMessage(MSG.CAMERA_IMAGE_CAPTURED, (q) => {
      const rec = this.photos.get(q.params[1]);
      return rec ? imageCaptured(rec, this.fileUrl(rec.index)) : null;
    });
  }

  /** The URL photo `index` is served at. */
  fileUrl(index: number): string {
    return `${this.baseUrl}/photos/${index}.jpg`;
  }

  /** Photo `index` as JPEG bytes (rendered on first use); undefined for an unknown index. */
  jpeg(index: number): Buffer | undefined {
    return this.photos.jpeg(index);
  }

  /** The objects photo `index` shows; undefined for an unknown index. */
  truth(index: number): (PhotoTruth & { index: number }) | undefined {
    return this.photos.truth(index);
  }

  private get trigger(): CameraTrigger {
    return this.drone.autopilot.camera;
  }

  private capture(e: CameraTriggerEvent): PhotoRecord {
    // The gimbal holds the camera straight down, its image top along the drone's heading.
    const rec = this.photos.add({
      bootMs: e.bootMs,
      timeMs: this.drone.clock.now(),
      pose: { lat: e.lat, lon: e.lon, altitudeAgl: Math.max(MIN_AGL_M, e.altRel), yawDeg: e.heading, pitchDeg: -90, rollDeg: 0 },
      altMsl: e.altMsl,
    });
    this.drone.send(imageCaptured(rec, this.fileUrl(rec.index)));
    return rec;
  }

  /** Param 1 names the camera: 0 for all, or ours. */
  private forMe(q: CommandRequest): boolean {
    return q.params[0] === 0 || q.params[0] === CAMERA_DEVICE_ID;
  }

  /** IMAGE_START_CAPTURE: param2 seconds apart, param3 photos (0: until stopped), param4 the single capture's sequence. */
  private startCapture(q: CommandRequest): CommandOutcome {
    const [, interval, total, sequence] = q.params;
    if (!this.forMe(q) || !(interval >= 0) || !(Number.isInteger(total) && total >= 0)) return { result: R.DENIED };
    if (total === 1) {
      if (sequence > 0 && sequence === this.lastSequence) return { result: R.ACCEPTED };
      this.lastSequence = sequence;
      this.trigger.startInterval(0, 1);
      return { result: R.ACCEPTED };
    }
    if (!(interval > 0)) return { result: R.DENIED };
    this.trigger.startInterval(interval, total);
    return { result: R.ACCEPTED };
  }

  private stopCapture(q: CommandRequest): CommandOutcome {
    if (!this.forMe(q)) return { result: R.DENIED };
    this.trigger.stopInterval();
    return { result: R.ACCEPTED };
  }

  /** REQUEST_CAMERA_IMAGE_CAPTURE: the announcement of photo `index` again. */
  private resend(index: number): CommandOutcome {
    const rec = this.photos.get(index);
    return rec ? { result: R.ACCEPTED, then: [imageCaptured(rec, this.fileUrl(rec.index))] } : { result: R.FAILED };
  }
}

/** Gives `drone` a camera photographing `opts.world`. */
export function attachSimCamera(drone: SimDrone, opts: SimCameraOptions): SimCamera {
  return new SimCamera(drone, opts);
}
