import type { VehicleDTO } from '../../server/protocol.js';

/** What the map and list colour a vehicle by. */
export type VehicleStatus = 'armed' | 'disarmed' | 'lost';

/** Link loss outranks arming: a lost vehicle's armed flag is stale. */
export function vehicleStatus(v: Pick<VehicleDTO, 'linkState' | 'armed'>): VehicleStatus {
  if (v.linkState === 'lost') return 'lost';
  return v.armed ? 'armed' : 'disarmed';
}

/** Colours per status, shared by map layers (icon-color) and kept in step with the CSS. */
export const STATUS_COLORS: Record<VehicleStatus, string> = {
  armed: '#e8590c',
  disarmed: '#1864ab',
  lost: '#868e96',
};

/** Ring drawn around link-lost vehicles, and around the selected one. */
export const LOST_RING_COLOR = '#e03131';
export const SELECTED_RING_COLOR = '#f59f00';
