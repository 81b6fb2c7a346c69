/**
 * MAVLink signing as one link of the fleet sees it: one timestamp source for every vehicle on the
 * link (so our timestamps only go up on it), the link's totals of refused frames, and which peers
 * have vehicles we sign to (they need signed heartbeats of their own).
 */
import type { Clock } from '../../hardware/clock.js';
import type { Frame } from '../../hardware/mavlink/frame.js';
import { SigningTimestamps } from '../../hardware/mavlink/signing.js';
import { SigningGate, type SigningRejects } from '../../hardware/vehicle/signing-gate.js';
import type { VehicleConnection } from '../../hardware/vehicle/vehicle-connection.js';

export interface PathSigningOptions {
  /** Our own MAVLink identity on the link. */
  us: { sysid: number; compid: number };
  target: { sysid: number; compid: number };
  /** The path's connection, once it exists (the gate is made first, to be handed to it). */
  connection: () => VehicleConnection;
  /** The first signed frame heard on the path while it has no key. */
  onSignedWhileOff: (gate: SigningGate, frame: Frame) => void;
}

export class LinkSigning {
  readonly timestamps: SigningTimestamps;
  readonly rejects: SigningRejects = { unsigned: 0, badSignature: 0, replay: 0 };
  private readonly byPeer = new Map<string, Set<VehicleConnection>>();

  /** @param linkId signature link id of this link (one per link of the fleet, 0–255). */
  constructor(
    clock: Clock,
    private readonly linkId: number,
  ) {
    this.timestamps = new SigningTimestamps(clock);
  }

  /** The signing gate of a new vehicle path on this link. */
  gate(o: PathSigningOptions): SigningGate {
    const gate: SigningGate = new SigningGate({
      ...o.us,
      target: o.target,
      linkId: this.linkId,
      timestamps: this.timestamps,
      linkRejects: this.rejects,
      onSignedWhileOff: (frame) => o.onSignedWhileOff(gate, frame),
      onSigningChange: (on) => this.track(o.connection(), on),
    });
    return gate;
  }

  /** True when some vehicle on this link is signed to. */
  get any(): boolean {
    return this.byPeer.size > 0;
  }

  /** The connections at `peer` we sign to, if any. */
  signedAt(peer: string): ReadonlySet<VehicleConnection> | undefined {
    return this.byPeer.get(peer);
  }

  /** Records that we do (or no longer) sign to `connection`; a removed path is dropped with `on` false. */
  track(connection: VehicleConnection, on: boolean): void {
    const { peer } = connection;
    let set = this.byPeer.get(peer);
    if (on) {
      if (set === undefined) this.byPeer.set(peer, (set = new Set()));
      set.add(connection);
      return;
    }
    set?.delete(connection);
    if (set?.size === 0) this.byPeer.delete(peer);
  }
}
