/** Cameras for several running simulated drones, served by one photo server: the sim CLI's and the demo's. */
import type { Camera } from '../../../missions/camera.js';
import type { SimHandle } from '../sim-drone.js';
import type { World } from '../world/build-world.js';
import { startPhotoServer, type PhotoServer, type PhotoServerOptions } from './photo-server.js';
import { attachSimCamera, type SimCamera } from './sim-camera.js';

export interface SimCamerasOptions extends PhotoServerOptions {
  world: World;
  camera?: Camera;
  /** Path prefix of drone `i`'s photos; default none for a single drone, `d1`, `d2`, … for several. */
  prefix?: (i: number) => string;
}

export interface SimCameras {
  server: PhotoServer;
  /** One per drone, in the same order. */
  cameras: SimCamera[];
  /** Stops the photo server. */
  stop(): Promise<void>;
}

/** Starts the photo server and gives each drone a camera photographing `opts.world`. */
export async function startSimCameras(drones: readonly SimHandle[], opts: SimCamerasOptions): Promise<SimCameras> {
  const server = await startPhotoServer(opts);
  const prefix = opts.prefix ?? ((i: number) => (drones.length === 1 ? '' : `d${i + 1}`));
  const cameras = drones.map((d, i) => {
    const p = prefix(i);
    const camera = attachSimCamera(d.drone, { world: opts.world, camera: opts.camera, baseUrl: server.baseUrl(p) });
    server.mount(p, camera);
    return camera;
  });
  return { server, cameras, stop: () => server.stop() };
}
