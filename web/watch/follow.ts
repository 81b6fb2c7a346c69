/**
 * Follow-vehicle mode: while on, the map keeps the selected vehicle in the middle of the part of
 * the map the panels leave free. It moves the map once per tick at most, and only when the vehicle
 * moved; the user dragging or zooming the map turns it off.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { VehicleDTO } from '../../server/protocol.js';

export class FollowMode {
  private on = false;
  private last: [number, number] | null = null;

  constructor(
    private readonly map: MapLibreMap,
    private readonly toggle: HTMLButtonElement,
    /** Pixels the right-hand panel covers, so the vehicle stays in view beside it. */
    private readonly coveredRight: () => number,
  ) {
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', () => this.set(!this.on));
    map.on('movestart', (event) => {
      if ((event as { originalEvent?: Event }).originalEvent) this.set(false);
    });
  }

  get following(): boolean {
    return this.on;
  }

  set(on: boolean): void {
    this.on = on;
    this.last = null;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.toggle.classList.toggle('active', on);
  }

  /** Centres on the vehicle if following and it moved. */
  update(v: VehicleDTO | undefined): void {
    if (!this.on || !v?.position) return;
    const at: [number, number] = [v.position.lon, v.position.lat];
    if (this.last && this.last[0] === at[0] && this.last[1] === at[1]) return;
    this.last = at;
    this.map.easeTo({ center: at, offset: [-this.coveredRight() / 2, 0], duration: 0 });
  }
}
