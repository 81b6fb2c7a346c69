/**
 * The ground station's MAVLink signing for one vehicle path: what it lets in and how it writes.
 *
 * Off (the default) it lets every frame in and leaves encoding to the link's shared writer, so a
 * vehicle that does not sign works as it always did. On, it signs every frame to the vehicle with
 * its own writer (link id per link, timestamps from a source shared by the whole link) and drops
 * unsigned, wrongly signed, replayed and stale frames from it (RADIO_STATUS passes: radios inject
 * it unsigned). A change of key waits for proof: SETUP_SIGNING has no acknowledgement, so a
 * proposed key is adopted only once a frame signed with it arrives (and "off" once an unsigned
 * one does); until then the old rules hold.
 */
import type { common, MavLinkData } from 'node-mavlink';
import type { Frame } from '../mavlink/frame.js';
import { MSG_RADIO_STATUS, SIGNING_KEY_LENGTH, SigningVerifier, assertSigningKey, signatureMatches, type SigningRejection, type SigningTimestamps } from '../mavlink/signing.js';
import { MavlinkWriter } from '../mavlink/writer.js';
import { buildSetupSigning } from './signing-setup.js';

/** Frames dropped, by reason; `replay` includes stale timestamps. */
export interface SigningRejects {
  unsigned: number;
  badSignature: number;
  replay: number;
}

/** `off`: no key; `pending`: a change was proposed and not yet seen in effect; `on`: signing. */
export type SigningState = 'off' | 'pending' | 'on';

export interface SigningGateOptions {
  /** Our own MAVLink identity (the link writer's). */
  sysid: number;
  compid: number;
  /** The vehicle's ids, the target of SETUP_SIGNING. */
  target: { sysid: number; compid: number };
  /** Link id carried in our signatures: one per link, so each link is a stream of its own. */
  linkId: number;
  /** Timestamps shared by every vehicle on the link: strictly increasing per link. */
  timestamps: SigningTimestamps;
  /** The link's totals, counted up with this path's own. */
  linkRejects?: SigningRejects;
  /** Told once, for the first signed frame heard while this path has no key (a signing vehicle reconnecting). */
  onSignedWhileOff?: (frame: Frame) => void;
  /** Told whenever {@link SigningGate.signing} changes. */
  onSigningChange?: (signing: boolean) => void;
}

interface Proposal {
  /** Null: turning signing off. */
  key: Buffer | null;
  verifier: SigningVerifier | null;
  onAdopted: () => void;
}

const emptyRejects = (): SigningRejects => ({ unsigned: 0, badSignature: 0, replay: 0 });
const REJECT_FIELD: Record<SigningRejection, keyof SigningRejects> = { unsigned: 'unsigned', 'bad-signature': 'badSignature', replay: 'replay' };

export class SigningGate {
  private key: Buffer | null = null;
  private verifier: SigningVerifier | null = null;
  private proposal: Proposal | null = null;
  private readonly writer: MavlinkWriter;
  private readonly rejects = emptyRejects();
  private told = false;

  constructor(private readonly opts: SigningGateOptions) {
    this.writer = new MavlinkWriter(opts.sysid, opts.compid);
  }

  get state(): SigningState {
    if (this.proposal !== null) return 'pending';
    return this.key === null ? 'off' : 'on';
  }

  /** True while frames to this vehicle are signed and unsigned ones from it are refused. */
  get signing(): boolean {
    return this.key !== null;
  }

  /** Frames from this path dropped so far, by reason. */
  stats(): SigningRejects {
    return { ...this.rejects };
  }

  /**
   * Whether one frame from the vehicle may reach telemetry and microservices. Rejections are
   * counted; a frame signed with a proposed key adopts it.
   */
  admit(frame: Frame): boolean {
    const p = this.proposal;
    if (p !== null) {
      if (p.key !== null && frame.signature !== null && signatureMatches(frame.raw, p.key)) {
        if (!this.verdict(p.verifier!, frame)) return false;
        this.adopt(p);
        return true;
      }
      if (p.key === null && frame.signature === null && frame.msgid !== MSG_RADIO_STATUS) {
        this.adopt(p);
        return true;
      }
    }
    if (this.verifier === null) {
      if (frame.signature !== null && !this.told && this.proposal === null) {
        this.told = true;
        this.opts.onSignedWhileOff?.(frame);
      }
      return true;
    }
    return this.verdict(this.verifier, frame);
  }

  /** Signed bytes for `data` while signing; null when the link's shared (unsigned) writer should encode it. */
  encode(data: MavLinkData): Buffer | null {
    return this.key === null ? null : this.writer.encode(data);
  }

  /**
   * Proposes a new key (null: signing off) and returns the SETUP_SIGNING that carries it, to be
   * sent (several times; it has no acknowledgement) until `onAdopted` is called. It goes out
   * under the current rules: unsigned, or signed with the key the vehicle holds now.
   */
  propose(key: Buffer | null, onAdopted: () => void): common.SetupSigning {
    if (this.proposal !== null) throw new Error('signing: a change is already waiting for the vehicle');
    if (key !== null) assertSigningKey(key);
    const initialTimestamp = this.opts.timestamps.next();
    this.proposal = {
      key: key && Buffer.from(key),
      verifier: key && new SigningVerifier({ key, initialTimestamp }),
      onAdopted,
    };
    const { sysid, compid } = this.opts.target;
    return buildSetupSigning({ targetSystem: sysid, targetComponent: compid, key: key ?? Buffer.alloc(SIGNING_KEY_LENGTH), initialTimestamp });
  }

  /** Drops a proposal the vehicle never took up; the current rules stay. */
  withdraw(): void {
    this.proposal = null;
  }

  /**
   * Starts signing with a key the vehicle already uses (found in the store for a vehicle that
   * came back signed), without SETUP_SIGNING. Ignored while a change is pending.
   */
  resume(key: Buffer): void {
    if (this.proposal !== null) return;
    assertSigningKey(key);
    this.use(Buffer.from(key), new SigningVerifier({ key }));
  }

  private adopt(p: Proposal): void {
    this.proposal = null;
    this.use(p.key, p.verifier);
    p.onAdopted();
  }

  private use(key: Buffer | null, verifier: SigningVerifier | null): void {
    const was = this.key !== null;
    // A path whose signing was decided (resumed, turned on or off) is never resumed by a late frame.
    this.told = true;
    this.key = key;
    this.verifier = verifier;
    this.writer.setSigning(key === null ? null : { key, linkId: this.opts.linkId, timestamps: this.opts.timestamps });
    if (was !== (key !== null)) this.opts.onSigningChange?.(key !== null);
  }

  private verdict(verifier: SigningVerifier, frame: Frame): boolean {
    const v = verifier.check(frame);
    if (v.ok) return true;
    const field = REJECT_FIELD[v.reason];
    this.rejects[field]++;
    if (this.opts.linkRejects) this.opts.linkRejects[field]++;
    return false;
  }
}
