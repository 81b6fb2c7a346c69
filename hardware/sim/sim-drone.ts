/**
 * The simulated drone's I/O shell: wires a {@link SimVehicle} to a Link through a MavlinkReader and
 * MavlinkWriter, steps it on one clock interval, and sends what the stream schedule says is due.
 *
 * Everything goes out without a peer: on `udpout` the link sends to its target (the GCS), on
 * `tcpin` to every connected client, on `udp` to every peer heard from. Command replies go the
 * same way, addressed by target ids.
 *
 * Speed-up runs the world (flight, battery, GPS, time_boot_ms) faster; message rates stay in
 * clock time, so a fast simulation loads the link like a real drone.
 *
 * The flight controller (`drone.autopilot`: modes, arming, missions, failsafes) answers the flight
 * commands; `drone.missionServer` and `drone.paramServer` are the vehicle side of the mission and
 * parameter protocols. Seams for later layers: `drone.commands.on(MAV_CMD, handler)` for more
 * commands, `drone.onMessage(msgid, handler)` for other microservices, `drone.onRequestMessage(msgid,
 * build)` for messages asked for with REQUEST_MESSAGE, `drone.onCameraTrigger(fn)` for photos, and
 * `drone.vehicle.setPilot(p)` to take the drone away from the autopilot.
 * `drone.signing` is MAVLink signing (SETUP_SIGNING, signed sends, rejected-frame counters).
 */
import type { MavLinkData } from 'node-mavlink';
import { common } from 'node-mavlink';
import type { Clock, TimerHandle } from '../clock.js';
import { RealClock } from '../clock.js';
import type { Link, LinkEvent } from '../link/link.js';
import type { InboundMessage } from '../mavlink/frame.js';
import { MavlinkReader } from '../mavlink/reader.js';
import { MavlinkWriter } from '../mavlink/writer.js';
import { Autopilot } from './autopilot.js';
import type { BatteryOptions } from './battery.js';
import type { CameraTriggerEvent } from './camera-trigger.js';
import { CommandTable, registerStreamCommands, type CommandOutcome, type CommandRequest } from './command-handler.js';
import { registerFlightCommands, setModeResult } from './flight-commands.js';
import { MessageBuilder } from './messages.js';
import { MISSION_MSG, MissionServer } from './mission-server.js';
import { MissionStore } from './mission-store.js';
import type { MulticopterLimits } from './multicopter.js';
import { PARAM_MSG, ParamServer } from './param-server.js';
import { ParamStore, copterParams } from './param-store.js';
import type { PatrolOptions } from './patrol.js';
import { hashSeed } from './rng.js';
import { simState, type SimState } from './sim-state.js';
import { MSG, StreamScheduler } from './streams.js';
import { MSG_SETUP_SIGNING, SimSigning, type SimSigningOptions } from './sim-signing.js';
import { SimVehicle } from './vehicle.js';
import type { Home } from './world.js';

export type { SimState } from './sim-state.js';

export interface SimDroneOptions {
  link: Link;
  /** MAVLink system id, 1–255. */
  sysid: number;
  /** Component id; default 1 (MAV_COMP_ID_AUTOPILOT1). */
  compid?: number;
  /** Default: the wall clock. */
  clock?: Clock;
  home: Home;
  /**
   * Boot armed and airborne, flying this loop in GUIDED until commanded otherwise (the demo's
   * drones); its battery failsafes then only warn (BATT_FS_LOW_ACT/CRT_ACT 0) unless `params` say
   * otherwise. Default: none — on the ground at home, disarmed, in `bootMode`, GPS acquiring.
   */
  patrol?: PatrolOptions;
  /** ArduPilot Copter custom mode at boot (without a patrol); default 0 (STABILIZE), as ArduPilot boots. */
  bootMode?: number;
  /** Parameter values at boot, by name (e.g. `{ FENCE_ENABLE: 1 }`); unknown names throw. */
  params?: Readonly<Record<string, number>>;
  /** Ask for upload items with legacy MISSION_REQUEST, as ArduPilot does; default false (MISSION_REQUEST_INT). */
  legacyRequests?: boolean;
  /** Most items a mission, fence or rally list may hold; default 700 (MAV_MISSION_NO_SPACE above). */
  maxMissionItems?: number;
  /** Default true. False: only HEARTBEAT until a GCS asks for streams, like a real ArduPilot. */
  streamOnStart?: boolean;
  /** AUTOPILOT_VERSION uid; default drawn from the seed. */
  uid?: bigint;
  /** Seed for uid, GPS and start point on the loop; default derived from the link id and sysid. */
  seed?: number;
  /** Simulated seconds per clock second; default 1. */
  speedup?: number;
  /** Boot to 3D fix, ms of simulated time; default 4000. */
  gpsAcquisitionMs?: number;
  battery?: BatteryOptions;
  limits?: Partial<MulticopterLimits>;
  /** Clock ms between physics steps (the step rate caps stream rates); default 50 (20 Hz). */
  tickMs?: number;
  /**
   * Default true: the drone starts the link and stops it on `stop()` (links shared by several drones
   * stop with the last of them). False: the caller starts and stops the link.
   */
  ownsLink?: boolean;
  /** Boot with MAVLink signing on (default off until a GCS sends SETUP_SIGNING). */
  signing?: SimSigningOptions;
}

