/** Live telemetry of one vehicle, reduced from its MAVLink messages. Plain data: cheap to copy and serialise. */
export interface VehicleTelemetry {
  sysid: number;
  compid: number;
  /** MAV_TYPE and MAV_AUTOPILOT from HEARTBEAT. */
  vehicleType: number;
  autopilot: number;
  /** 'ardupilot-copter' | 'ardupilot-plane' | 'ardupilot-rover' | 'px4' | 'generic' … */
  firmware: string;
  /** Flight mode decoded by name for the firmware, or `MODE(<custom_mode>)` when unknown. */
  mode: string;
  baseMode: number;
  customMode: number;
  armed: boolean;
  /** MAV_STATE name in lower case: 'standby', 'active', 'critical', … */
  systemStatus: string;
  position: {
    lat: number;
    lon: number;
    /** Metres above mean sea level. */
    altMsl: number;
    /** Metres above home / take-off. */
    altRel: number;
  } | null;
  /** Degrees 0–360, or null when unknown. */
  heading: number | null;
  groundSpeed: number | null;
  climbRate: number | null;
  airSpeed: number | null;
  /** Radians. */
  attitude: { roll: number; pitch: number; yaw: number } | null;
  battery: { percent: number | null; voltage: number | null; current: number | null };
  gps: { fixType: number; satellites: number | null; hdop: number | null };
  home: { lat: number; lon: number; altMsl: number } | null;
  /** Recent STATUSTEXT messages, newest last, bounded. */
  statusTexts: { time: number; severity: number; text: string }[];
  /** Clock ms of the last message of any kind, and of the last heartbeat. */
  lastHeard: number;
  lastHeartbeat: number;
  /** Per-vehicle packet loss from sequence gaps: frames seen and frames missed. */
  packets: { received: number; lost: number };
  /** Mission progress from MISSION_CURRENT and MISSION_ITEM_REACHED. */
  mission: {
    /** Item the vehicle is flying to (MISSION_CURRENT.seq), or null before the first report. */
    current: number | null;
    /** Items in the vehicle's mission (MISSION_CURRENT.total, or the last transfer), or null. */
    count: number | null;
    /** Last item reached (MISSION_ITEM_REACHED.seq), or null. */
    lastReached: number | null;
    /** MISSION_STATE name in lower case where reported: 'active', 'paused', 'complete', 'no_mission' … */
    state: string | null;
  };
  /** AUTOPILOT_VERSION uid (hex) where the autopilot reports one. */
  uid: string | null;
}
