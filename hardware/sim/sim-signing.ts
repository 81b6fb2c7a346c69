/**
 * The simulated drone's MAVLink signing, as an autopilot does it: SETUP_SIGNING from the ground
 * station stores a key and initial timestamp; from then on every frame the drone sends is signed,
 * and only correctly signed, fresh frames (and RADIO_STATUS, which radios inject) reach its
 * handlers. A key of 32 zero bytes turns signing off again.
 */
import type { common } from 'node-mavlink';
import type { Clock } from '../clock.js';
import type { InboundMessage } from '../mavlink/frame.js';
import { isDisablingKey } from '../mavlink/signing-key.js';
import { SigningVerifier, assertSigningKey, type SigningStats } from '../mavlink/signing.js';
import type { MavlinkWriter } from '../mavlink/writer.js';

/** Signing the drone boots with (as if SETUP_SIGNING had been received before). */
export interface SimSigningOptions {
  /** The 32-byte secret key. */
  key: Buffer;
  /** Link id in the drone's own signatures; default 0. */
  linkId?: number;
  /** 10 µs units since 2015-01-01; default 0. */
  initialTimestamp?: number;
}

/** SETUP_SIGNING's message id. */
export const MSG_SETUP_SIGNING = 256;

function emptyStats(): SigningStats {
  return { accepted: 0, acceptedUnsigned: 0, unsigned: 0, badSignature: 0, replay: 0 };
}

export class SimSigning {
  private verifier: SigningVerifier | null = null;
  /** Counts from verifiers replaced by a key change, so totals never go back. */
  private readonly earlier = emptyStats();
  private linkId: number;

  constructor(
    private readonly writer: MavlinkWriter,
    private readonly clock: Clock,
    private readonly addressedToMe: (targetSystem: number, targetComponent: number) => boolean,
    opts?: SimSigningOptions,
  ) {
    this.linkId = opts?.linkId ?? 0;
    if (opts) this.enable(opts.key, opts.initialTimestamp ?? 0);
  }

  /** True while the drone signs what it sends and requires signed frames. */
  get active(): boolean {
    return this.verifier !== null;
  }

  /** True when `msg` may be handled: signing is off, or the frame passes the checks (counted either way). */
  admit(msg: InboundMessage): boolean {
    return this.verifier === null || this.verifier.check(msg.frame).ok;
  }

  /** Handles SETUP_SIGNING (already admitted): a new key and timestamp, or signing off for an all-zero key. */
  setup(msg: InboundMessage): void {
    const s = msg.data as common.SetupSigning;
    if (!this.addressedToMe(s.targetSystem, s.targetComponent)) return;
    const key = Buffer.from(s.secretKey);
    if (isDisablingKey(key)) {
      this.retire();
      this.writer.setSigning(null);
      return;
    }
    this.enable(key, Number(s.initialTimestamp));
  }

  /** Totals over every key this drone has used. */
  stats(): SigningStats {
    const now = this.verifier?.stats() ?? emptyStats();
    const out = emptyStats();
    for (const k of Object.keys(out) as (keyof SigningStats)[]) out[k] = this.earlier[k] + now[k];
    return out;
  }

  private enable(key: Buffer, initialTimestamp: number): void {
    assertSigningKey(key);
    this.retire();
    this.verifier = new SigningVerifier({ key, initialTimestamp });
    this.writer.setSigning({ key, linkId: this.linkId, clock: this.clock, initialTimestamp });
  }

  private retire(): void {
    if (this.verifier === null) return;
    const old = this.verifier.stats();
    for (const k of Object.keys(old) as (keyof SigningStats)[]) this.earlier[k] += old[k];
    this.verifier = null;
  }
}
