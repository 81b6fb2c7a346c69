/**
 * Notices batches the server skipped: each source numbers its `fleet:update` batches, and the server
 * drops batches for a client that cannot keep up. A gap means some vehicles' latest state may have
 * been missed, so the dashboard asks for a snapshot.
 */
export class UpdateSequence {
  private readonly last = new Map<string, number>();

  /** Records a batch; true when batches from its source were skipped since the previous one. */
  observe(src: string, seq: number): boolean {
    const previous = this.last.get(src);
    this.last.set(src, seq);
    return previous !== undefined && seq !== previous + 1;
  }

  /** Forgets every source (after a reconnect, numbering starts afresh). */
  reset(): void {
    this.last.clear();
  }
}
