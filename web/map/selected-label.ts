/** The selected vehicle's name as an HTML marker above its icon: one label, not one per vehicle. */
import * as maplibregl from 'maplibre-gl';
import type { VehicleDTO } from '../../server/protocol.js';
import { vehicleStatus } from '../fleet/vehicle-status.js';

export class SelectedLabel {
  private readonly element: HTMLElement;
  private readonly marker: maplibregl.Marker;
  private shown = false;

  constructor(private readonly map: maplibregl.Map) {
    this.element = document.createElement('div');
    this.element.className = 'vehicle-label';
    this.marker = new maplibregl.Marker({ element: this.element, anchor: 'bottom', offset: [0, -22] });
  }

  /** Follows `vehicle`, or hides for null or a vehicle without position. */
  update(vehicle: VehicleDTO | undefined): void {
    if (!vehicle?.position) {
      if (this.shown) this.marker.remove();
      this.shown = false;
      return;
    }
    if (this.element.textContent !== vehicle.name) this.element.textContent = vehicle.name;
    this.element.dataset.status = vehicleStatus(vehicle);
    this.marker.setLngLat([vehicle.position.lon, vehicle.position.lat]);
    if (!this.shown) this.marker.addTo(this.map);
    this.shown = true;
  }
}