/** A running simulated drone. */
export interface SimHandle {
  readonly sysid: number;
  readonly compid: number;
  readonly link: Link;
  /** The drone itself, for layers that extend it (pilots, commands, microservices). */
  readonly drone: SimDrone;
  state(): SimState;
  /** Stops stepping and listening; stops the link if this drone owns it. Idempotent. */
  stop(): Promise<void>;
}

export type InboundHandler = (msg: InboundMessage) => void;

const MSG_SET_MODE = 11;
const MSG_REQUEST_DATA_STREAM = 66;
const MSG_COMMAND_INT = 75;
const MSG_COMMAND_LONG = 76;
const CMD_REQUEST_MESSAGE = 512;
/** Parameter defaults for drones booted on a patrol loop. */
const PATROL_PARAMS: Readonly<Record<string, number>> = { BATT_FS_LOW_ACT: 0, BATT_FS_CRT_ACT: 0 };

/** One simulated drone: model, schedule, commands, and the send path. */
export class SimDrone {
  readonly vehicle: SimVehicle;
  readonly scheduler: StreamScheduler;
  readonly commands = new CommandTable();
  readonly compid: number;
  readonly params: ParamStore;
  readonly missions: MissionStore;
  readonly autopilot: Autopilot;
  readonly missionServer: MissionServer;
  readonly paramServer: ParamServer;
  /** MAVLink signing: SETUP_SIGNING, signed sends, and the gate on what is received. */
  readonly signing: SimSigning;
  errors = 0;
  lastError: unknown = null;
  private readonly builder = new MessageBuilder();
  private readonly writer: MavlinkWriter;
  private readonly handlers = new Map<number, InboundHandler>();
  private readonly requestable = new Map<number, (req: CommandRequest) => MavLinkData | null>();
  private readonly ack = new common.CommandAck();
  private readonly due: number[] = [];
  private readonly speedup: number;
  private lastTick: number;

  constructor(
    readonly sysid: number,
    private readonly link: Link,
    /** The drone's clock, for layers that keep time with it (a camera's capture times). */
    readonly clock: Clock,
    opts: SimDroneOptions,
  ) {
    this.compid = opts.compid ?? 1;
    this.speedup = opts.speedup ?? 1;
    this.writer = new MavlinkWriter(sysid, this.compid);
    this.signing = new SimSigning(this.writer, clock, (s, c) => this.addressedToMe(s, c), opts.signing);
    this.vehicle = new SimVehicle({
      home: opts.home,
      seed: opts.seed ?? hashSeed(`${link.id}#${sysid}`),
      uid: opts.uid,
      patrol: opts.patrol,
      limits: opts.limits,
      battery: opts.battery,
      gpsAcquisitionMs: opts.gpsAcquisitionMs,
    });
    const v = this.vehicle;
    // A patrol drone (the demo's) flies for ever: its battery failsafes warn but do not bring it home.
    const bootParams = opts.patrol ? { ...PATROL_PARAMS, ...opts.params } : opts.params;
    this.params = new ParamStore(copterParams({ sysid, batteryCapacityMah: v.battery.capacityMah, batteryCells: v.battery.cells }), bootParams);
    this.missions = new MissionStore(() => v.home);
    const send = (d: MavLinkData): void => this.send(d);
    const addressedToMe = (s: number, c: number): boolean => this.addressedToMe(s, c);
    this.autopilot = new Autopilot({ vehicle: v, params: this.params, missions: this.missions, send, sysid, bootMode: opts.bootMode });
    this.missionServer = new MissionServer({
      store: this.missions,
      clock,
      send,
      addressedToMe,
      setCurrent: (seq) => this.autopilot.setMissionCurrent(seq),
      legacyRequests: opts.legacyRequests,
      maxItems: opts.maxMissionItems,
    });
    this.paramServer = new ParamServer({ store: this.params, send, addressedToMe, text: (sev, t) => this.autopilot.text(sev, t) });

    this.lastTick = clock.now();
    this.scheduler = new StreamScheduler(this.lastTick, opts.streamOnStart ?? true);
    registerStreamCommands(this.commands, { scheduler: this.scheduler, build: (id) => this.build(id), now: () => this.clock.now() });
    registerFlightCommands(this.commands, this.autopilot, v);
    this.onMessage(MSG_COMMAND_LONG, (m) => this.command(m, false));
    this.onMessage(MSG_COMMAND_INT, (m) => this.command(m, true));
    this.onMessage(MSG_REQUEST_DATA_STREAM, (m) => this.requestDataStream(m));
    this.onMessage(MSG_SET_MODE, (m) => this.setMode(m));
    this.onMessage(MSG_SETUP_SIGNING, (m) => this.signing.setup(m));
    for (const id of Object.values(MISSION_MSG)) this.onMessage(id, (m) => this.missionServer.handle(m));
    for (const id of Object.values(PARAM_MSG)) this.onMessage(id, (m) => this.paramServer.handle(m));
  }

