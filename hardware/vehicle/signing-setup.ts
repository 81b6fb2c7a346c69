/** The ground station's side of turning signing on: the SETUP_SIGNING message for one vehicle. */
import { common } from 'node-mavlink';
import { assertSigningKey } from '../mavlink/signing.js';

export interface SigningSetup {
  targetSystem: number;
  /** Default 0 (every component of the vehicle). */
  targetComponent?: number;
  /** The 32-byte secret key; 32 zero bytes turn signing off on the vehicle. */
  key: Buffer;
  /** 10 µs units since 2015-01-01; build it with `signingTimestamp(clock.now())` from `mavlink/signing.ts`. */
  initialTimestamp: number;
}

/** SETUP_SIGNING (256). Send it over a link you trust: it carries the key in clear. */
export function buildSetupSigning(s: SigningSetup): common.SetupSigning {
  assertSigningKey(s.key);
  const msg = new common.SetupSigning();
  msg.targetSystem = s.targetSystem;
  msg.targetComponent = s.targetComponent ?? 0;
  msg.secretKey = [...s.key];
  msg.initialTimestamp = BigInt(Math.max(0, Math.floor(s.initialTimestamp)));
  return msg;
}
