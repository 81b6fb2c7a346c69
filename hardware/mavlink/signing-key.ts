import { randomBytes } from 'node:crypto';
import { SIGNING_KEY_LENGTH } from './signing.js';

/** A fresh random 32-byte MAVLink signing key. */
export function generateSigningKey(): Buffer {
  return randomBytes(SIGNING_KEY_LENGTH);
}

/** True when every byte of `key` is zero: SETUP_SIGNING with such a key turns signing off. */
export function isDisablingKey(key: Uint8Array): boolean {
  return key.every((b) => b === 0);
}
