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
 * Extension seams for later layers: `drone.vehicle.setPilot(p)` to fly (mission, take-off, RTL,
 * land, goto — see guidance.ts), `drone.commands.on(MAV_CMD, handler)` for commands, and
 * `drone.onMessage(msgid, handler)` for other inbound microservices (mission transfer, params).
 */
import type { MavLinkData } from 'node-mavlink';
import { common } from 'node-mavlink';
import type { Clock, TimerHandle } from '../clock.js';
import { RealClock } from '../clock.js';
import type { Link, LinkEvent } from '../link/link.js';
import type { InboundMessage } from '../mavlink/frame.js';
import { MavlinkReader } from '../mavlink/reader.js';
import { MavlinkWriter } from '../mavlink/writer.js';
import type { BatteryOptions } from './battery.js';
import { CommandTable, registerStreamCommands, type CommandRequest } from './command-handler.js';
import { MessageBuilder } from './messages.js';
import type { MulticopterLimits } from './multicopter.js';
import type { PatrolOptions } from './patrol.js';
import { hashSeed } from './rng.js';
import { StreamScheduler } from './streams.js';
import { SimVehicle } from './vehicle.js';
import type { Home } from './world.js';

export interface SimDroneOptions {
  link: Link;
  /** MAVLink system id, 1–255. */
  sysid: number;
  /** Component id; default 1 (MAV_COMP_ID_AUTOPILOT1). */
  compid?: number;
  /** Default: the wall clock. */
  clock?: Clock;
  home: Home;
  /** Loop flown from boot; default a 200 m circle at 60 m around home. */
  patrol?: PatrolOptions;
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
}

/** A snapshot for tests and tools. Angles in degrees, speeds in m/s. */
export interface SimState {
  sysid: number;
  compid: number;
  bootMs: number;
  armed: boolean;
  mode: number;
  lat: number;
  lon: number;
  altMsl: number;
  altRel: number;
  /** Metres from home in the local frame. */
  east: number;
  north: number;
  groundSpeed: number;
  climbRate: number;
  course: number;
  heading: number;
  roll: number;
  pitch: number;
  battery: { percent: number; voltage: number; current: number };
  gps: { fixType: number; satellites: number; hdop: number };
  /** Exceptions caught in the step loop (a bug, not a flight event). */
  errors: number;
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

const MSG_COMMAND_INT = 75;
const MSG_COMMAND_LONG = 76;
const MSG_REQUEST_DATA_STREAM = 66;
const DEG = 180 / Math.PI;

/** One simulated drone: model, schedule, commands, and the send path. */
export class SimDrone {
  readonly vehicle: SimVehicle;
  readonly scheduler: StreamScheduler;
  readonly commands = new CommandTable();
  readonly compid: number;
  errors = 0;
  lastError: unknown = null;
  private readonly builder = new MessageBuilder();
  private readonly writer: MavlinkWriter;
  private readonly handlers = new Map<number, InboundHandler>();
  private readonly ack = new common.CommandAck();
  private readonly due: number[] = [];
  private readonly speedup: number;
  private lastTick: number;

  constructor(
    readonly sysid: number,
    private readonly link: Link,
    private readonly clock: Clock,
    opts: SimDroneOptions,
  ) {
    this.compid = opts.compid ?? 1;
    this.speedup = opts.speedup ?? 1;
    this.writer = new MavlinkWriter(sysid, this.compid);
    this.vehicle = new SimVehicle({
      home: opts.home,
      seed: opts.seed ?? hashSeed(`${link.id}#${sysid}`),
      uid: opts.uid,
      patrol: opts.patrol,
      limits: opts.limits,
      battery: opts.battery,
      gpsAcquisitionMs: opts.gpsAcquisitionMs,
    });
    this.lastTick = clock.now();
    this.scheduler = new StreamScheduler(this.lastTick, opts.streamOnStart ?? true);
    registerStreamCommands(this.commands, { scheduler: this.scheduler, builder: this.builder, source: this.vehicle, now: () => this.clock.now() });
    this.onMessage(MSG_COMMAND_LONG, (m) => this.command(m, false));
    this.onMessage(MSG_COMMAND_INT, (m) => this.command(m, true));
    this.onMessage(MSG_REQUEST_DATA_STREAM, (m) => this.requestDataStream(m));
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
    this.handlers.get(msg.msgid)?.(msg);
  }

  /** One physics step plus whatever messages fall due now. */
  tick(): void {
    const now = this.clock.now();
    try {
      this.vehicle.step((now - this.lastTick) * this.speedup);
      this.due.length = 0;
      this.scheduler.due(now, this.due);
      for (const id of this.due) {
        const msg = this.builder.build(id, this.vehicle);
        if (msg) this.send(msg);
      }
    } catch (err) {
      this.errors++;
      this.lastError = err;
    }
    this.lastTick = now;
  }

  state(): SimState {
    const v = this.vehicle;
    const b = v.body;
    const p = v.frame.toGeo(b.east, b.north);
    return {
      sysid: this.sysid,
      compid: this.compid,
      bootMs: v.bootMs,
      armed: v.armed,
      mode: v.mode,
      lat: p.lat,
      lon: p.lon,
      altMsl: v.home.altMsl + b.up,
      altRel: b.up,
      east: b.east,
      north: b.north,
      groundSpeed: b.speed,
      climbRate: b.climb,
      course: deg360(b.course),
      heading: deg360(b.yaw),
      roll: b.roll * DEG,
      pitch: b.pitch * DEG,
      battery: { percent: v.battery.percent, voltage: v.battery.voltage, current: v.battery.current },
      gps: { fixType: v.gps.fixType, satellites: v.gps.satellites, hdop: v.gps.hdop },
      errors: this.errors,
    };
  }

  private command(m: InboundMessage, viaInt: boolean): void {
    const c = m.data as common.CommandLong | common.CommandInt;
    if (!this.addressedToMe(c.targetSystem, c.targetComponent)) return;
    const req: CommandRequest = {
      command: c.command,
      params: [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7],
      from: { sysid: m.sysid, compid: m.compid },
      viaInt,
    };
    const out = this.commands.handle(req);
    const ack = this.ack;
    ack.command = req.command;
    ack.result = out.result;
    ack.progress = 0;
    ack.resultParam2 = 0;
    ack.targetSystem = m.sysid;
    ack.targetComponent = m.compid;
    this.send(ack);
    for (const extra of out.then ?? []) this.send(extra);
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

function deg360(rad: number): number {
  const d = (rad * DEG) % 360;
  return d < 0 ? d + 360 : d;
}
