/**
 * A vehicle driven by the test: what the ground-station side sends is encoded with the real writer
 * and decoded with the real reader; answers are encoded as the vehicle would send them.
 */
import { MavLinkProtocolV2 } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { InboundMessage } from '../../../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../../../hardware/mavlink/writer.js';

export interface Handler {
  handle(msg: InboundMessage): void;
}

export class FakeVehicle {
  /** Everything the ground station sent, decoded, oldest first. */
  readonly inbox: InboundMessage[] = [];
  private readonly writer = new MavlinkWriter(255, 190);
  private readonly gcsReader = new MavlinkReader('test://vehicle-side');
  private readonly vehicleReader = new MavlinkReader('test://gcs-side');
  private seq = 0;

  constructor(
    readonly sysid = 1,
    readonly compid = 1,
  ) {}

  /** The `send` port to give the service under test. */
  readonly port = (data: MavLinkData): void => {
    this.gcsReader.push(this.writer.encode(data), 'gcs', (m) => this.inbox.push(m));
  };

  /** Decoded messages of one id that the ground station sent. */
  sent<T extends MavLinkData>(msgid: number): T[] {
    return this.inbox.filter((m) => m.msgid === msgid).map((m) => m.data as T);
  }

  /** `data` as the ground station would receive it from this vehicle (or another sender). */
  message(data: MavLinkData, from: { sysid?: number; compid?: number } = {}): InboundMessage {
    const bytes = new MavLinkProtocolV2(from.sysid ?? this.sysid, from.compid ?? this.compid).serialize(data, this.seq++ & 0xff);
    let out: InboundMessage | undefined;
    this.vehicleReader.push(bytes, 'vehicle', (m) => {
      out = m;
    });
    if (!out) throw new Error('answer did not decode');
    return out;
  }

  /** Sends `data` to `to` as this vehicle. */
  answer(to: Handler, data: MavLinkData, from: { sysid?: number; compid?: number } = {}): void {
    to.handle(this.message(data, from));
  }
}

/** A promise's state, readable synchronously after `flush()`. */
export interface Tracked<T> {
  state: 'pending' | 'resolved' | 'rejected';
  value?: T;
  error?: unknown;
}

export function track<T>(p: Promise<T>): Tracked<T> {
  const t: Tracked<T> = { state: 'pending' };
  p.then(
    (value) => {
      t.state = 'resolved';
      t.value = value;
    },
    (error: unknown) => {
      t.state = 'rejected';
      t.error = error;
    },
  );
  return t;
}

/** Lets settled promises run their callbacks. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
