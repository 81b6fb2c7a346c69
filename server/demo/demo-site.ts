import type { PatrolOptions } from '../../hardware/sim/patrol.js';

/** The demo site near Guiyang: one simulated drone per patrol type, each with its own loop. */
export const DEMO_CENTER = { lat: 26.6, lon: 106.64 };
/** Ground height of the demo site above mean sea level, m (Guiyang lies on a plateau). */
export const DEMO_GROUND_MSL = 1070;

export interface DemoDrone {
  name: string;
  patrol: PatrolOptions;
}

export const DEMO_DRONES: readonly DemoDrone[] = [
  {
    name: 'Forest survey',
    patrol: { center: { lat: 26.612, lon: 106.652 }, radius: 260, altitude: 80, shape: 'racetrack', axis: 20, speed: 9 },
  },
  {
    name: 'Power line patrol',
    patrol: { center: { lat: 26.594, lon: 106.628 }, radius: 700, altitude: 45, shape: 'racetrack', axis: 65, speed: 7 },
  },
  {
    name: 'River valley search',
    patrol: { center: { lat: 26.588, lon: 106.655 }, radius: 220, altitude: 60, shape: 'circle', speed: 6 },
  },
];