  /** Calls `fn` for every photo the simulated camera takes; returns the function that stops it. */
  onCameraTrigger(fn: (e: CameraTriggerEvent) => void): () => void {
    return this.autopilot.camera.onTrigger(fn);
  }

  /**
   * Answers MAV_CMD_REQUEST_MESSAGE for `msgid`, a message outside the stream schedule (a camera's),
   * with what `build` returns for the request (null fails it).
   */
  onRequestMessage(msgid: number, build: (req: CommandRequest) => MavLinkData | null): void {
    this.requestable.set(msgid, build);
  }

  /** The message `msgid` as it stands now, or null when this drone cannot send it (yet). */
  build(msgid: number): MavLinkData | null {
    return msgid === MSG.MISSION_CURRENT ? this.autopilot.missionCurrent() : this.builder.build(msgid, this.vehicle);
  }

  /** Drops timers and transfers in progress (the drone is stopping). */
  dispose(): void {
    this.missionServer.stop();
  }

  /** Registers (or replaces) the handler for inbound message `msgid`. */
  onMessage(msgid: number, handler: InboundHandler): void {
    this.handlers.set(msgid, handler);
  }

  /** Sends one message to the ground (see the module comment for where that goes). */
  send(data: MavLinkData): void {
    this.link.send(this.writer.encode(data));
  }

  /** True when a message's target ids include this drone (0 is broadcast). */
  addressedToMe(targetSystem: number, targetComponent: number): boolean {
    return (targetSystem === 0 || targetSystem === this.sysid) && (targetComponent === 0 || targetComponent === this.compid);
  }

  /** Handles one decoded inbound message. */
  receive(msg: InboundMessage): void {
    // On a shared link a drone may hear itself or its siblings; only others' requests matter.
    if (msg.sysid === this.sysid && msg.compid === this.compid) return;
    try {
      // With signing on, unsigned, forged and replayed frames are counted and otherwise ignored.
      if (!this.signing.admit(msg)) return;
      this.handlers.get(msg.msgid)?.(msg);
    } catch (err) {
      // A bad request must not take the drone down; it is counted like a step-loop fault.
      this.errors++;
      this.lastError = err;
    }
  }

  /** One physics step plus whatever messages fall due now. */
  tick(): void {
    const now = this.clock.now();
    try {
      this.vehicle.step((now - this.lastTick) * this.speedup);
      this.paramServer.step();
      this.due.length = 0;
      this.scheduler.due(now, this.due);
      for (const id of this.due) {
        const msg = this.build(id);
        if (msg) this.send(msg);
      }
    } catch (err) {
      this.errors++;
      this.lastError = err;
    }
    this.lastTick = now;
  }

  state(): SimState {
    return simState(this);
  }

  private command(m: InboundMessage, viaInt: boolean): void {
    const c = m.data as common.CommandLong | common.CommandInt;
    if (!this.addressedToMe(c.targetSystem, c.targetComponent)) return;
    const req: CommandRequest = {
      command: c.command,
      params: [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7],
      from: { sysid: m.sysid, compid: m.compid },
      viaInt,
      frame: viaInt ? (c as common.CommandInt).frame : undefined,
    };
    const out = this.answerRequest(req) ?? this.commands.handle(req);
    this.sendAck(req.command, out.result, m);
    for (const extra of out.then ?? []) this.send(extra);
    this.autopilot.publishMission();
  }

