/**
 * One vehicle's cameras as the ingest sees them: which photos they announce, which announcements
 * were lost on the radio (asked for again with MAV_CMD_REQUEST_MESSAGE), and what camera model they
 * describe (CAMERA_INFORMATION, asked for once). Protocol only: the clock and the send port are
 * injected, and photos to record are handed to `record`.
 */
import type { MavLinkData } from 'node-mavlink';
import type { common, ardupilotmega } from 'node-mavlink';
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import type { InboundMessage } from '../../hardware/mavlink/frame.js';
import type { Camera } from '../../missions/camera.js';
import {
  CAMERA_COMPONENT, CAMERA_MSG, cameraFromInformation, fromFeedback, fromImageCaptured, requestMessage, type CaptureEvent,
} from './capture-messages.js';
import { IndexTracker } from './image-index.js';

export interface VehicleCameraOptions {
  clock: Clock;
  /** Sends to this vehicle (its current path). */
  send: (data: MavLinkData) => void;
  /** The vehicle's system id. */
  sysid: number;
  /** A photo to record (called at most once per announcement heard, duplicates included). */
  record: (event: CaptureEvent) => void;
  /**
   * How long a CAMERA_FEEDBACK waits before it is recorded. An autopilot reports every trigger even
   * when a MAVLink camera announces the same photo with its URL (once the photo is written, which can
   * take seconds); such a vehicle's feedback is dropped. Default 10 s.
   */
  feedbackGraceMs?: number;
  /** Between requests for a missing index or for CAMERA_INFORMATION. */
  requestRetryMs?: number;
  /** Requests sent for one missing index (or for CAMERA_INFORMATION) before giving up. */
  requestTries?: number;
}

interface Pending {
  tries: number;
  timer: TimerHandle;
}

export class VehicleCamera {
  /** The camera model the vehicle described, once it has. */
  camera: Camera | null = null;
  /** Missing indices given up on after every request went unanswered. */
  unrecovered = 0;
  private hasCamera = false;
  private readonly trackers = new Map<number, IndexTracker>();
  private readonly requests = new Map<string, Pending>();
  private readonly heldFeedback = new Map<string, TimerHandle>();
  private info: Pending | null = null;
  private infoAsked = false;
  private stopped = false;
  private readonly describedWaiters: (() => void)[] = [];

  constructor(private readonly o: VehicleCameraOptions) {}

  /** Takes any message of the vehicle's system; only camera messages matter. */
  handle(msg: InboundMessage): void {
    if (this.stopped) return;
    switch (msg.msgid) {
      case CAMERA_MSG.CAMERA_IMAGE_CAPTURED:
        this.onCaptured(fromImageCaptured(msg.data as common.CameraImageCaptured, msg.compid));
        return;
      case CAMERA_MSG.CAMERA_FEEDBACK:
        this.onFeedback(fromFeedback(msg.data as ardupilotmega.CameraFeedback, msg.compid));
        return;
      case CAMERA_MSG.CAMERA_INFORMATION:
        this.camera = cameraFromInformation(msg.data as common.CameraInformation) ?? this.camera;
        if (this.info) this.o.clock.clear(this.info.timer);
        this.info = null;
        this.settleDescribed();
        return;
      default:
        return;
    }
  }

  /** Missing indices being asked for now. */
  get requesting(): number {
    return this.requests.size;
  }

  /** Cancels timers; held feedback is dropped (the photo can still be matched when uploaded). */
  stop(): void {
    this.stopped = true;
    for (const p of this.requests.values()) this.o.clock.clear(p.timer);
    this.requests.clear();
    for (const t of this.heldFeedback.values()) this.o.clock.clear(t);
    this.heldFeedback.clear();
    if (this.info) this.o.clock.clear(this.info.timer);
    this.info = null;
    this.settleDescribed();
  }

  /**
   * Resolves once the camera has described itself, or once every request for its description went
   * unanswered: a photo's footprint needs the right camera, and its fetch can beat the answer.
   */
  described(): Promise<void> {
    if (this.camera || this.stopped || !this.infoAsked || this.info === null) return Promise.resolve();
    return new Promise((resolve) => this.describedWaiters.push(resolve));
  }

  private settleDescribed(): void {
    for (const resolve of this.describedWaiters.splice(0)) resolve();
  }

  private onCaptured(e: CaptureEvent): void {
    if (!this.hasCamera) {
      this.hasCamera = true;
      for (const t of this.heldFeedback.values()) this.o.clock.clear(t);
      this.heldFeedback.clear();
    }
    if (!this.infoAsked) {
      this.infoAsked = true;
      this.askInfo(e.compid, 1);
    }
    let tracker = this.trackers.get(e.compid);
    if (!tracker) this.trackers.set(e.compid, (tracker = new IndexTracker()));
    const key = `${e.compid}:${e.index}`;
    const answered = this.requests.get(key);
    if (answered) {
      this.o.clock.clear(answered.timer);
      this.requests.delete(key);
    }
    const seen = tracker.observe(e.index, e.captureMs);
    if (seen.restarted) this.dropRequests(e.compid);
    for (const index of seen.missing) this.askIndex(e.compid, index, 1);
    if (e.ok) this.o.record(e);
  }

  private onFeedback(e: CaptureEvent): void {
    if (this.hasCamera) return;
    const key = `${e.index}:${e.captureMs}`;
    if (this.heldFeedback.has(key)) return;
    this.heldFeedback.set(key, this.o.clock.setTimeout(() => {
      this.heldFeedback.delete(key);
      if (!this.hasCamera && !this.stopped) this.o.record(e);
    }, this.o.feedbackGraceMs ?? 10_000));
  }

  private askIndex(compid: number, index: number, tries: number): void {
    const key = `${compid}:${index}`;
    this.o.send(requestMessage(CAMERA_MSG.CAMERA_IMAGE_CAPTURED, index, this.o.sysid, compid));
    this.requests.set(key, {
      tries,
      timer: this.o.clock.setTimeout(() => {
        this.requests.delete(key);
        if (tries < (this.o.requestTries ?? 3)) this.askIndex(compid, index, tries + 1);
        else this.unrecovered++;
      }, this.o.requestRetryMs ?? 2000),
    });
  }

  private askInfo(compid: number, tries: number): void {
    this.o.send(requestMessage(CAMERA_MSG.CAMERA_INFORMATION, 0, this.o.sysid, compid || CAMERA_COMPONENT));
    this.info = {
      tries,
      timer: this.o.clock.setTimeout(() => {
        this.info = null;
        if (this.camera === null && tries < (this.o.requestTries ?? 3)) this.askInfo(compid, tries + 1);
        else this.settleDescribed();
      }, this.o.requestRetryMs ?? 2000),
    };
  }

  /** A camera that restarted numbers its photos afresh: the old gaps can no longer be asked for. */
  private dropRequests(compid: number): void {
    for (const [key, p] of this.requests) {
      if (!key.startsWith(`${compid}:`)) continue;
      this.o.clock.clear(p.timer);
      this.requests.delete(key);
    }
  }
}
