/** Other traffic: aircraft heard over ADS-B by any drone, and warnings when one comes near a drone. */

/** One aircraft. Angles in degrees, altitudes in metres above mean sea level, speeds in m/s. */
export interface AircraftDTO {
  /** ICAO 24-bit address, six hex digits. */
  icao: string;
  callsign: string | null;
  lat: number;
  lon: number;
  altitude: number | null;
  altitudeType: 'pressure' | 'geometric';
  heading: number | null;
  speed: number | null;
  verticalSpeed: number | null;
  /** ADS-B emitter category: `light`, `rotorcraft`, `heavy`, `uav`, … */
  emitter: string;
  squawk: number | null;
  simulated: boolean;
  /** Server clock ms of the report. */
  seenAt: number;
  /** The vehicle whose receiver heard it last. */
  heardBy: string;
}

/** An aircraft within the warning distance of a drone: 1 km across and 300 m up or down. */
export interface TrafficAlertDTO {
  vehicleId: string;
  vehicleName: string;
  icao: string;
  callsign: string | null;
  /** Horizontal distance, m. */
  distanceM: number;
  /** Aircraft altitude less the drone's, m (null when the aircraft reports none). */
  verticalM: number | null;
  /** Server clock ms when the proximity was seen. */
  time: number;
}

/**
 * `traffic:update`, once a second to the fleet room: every aircraft and every active alert that
 * one server instance knows of. Instances sharing a fan-out each send their own picture.
 */
export interface TrafficUpdateDTO {
  /** The sending instance; pictures from different sources are merged by the dashboard. */
  source: string;
  t: number;
  aircraft: AircraftDTO[];
  alerts: TrafficAlertDTO[];
}
