/** The vehicles ticked in the list for a fleet action (apart from the one selected for details). */

export class FleetPicks {
  private readonly ids = new Set<string>();
  private readonly listeners = new Set<() => void>();

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Picked ids, in picking order. */
  values(): string[] {
    return [...this.ids];
  }

  toggle(id: string): void {
    if (!this.ids.delete(id)) this.ids.add(id);
    this.changed();
  }

  /** Replaces the picks. */
  set(ids: Iterable<string>): void {
    this.ids.clear();
    for (const id of ids) this.ids.add(id);
    this.changed();
  }

  /** Drops ids no longer present; true when any went. */
  retain(present: (id: string) => boolean): boolean {
    let dropped = false;
    for (const id of this.ids) {
      if (!present(id)) dropped = this.ids.delete(id) || dropped;
    }
    if (dropped) this.changed();
    return dropped;
  }

  /** Calls `listener` after every change; returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
