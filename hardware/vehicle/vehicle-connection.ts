/**
 * One vehicle as heard on one path: (link, peer, system id, autopilot component id).
 * Owns its telemetry, heartbeat watchdog and stream requests; sends through an injected port.
 */
import type { MavLinkData } from 'node-mavlink';
import type { Clock } from '../clock.js';
import type { InboundMessage } from '../mavlink/frame.js';
import { LinkHealth } from './link-health.js';
import type { SigningGate } from './signing-gate.js';
import { MSG } from './message-ids.js';
import { StreamRequester } from './stream-request.js';
import type { StreamRequestOptions } from './stream-request.js';
import { createTelemetry, reduceTelemetry } from './telemetry-reducer.js';
import type { VehicleTelemetry } from './telemetry.js';

export type VehicleEvent =
  /** A field the dashboard shows changed. */
  | { kind: 'changed' }
  | { kind: 'lost' }
  | { kind: 'restored' }
  | { kind: 'statustext'; time: number; severity: number; text: string }
  /** AUTOPILOT_VERSION gave (or changed) the vehicle's hardware uid. */
  | { kind: 'identified'; uid: string };

export type VehicleLinkState = 'connected' | 'lost';

export interface VehicleConnectionOptions {
  linkId: string;
  peer: string;
  sysid: number;
  /** The autopilot's component id: telemetry is reduced from this component only. */
  compid: number;
  clock: Clock;
  /** Writes one message to this vehicle's link and peer. */
  send: (data: MavLinkData) => void;
  lostAfterMs?: number;
  /** Ask for telemetry streams and AUTOPILOT_VERSION (default true). */
  requestStreams?: boolean;
  streams?: Partial<Pick<StreamRequestOptions, 'firstWaitMs' | 'retryMs' | 'maxAttempts' | 'versionAttempts' | 'intervals' | 'streams'>>;
  /** MAVLink signing on this path: frames it refuses never reach telemetry or message listeners. */
  signing?: SigningGate;
}

// Shared, allocation-free events for the frequent kinds.
const CHANGED: VehicleEvent = Object.freeze({ kind: 'changed' });
const LOST: VehicleEvent = Object.freeze({ kind: 'lost' });
const RESTORED: VehicleEvent = Object.freeze({ kind: 'restored' });

export class VehicleConnection {
  readonly linkId: string;
  readonly peer: string;
  readonly sysid: number;
  readonly compid: number;
  /** Live state, mutated in place; copy it before handing it to code that keeps it. */
  readonly telemetry: VehicleTelemetry;
  /** MAVLink signing on this path, when the owner set it up. */
  readonly signing: SigningGate | null;
  private readonly clock: Clock;
  private readonly port: (data: MavLinkData) => void;
  private readonly health: LinkHealth;
  private readonly requester: StreamRequester | null;
  private listeners: ((event: VehicleEvent) => void)[] = [];
  private messageListeners: ((msg: InboundMessage) => void)[] = [];
  private running = false;

  constructor(opts: VehicleConnectionOptions) {
    this.linkId = opts.linkId;
    this.peer = opts.peer;
    this.sysid = opts.sysid;
    this.compid = opts.compid;
    this.clock = opts.clock;
    this.port = opts.send;
    this.signing = opts.signing ?? null;
    this.telemetry = createTelemetry(opts.sysid, opts.compid);
    this.health = new LinkHealth({
      clock: opts.clock,
      lostAfterMs: opts.lostAfterMs,
      onEvent: (e) => {
        if (e.kind === 'restored') this.requester?.restart();
        this.emit(e.kind === 'lost' ? LOST : RESTORED);
      },
    });
    this.requester = opts.requestStreams === false
      ? null
      : new StreamRequester({ ...opts.streams, clock: opts.clock, send: (d) => this.send(d), targetSystem: opts.sysid, targetComponent: opts.compid });
  }

  /** `connected` from the first heartbeat until 3.5 s (by default) pass without one. */
  get linkState(): VehicleLinkState {
    return this.health.state === 'lost' ? 'lost' : 'connected';
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
  }

  /** Stops timers and requests; later messages are ignored. */
  stop(): void {
    this.running = false;
    this.health.stop();
    this.requester?.stop();
  }

  /**
   * Takes one message from this vehicle's system on this path. The autopilot component's messages
   * update telemetry; every message goes to the message listeners. Returns true when telemetry changed.
   */
  handle(msg: InboundMessage): boolean {
    if (!this.running) return false;
    if (this.signing !== null && !this.signing.admit(msg.frame)) return false;
    for (const l of this.messageListeners) l(msg);
    if (msg.compid !== this.compid) return false;
    const t = this.telemetry;
    const msgid = msg.msgid;
    const texts = t.statusTexts;
    const lastText = msgid === MSG.STATUSTEXT ? texts[texts.length - 1] : undefined;
    const uid = t.uid;
    const changed = reduceTelemetry(t, msg, this.clock.now());
    if (msgid === MSG.HEARTBEAT) this.health.heartbeat();
    this.requester?.onMessage(msgid, msg.data);
    if (changed) {
      this.emit(CHANGED);
      if (msgid === MSG.STATUSTEXT) this.emitNewTexts(lastText);
      else if (msgid === MSG.AUTOPILOT_VERSION && t.uid !== null && t.uid !== uid) this.emit({ kind: 'identified', uid: t.uid });
    }
    return changed;
  }

  /** Sends one message to this vehicle (its link and peer only). */
  send(data: MavLinkData): void {
    if (this.running) this.port(data);
  }

  /** Registers an event listener; returns the function that removes it. */
  subscribe(listener: (event: VehicleEvent) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Registers a listener for every inbound message of this vehicle's system (for microservices). */
  subscribeMessages(listener: (msg: InboundMessage) => void): () => void {
    this.messageListeners = [...this.messageListeners, listener];
    return () => {
      this.messageListeners = this.messageListeners.filter((l) => l !== listener);
    };
  }

  private emit(event: VehicleEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Emits the entries appended after `previous` (a chunk flush can append two at once). */
  private emitNewTexts(previous: VehicleTelemetry['statusTexts'][number] | undefined): void {
    const texts = this.telemetry.statusTexts;
    let i = texts.length;
    while (i > 0 && texts[i - 1] !== previous) i--;
    for (; i < texts.length; i++) {
      const { time, severity, text } = texts[i];
      this.emit({ kind: 'statustext', time, severity, text });
    }
  }
}
