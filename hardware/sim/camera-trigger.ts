/**
 * A simulated camera on the drone, triggered the way ArduPilot's AP_Camera does it: by distance
 * (DO_SET_CAM_TRIGG_DIST: a photo every N metres flown from the last one, only while flying), once
 * (DO_DIGICAM_CONTROL), or by time (IMAGE_START_CAPTURE: every N seconds of simulated time, a
 * number of photos or until stopped). Each photo is counted, reported to the ground as
 * CAMERA_FEEDBACK, and handed to listeners (`onTrigger`), the seam where a later layer renders the image.
 */
import { ardupilotmega } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { SimVehicle } from './vehicle.js';
import type { LocalPoint } from './world.js';

/** One photo: where and how the drone was when it was taken. Angles in degrees, heading 0–360. */
export interface CameraTriggerEvent {
  /** 1 for the first photo since boot. */
  index: number;
  bootMs: number;
  lat: number;
  lon: number;
  altMsl: number;
  /** Metres above home. */
  altRel: number;
  heading: number;
  roll: number;
  pitch: number;
}

const DEG = 180 / Math.PI;
/** The simulated lens, mm (reported in CAMERA_FEEDBACK). */
const FOCAL_LENGTH_MM = 8.8;

export class CameraTrigger {
  /** Photos taken since boot. */
  photos = 0;
  /** Metres between photos; 0 when distance triggering is off. */
  distance = 0;
  /** Seconds between timed photos; 0 when timed capture is off. */
  interval = 0;
  private anchor: LocalPoint | null = null;
  /** Timed capture: the boot time of the next photo and how many are left (Infinity: until stopped). */
  private nextAtMs = 0;
  private left = 0;
  private readonly listeners = new Set<(e: CameraTriggerEvent) => void>();

  constructor(
    private readonly vehicle: SimVehicle,
    private readonly send: (data: MavLinkData) => void,
    private readonly sysid: number,
  ) {}

  /** Calls `fn` for every photo; returns the function that stops it. */
  onTrigger(fn: (e: CameraTriggerEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Starts (or with 0 stops) distance triggering; `now` also takes a photo at once. */
  setDistance(metres: number, now: boolean): void {
    this.distance = metres > 0 ? metres : 0;
    const b = this.vehicle.body;
    this.anchor = { east: b.east, north: b.north };
    if (now) this.shoot();
  }

  /** Takes `count` photos (0: until stopped) `seconds` apart, the first on the next step. */
  startInterval(seconds: number, count: number): void {
    this.interval = seconds;
    this.left = count > 0 ? count : Infinity;
    this.nextAtMs = -Infinity;
  }

  /** Stops timed capture. */
  stopInterval(): void {
    this.interval = 0;
    this.left = 0;
  }

  /** Checks the distance flown and the time for timed photos; call after every physics step. */
  update(): void {
    const now = this.vehicle.bootMs;
    if (this.left > 0 && now >= this.nextAtMs) {
      this.left--;
      // The first photo sets the beat; later ones keep to it.
      this.nextAtMs = (Number.isFinite(this.nextAtMs) ? this.nextAtMs : now) + this.interval * 1000;
      if (this.left === 0) this.interval = 0;
      this.shoot();
    }
    if (this.distance <= 0 || !this.anchor || !this.vehicle.armed || !this.vehicle.airborne) return;
    const b = this.vehicle.body;
    if (Math.hypot(b.east - this.anchor.east, b.north - this.anchor.north) >= this.distance) this.shoot();
  }

  /** Takes one photo now. */
  shoot(): void {
    const v = this.vehicle;
    const b = v.body;
    this.anchor = { east: b.east, north: b.north };
    this.photos++;
    const p = v.frame.toGeo(b.east, b.north);
    const e: CameraTriggerEvent = {
      index: this.photos,
      bootMs: v.bootMs,
      lat: p.lat,
      lon: p.lon,
      altMsl: v.home.altMsl + b.up,
      altRel: b.up,
      heading: ((b.yaw * DEG) % 360 + 360) % 360,
      roll: b.roll * DEG,
      pitch: b.pitch * DEG,
    };
    this.send(feedback(e, this.sysid));
    for (const fn of this.listeners) fn(e);
  }
}

function feedback(e: CameraTriggerEvent, sysid: number): MavLinkData {
  const f = new ardupilotmega.CameraFeedback();
  f.timeUsec = BigInt(Math.round(e.bootMs * 1000));
  f.targetSystem = sysid;
  f.camIdx = 0;
  f.imgIdx = e.index & 0xffff;
  f.lat = Math.round(e.lat * 1e7);
  f.lng = Math.round(e.lon * 1e7);
  f.altMsl = e.altMsl;
  f.altRel = e.altRel;
  f.roll = e.roll;
  f.pitch = e.pitch;
  f.yaw = e.heading;
  f.focLen = FOCAL_LENGTH_MM;
  f.flags = ardupilotmega.CameraFeedbackFlags.PHOTO;
  f.completedCaptures = e.index & 0xffff;
  return f;
}
