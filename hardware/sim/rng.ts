/** Small deterministic randomness for the simulator, so a drone behaves the same on every run with the same seed. */
import { seededRandom } from '../link/seeded-random.js';

/** FNV-1a hash of a string to an unsigned 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The fault link's seeded generator with the draws the simulator needs; `next()` returns a float in [0, 1). */
export class Rng {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** A 64-bit value from two draws, e.g. for a hardware uid. */
  uint64(): bigint {
    const hi = BigInt(Math.floor(this.next() * 4294967296));
    const lo = BigInt(Math.floor(this.next() * 4294967296));
    return (hi << 32n) | lo;
  }
}
