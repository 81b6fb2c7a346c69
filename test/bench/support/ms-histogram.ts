/**
 * Counts millisecond durations in 1 ms buckets: exact percentiles for the whole-millisecond values
 * `Date.now()` differences give, in fixed memory however many samples a run takes.
 */
export class MsHistogram {
  private readonly buckets: Uint32Array;
  private total = 0;
  private maxSeen = 0;
  private sum = 0;

  /** Values above `limitMs` count towards the total and the maximum only (percentiles there report the maximum). */
  constructor(private readonly limitMs = 60_000) {
    this.buckets = new Uint32Array(limitMs + 1);
  }

  add(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const v = ms < 0 ? 0 : Math.round(ms);
    this.total++;
    this.sum += v;
    if (v > this.maxSeen) this.maxSeen = v;
    if (v <= this.limitMs) this.buckets[v]++;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxSeen;
  }

  get mean(): number {
    return this.total === 0 ? NaN : this.sum / this.total;
  }

  /** The smallest value at or below which a fraction `q` of the samples lie; NaN when empty. */
  percentile(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let ms = 0; ms <= this.limitMs; ms++) {
      seen += this.buckets[ms];
      if (seen >= rank) return ms;
    }
    return this.maxSeen;
  }

  reset(): void {
    this.buckets.fill(0);
    this.total = 0;
    this.maxSeen = 0;
    this.sum = 0;
  }

  /** Adds another histogram's samples to this one (same limit). */
  merge(other: MsHistogram): void {
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i] += other.buckets[i];
    this.total += other.total;
    this.sum += other.sum;
    if (other.maxSeen > this.maxSeen) this.maxSeen = other.maxSeen;
  }
}
