/**
 * Our 1 Hz ground-station heartbeat to every peer of every link. A link with no peer yet (a listener
 * nobody talked to) is skipped, not counted as a failed write. A link with many peers gets its
 * heartbeats spread over the period in slices: a thousand sends at once stall the event loop for tens
 * of ms, long enough for the kernel to drop incoming telemetry. Vehicles we sign to get a heartbeat
 * signed for them (an unsigned one would be refused).
 */
import { minimal } from 'node-mavlink';
import type { Link } from '../../hardware/link/link.js';
import type { MavlinkWriter } from '../../hardware/mavlink/writer.js';
import type { FleetVehicle } from './fleet-vehicle.js';
import type { LinkSigning } from './link-signing.js';

/** The heartbeat period is split into this many slices on links with many peers. */
export const HEARTBEAT_SLICES = 10;

/** What the heartbeat needs of one link. */
export interface HeartbeatLink {
  link: Link;
  writer: MavlinkWriter;
  signing: LinkSigning;
  /** peer → system id → the vehicles of that system on that peer. */
  systems: Map<string, Map<number, FleetVehicle[]>>;
}

export class GcsHeartbeat {
  private slot = 0;
  private readonly message: minimal.Heartbeat;

  constructor() {
    const hb = new minimal.Heartbeat();
    hb.type = minimal.MavType.GCS;
    hb.autopilot = minimal.MavAutopilot.INVALID;
    hb.baseMode = 0 as minimal.MavModeFlag;
    hb.customMode = 0;
    hb.systemStatus = minimal.MavState.ACTIVE;
    hb.mavlinkVersion = 3;
    this.message = hb;
  }

  /** Sends the next slice; called HEARTBEAT_SLICES times per heartbeat period. */
  sendSlice(links: Iterable<HeartbeatLink>): void {
    const slot = this.slot;
    this.slot = (slot + 1) % HEARTBEAT_SLICES;
    for (const entry of links) {
      const peers = entry.link.peers();
      if (peers.length === 0) continue;
      const few = peers.length <= HEARTBEAT_SLICES;
      if (few && !entry.signing.any) {
        if (slot === 0) entry.link.send(entry.writer.encode(this.message));
        continue;
      }
      const from = few ? (slot === 0 ? 0 : peers.length) : Math.floor((slot * peers.length) / HEARTBEAT_SLICES);
      const to = few ? peers.length : Math.floor(((slot + 1) * peers.length) / HEARTBEAT_SLICES);
      let bytes: Buffer | null = null;
      for (let i = from; i < to; i++) {
        if (this.sendSigned(entry, peers[i])) continue;
        bytes ??= entry.writer.encode(this.message);
        entry.link.send(bytes, peers[i]);
      }
    }
  }

  /** Signed heartbeats to the vehicles we sign to at `peer`; true when that covered every vehicle there. */
  private sendSigned(entry: HeartbeatLink, peer: string): boolean {
    const signed = entry.signing.signedAt(peer);
    if (signed === undefined) return false;
    for (const c of signed) c.send(this.message);
    let vehicles = 0;
    for (const list of entry.systems.get(peer)?.values() ?? []) vehicles += list.length;
    return vehicles <= signed.size;
  }
}
