/** A minimal ground station for simulator tests: the other end of a memory link, decoding and recording. */
import type { MavLinkData } from 'node-mavlink';
import { common } from 'node-mavlink';
import { ManualClock } from '../../../../hardware/clock.js';
import type { Link } from '../../../../hardware/link/link.js';
import { memoryPair } from '../../../../hardware/link/memory.js';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../../hardware/mavlink/writer.js';
import { startSimDrone, type SimDroneOptions, type SimHandle } from '../../../../hardware/sim/sim-drone.js';

/** A received message with the clock time it arrived. */
export interface Heard {
  at: number;
  msg: InboundMessage;
}

export const HOME = { lat: 22.5431, lon: 114.0579, altMsl: 12 };

/** Lets queued link deliveries (microtasks) run. */
export async function flush(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

export class GroundStation {
  readonly heard: Heard[] = [];
  private readonly reader: MavlinkReader;
  private readonly writer = new MavlinkWriter(255, 190);
  private readonly listeners = new Set<(msg: InboundMessage) => void>();

  constructor(
    readonly link: Link,
    private readonly clock: ManualClock,
  ) {
    this.reader = new MavlinkReader(link.id);
    link.subscribe((e) => {
      if (e.kind === 'data') {
        this.reader.push(e.bytes, e.peer, (msg) => {
          this.heard.push({ at: clock.now(), msg });
          for (const fn of this.listeners) fn(msg);
        });
      }
    });
  }

  /** Clock time now. */
  now(): number {
    return this.clock.now();
  }

  /** Calls `fn` for every message as it arrives (to script replies); returns the function that stops it. */
  listen(fn: (msg: InboundMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Runs the clock until `done()` holds, in `step` ms steps; throws after `maxMs` of clock time. */
  async runUntil(what: string, done: () => boolean, maxMs: number, step = 50): Promise<number> {
    const t0 = this.clock.now();
    while (!done()) {
      if (this.clock.now() - t0 >= maxMs) throw new Error(`not within ${maxMs} ms of clock time: ${what}`);
      this.clock.advance(step);
      await flush();
    }
    return this.clock.now() - t0;
  }

  /** Advances the clock in physics-sized steps, letting deliveries land so arrival times are right. */
  async run(ms: number, step = 50): Promise<void> {
    for (let t = 0; t < ms; t += step) {
      this.clock.advance(Math.min(step, ms - t));
      await flush();
    }
  }

  send(data: MavLinkData): void {
    this.link.send(this.writer.encode(data));
  }

  /** Sends COMMAND_LONG to (sysid, 1) with the given params. */
  async command(sysid: number, command: number, ...params: number[]): Promise<void> {
    const c = new common.CommandLong();
    c.targetSystem = sysid;
    c.targetComponent = 1;
    c.command = command;
    c.confirmation = 0;
    [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] = [0, 1, 2, 3, 4, 5, 6].map((i) => params[i] ?? 0);
    this.send(c);
    await flush();
    await flush();
  }

  /** Sends COMMAND_INT to (sysid, 1): params 5 and 6 are integers (degE7 for positions). */
  async commandInt(sysid: number, command: number, frame: number, params: number[]): Promise<void> {
    const c = new common.CommandInt();
    c.targetSystem = sysid;
    c.targetComponent = 1;
    c.command = command;
    c.frame = frame;
    c.current = 0;
    c.autocontinue = 0;
    [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] = [0, 1, 2, 3, 4, 5, 6].map((i) => params[i] ?? 0);
    this.send(c);
    await flush();
    await flush();
  }

  /** The last COMMAND_ACK for `command`, if any. */
  lastAck(command: number): common.CommandAck | undefined {
    return this.of<common.CommandAck>(77).map((m) => m.data).filter((a) => a.command === command).at(-1);
  }

  /** STATUSTEXT texts heard at or after `since`. */
  texts(since = -Infinity): string[] {
    return this.of<common.StatusText>(253, since).map((m) => m.data.text);
  }

  /** Messages with `msgid` heard in clock time [since, until). */
  of<T extends MavLinkData = MavLinkData>(msgid: number, since = -Infinity, until = Infinity): { at: number; data: T; sysid: number; compid: number }[] {
    return this.heard
      .filter((h) => h.msg.msgid === msgid && h.at >= since && h.at < until)
      .map((h) => ({ at: h.at, data: h.msg.data as T, sysid: h.msg.sysid, compid: h.msg.compid }));
  }

  /** Ids of everything heard at or after `since`. */
  ids(since = -Infinity): Set<number> {
    return new Set(this.heard.filter((h) => h.at >= since).map((h) => h.msg.msgid));
  }
}

/** Starts a drone on a memory pair with a manual clock and a ground station on the other end. */
export async function simWithGcs(opts: Partial<SimDroneOptions> = {}): Promise<{ sim: SimHandle; gcs: GroundStation; clock: ManualClock }> {
  const clock = new ManualClock(1_000_000);
  const [droneEnd, gcsEnd] = memoryPair(['drone', 'gcs']);
  await gcsEnd.start();
  const gcs = new GroundStation(gcsEnd, clock);
  const sim = await startSimDrone({ link: droneEnd, sysid: 7, clock, home: HOME, gpsAcquisitionMs: 0, ...opts });
  await flush();
  return { sim, gcs, clock };
}
