/**
 * Socket.IO clients that take `fleet:update` batches as the dashboard does and measure them:
 * batches and vehicle updates per client, and latency from each drone's send (carried in its
 * longitude, see send-time.ts) to receipt here. Nothing is kept per batch, so memory stays flat
 * at a thousand vehicles per tick.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/protocol.js';
import { MsHistogram } from './ms-histogram.js';
import { latencySince } from './send-time.js';

type FleetSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One client's counts over the measurement window. */
export interface WatcherCounts {
  batches: number;
  updates: number;
  /** Distinct vehicles that appeared in this window's batches. */
  vehiclesUpdated: number;
  /** Longest gap between two batches, ms. */
  maxBatchGapMs: number;
}

export interface WindowResult {
  seconds: number;
  perClient: WatcherCounts[];
  /** Drone send → receipt here, over every vehicle of every batch of every client. */
  latency: MsHistogram;
  /** Drone send → the server's batch time `t` (ingest, coalescing and the wait for the tick). */
  toEmit: MsHistogram;
  /** The server's batch time `t` → receipt here (encode, transport, decode), once per batch per client. */
  emitToReceipt: MsHistogram;
  /** `vehicle:link` lost events seen by any client. */
  lostEvents: number;
  /** Bytes of message packets the first client received in the window (engine.io payloads). */
  bytes: number;
  /** This process's event-loop delay over the window, ms: late handling here counts as latency. */
  loopDelayP99: number;
  loopDelayMax: number;
}

interface Watcher {
  socket: FleetSocket;
  known: Set<string>;
  counts: WatcherCounts;
  seen: Set<string>;
  lastBatchAt: number;
}

export interface FleetWatchers {
  /** Fewest vehicles any client knows of (snapshot and updates, since connecting). */
  minKnown(): number;
  /** Zeroes the counters and starts counting. */
  startWindow(): void;
  /** Stops counting and returns what was counted since {@link startWindow}. */
  endWindow(): WindowResult;
  close(): void;
}

/** Connects `count` websocket clients to `url` on the session of `token` and resolves once each has its snapshot. */
export async function connectWatchers(url: string, count: number, token: string): Promise<FleetWatchers> {
  const latency = new MsHistogram();
  const toEmit = new MsHistogram();
  const emitToReceipt = new MsHistogram();
  let lostEvents = 0;
  let bytes = 0;
  let measuring = false;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  let windowStart = 0;
  const watchers: Watcher[] = [];

  const watch = (socket: FleetSocket): Watcher => {
    const w: Watcher = { socket, known: new Set(), counts: zero(), seen: new Set(), lastBatchAt: 0 };
    socket.on('fleet:update', (u) => {
      const now = Date.now();
      const vehicles = u.vehicles;
      if (!measuring) {
        for (const v of vehicles) w.known.add(v.id);
        return;
      }
      const c = w.counts;
      c.batches++;
      c.updates += vehicles.length;
      if (w.lastBatchAt > 0) c.maxBatchGapMs = Math.max(c.maxBatchGapMs, now - w.lastBatchAt);
      w.lastBatchAt = now;
      emitToReceipt.add(now - u.t);
      for (const v of vehicles) {
        w.known.add(v.id);
        w.seen.add(v.id);
        if (v.position === null) continue;
        latency.add(latencySince(v.position.lon, now));
        toEmit.add(latencySince(v.position.lon, u.t));
      }
    });
    socket.on('vehicle:link', (e) => {
      if (measuring && e.state === 'lost') lostEvents++;
    });
    return w;
  };

  try {
    for (let i = 0; i < count; i++) {
      const socket: FleetSocket = io(url, { transports: ['websocket'], reconnection: false, timeout: 10_000, auth: { token } });
      const w = watch(socket);
      watchers.push(w);
      await new Promise<void>((resolve, reject) => {
        socket.once('fleet:snapshot', (list) => {
          for (const v of list) w.known.add(v.id);
          resolve();
        });
        socket.once('connect_error', reject);
      });
    }
  } catch (err) {
    for (const w of watchers) w.socket.close();
    throw err;
  }
  // The first client also counts the bytes it receives (the others receive the same).
  watchers[0]?.socket.io.engine.on('packet', (packet) => {
    if (measuring && typeof packet.data === 'string') bytes += packet.data.length;
  });

  return {
    minKnown: () => Math.min(...watchers.map((w) => w.known.size)),
    startWindow: () => {
      for (const w of watchers) {
        w.counts = zero();
        w.seen.clear();
        w.lastBatchAt = 0;
      }
      latency.reset();
      toEmit.reset();
      emitToReceipt.reset();
      lostEvents = 0;
      bytes = 0;
      windowStart = Date.now();
      loopDelay.reset();
      loopDelay.enable();
      measuring = true;
    },
    endWindow: () => {
      measuring = false;
      loopDelay.disable();
      const seconds = (Date.now() - windowStart) / 1000;
      const perClient = watchers.map((w) => ({ ...w.counts, vehiclesUpdated: w.seen.size }));
      const loopDelayP99 = loopDelay.percentile(99) / 1e6;
      const loopDelayMax = loopDelay.max / 1e6;
      return { seconds, perClient, latency, toEmit, emitToReceipt, lostEvents, bytes, loopDelayP99, loopDelayMax };
    },
    close: () => {
      for (const w of watchers) w.socket.close();
    },
  };
}

function zero(): WatcherCounts {
  return { batches: 0, updates: 0, vehiclesUpdated: 0, maxBatchGapMs: 0 };
}
