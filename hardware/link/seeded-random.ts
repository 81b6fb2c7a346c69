/** Seeded pseudo-random numbers, so a faulty link drops the same packets on every run with the same seed. */

/** A generator of floats in [0, 1) from a 32-bit seed (Mulberry32): small, fast and ample for fault decisions. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seed for sub-stream `stream` of `seed` (one per link direction), scrambled so that neighbouring
 * seeds and streams give unrelated sequences.
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A fresh 32-bit seed for links built without one; callers report it so a failing run can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}