  /** MAV_CMD_REQUEST_MESSAGE for a message registered with `onRequestMessage`; undefined for any other command. */
  private answerRequest(req: CommandRequest): CommandOutcome | undefined {
    const build = req.command === CMD_REQUEST_MESSAGE ? this.requestable.get(Math.round(req.params[0])) : undefined;
    if (!build) return undefined;
    const msg = build(req);
    return msg ? { result: common.MavResult.ACCEPTED, then: [msg] } : { result: common.MavResult.FAILED };
  }

  /**
   * SET_MODE, answered as ArduPilot does: a COMMAND_ACK whose `command` is the SET_MODE message id (11).
   */
  private setMode(m: InboundMessage): void {
    const sm = m.data as common.SetMode;
    if (sm.targetSystem !== this.sysid && sm.targetSystem !== 0) return;
    this.sendAck(MSG_SET_MODE, setModeResult(this.autopilot, sm.baseMode, sm.customMode), m);
  }

  private sendAck(command: number, result: number, to: InboundMessage): void {
    const ack = this.ack;
    ack.command = command;
    ack.result = result;
    ack.progress = 0;
    ack.resultParam2 = 0;
    ack.targetSystem = to.sysid;
    ack.targetComponent = to.compid;
    this.send(ack);
  }

  private requestDataStream(m: InboundMessage): void {
    const r = m.data as common.RequestDataStream;
    if (!this.addressedToMe(r.targetSystem, r.targetComponent)) return;
    this.scheduler.requestStream(r.reqStreamId, r.reqMessageRate, r.startStop !== 0, this.clock.now());
  }
}

/** How many running drones use each link they own, so a shared link stops with the last one. */
const linkUsers = new WeakMap<Link, number>();

/**
 * Starts a simulated drone on `opts.link`: listens, starts the link (unless `ownsLink` is false),
 * sends its first heartbeat at once and then steps every `tickMs` of clock time.
 */
export async function startSimDrone(opts: SimDroneOptions): Promise<SimHandle> {
  validate(opts);
  const clock = opts.clock ?? new RealClock();
  const link = opts.link;
  const owns = opts.ownsLink ?? true;
  const drone = new SimDrone(opts.sysid, link, clock, opts);
  const reader = new MavlinkReader(link.id);
  const onMessage = (m: InboundMessage): void => drone.receive(m);
  const unsubscribe = link.subscribe((e: LinkEvent) => {
    if (e.kind === 'data') reader.push(e.bytes, e.peer, onMessage);
    else if (e.kind === 'down') reader.forget(e.peer);
  });

  if (owns) {
    linkUsers.set(link, (linkUsers.get(link) ?? 0) + 1);
    try {
      await link.start();
    } catch (err) {
      unsubscribe();
      await release(link);
      throw err;
    }
  }

  drone.tick();
  const timer: TimerHandle = clock.setInterval(() => drone.tick(), opts.tickMs ?? 50);
  let stopped: Promise<void> | null = null;
  return {
    sysid: drone.sysid,
    compid: drone.compid,
    link,
    drone,
    state: () => drone.state(),
    stop: () =>
      (stopped ??= (async () => {
        clock.clear(timer);
        unsubscribe();
        drone.dispose();
        if (owns) await release(link);
      })()),
  };
}

async function release(link: Link): Promise<void> {
  const n = (linkUsers.get(link) ?? 1) - 1;
  if (n > 0) {
    linkUsers.set(link, n);
    return;
  }
  linkUsers.delete(link);
  await link.stop();
}

function validate(o: SimDroneOptions): void {
  const int = (x: number | undefined, lo: number, hi: number): boolean => x === undefined || (Number.isInteger(x) && x >= lo && x <= hi);
  if (!int(o.sysid, 1, 255)) throw new RangeError(`sim: sysid must be an integer 1-255, got ${o.sysid}`);
  if (!int(o.compid, 1, 255)) throw new RangeError(`sim: compid must be an integer 1-255, got ${o.compid}`);
  if (!(Math.abs(o.home.lat) <= 90) || !(Math.abs(o.home.lon) <= 180) || !Number.isFinite(o.home.altMsl)) {
    throw new RangeError(`sim: home must be a valid position, got ${o.home.lat}, ${o.home.lon}, ${o.home.altMsl} m`);
  }
  if (o.speedup !== undefined && !(o.speedup > 0 && Number.isFinite(o.speedup))) throw new RangeError(`sim: speedup must be a positive number, got ${o.speedup}`);
  if (o.tickMs !== undefined && !(o.tickMs >= 1 && Number.isFinite(o.tickMs))) throw new RangeError(`sim: tickMs must be at least 1, got ${o.tickMs}`);
  if (o.patrol && !(o.patrol.radius > 0)) throw new RangeError(`sim: patrol radius must be positive, got ${o.patrol.radius}`);
}
