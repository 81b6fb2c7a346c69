/**
 * The one contract between server and dashboard: DTO schemas and the Socket.IO event maps.
 * The web imports types only; the server validates with the schemas.
 */
import { z } from 'zod';
import type { ExportProgressDTO, QueuesChangedDTO } from './protocol-annotation.js';
import type { ImageryProgressDTO } from './protocol-imagery.js';
import type { PlansChangedDTO, SitesChangedDTO } from './protocol-plans.js';
import type { TrafficAlertDTO, TrafficUpdateDTO } from './protocol-traffic.js';

export const LinkStateSchema = z.enum(['connected', 'lost']);
export type LinkState = z.infer<typeof LinkStateSchema>;

/** Frames dropped by MAVLink signing, by reason (`replay` includes stale timestamps). */
export const SigningRejectsSchema = z.object({ unsigned: z.number().int(), badSignature: z.number().int(), replay: z.number().int() });

export const VehicleSchema = z.object({
  id: z.string(),
  name: z.string(),
  sysid: z.number().int(),
  compid: z.number().int(),
  link: z.string(),
  peer: z.string(),
  linkState: LinkStateSchema,
  firmware: z.string(),
  vehicleType: z.number().int(),
  mode: z.string(),
  armed: z.boolean(),
  systemStatus: z.string(),
  position: z.object({ lat: z.number(), lon: z.number(), altMsl: z.number(), altRel: z.number() }).nullable(),
  heading: z.number().nullable(),
  groundSpeed: z.number().nullable(),
  climbRate: z.number().nullable(),
  attitude: z.object({ roll: z.number(), pitch: z.number(), yaw: z.number() }).nullable(),
  battery: z.object({ percent: z.number().nullable(), voltage: z.number().nullable(), current: z.number().nullable() }),
  gps: z.object({ fixType: z.number().int(), satellites: z.number().int().nullable(), hdop: z.number().nullable() }),
  home: z.object({ lat: z.number(), lon: z.number(), altMsl: z.number() }).nullable(),
  mission: z.object({
    current: z.number().int().nullable(),
    count: z.number().int().nullable(),
    lastReached: z.number().int().nullable(),
    state: z.string().nullable(),
  }),
  /** Packet loss in percent over the vehicle's recent frames (sequence gaps). */
  packetLoss: z.number(),
  /** Wall-clock ms of the last message heard. */
  lastHeard: z.number(),
  uid: z.string().nullable(),
  /** MAVLink signing with this vehicle: on, waiting for it to take a change, and what was refused from it. */
  signing: z.object({ enabled: z.boolean(), pending: z.boolean(), rejected: SigningRejectsSchema }),
});
export type VehicleDTO = z.infer<typeof VehicleSchema>;

export const StatusTextSchema = z.object({
  vehicleId: z.string(),
  time: z.number(),
  severity: z.number().int(),
  text: z.string(),
});
export type StatusTextDTO = z.infer<typeof StatusTextSchema>;

export const LinkInfoSchema = z.object({
  id: z.string(),
  kind: z.string(),
  peers: z.array(z.string()),
  bytesIn: z.number(),
  bytesOut: z.number(),
  packetsIn: z.number(),
  packetsOut: z.number(),
  writeErrors: z.number(),
  connects: z.number(),
  frames: z.number(),
  badCrc: z.number(),
  unknownId: z.number(),
  garbageBytes: z.number(),
  /** Frames refused by signing on this link, every vehicle together. */
  signingRejected: SigningRejectsSchema,
});
export type LinkInfoDTO = z.infer<typeof LinkInfoSchema>;

/** One fan-out tick: every vehicle that changed since the previous tick. */
export interface FleetUpdate {
  /** Server wall-clock ms when the batch was sent. */
  t: number;
  /** The sending server instance (several share one fan-out through the Redis adapter). */
  src: string;
  /**
   * Counts up by one per batch from `src`. Batches are dropped for a client that cannot keep up
   * (so it never falls seconds behind); a gap tells it to ask for a fresh snapshot.
   */
  seq: number;
  vehicles: VehicleDTO[];
}

export interface ServerConfigDTO {
  /** Raster tile URL template the user configured (`{z}/{x}/{y}`), or null for the offline map. */
  tileUrl: string | null;
  tileAttribution: string | null;
  /** Map centre to open on when there is no vehicle yet. */
  center: { lat: number; lon: number };
  /** True when the server runs simulated drones over a simulated world (`GET /api/world`). */
  world: boolean;
}

export interface ServerToClientEvents {
  /** Full state, sent on connect and on request. */
  'fleet:snapshot': (vehicles: VehicleDTO[]) => void;
  /** Batched changes, at most one per fan-out tick (100 ms). */
  'fleet:update': (update: FleetUpdate) => void;
  'vehicle:removed': (id: string) => void;
  /** Sent to the fleet room and to the vehicle's room. */
  'vehicle:statustext': (text: StatusTextDTO) => void;
  'vehicle:link': (event: { vehicleId: string; state: LinkState; time: number }) => void;
  /** Mission, fence or rally transfer progress, to the vehicle's room. */
  'vehicle:transfer': (progress: TransferProgressDTO) => void;
  /** A plan was created, changed or deleted (to the fleet room), so other operators reload it. */
  'plans:changed': (change: PlansChangedDTO) => void;
  /** A site was created, changed or deleted (to the fleet room). */
  'sites:changed': (change: SitesChangedDTO) => void;
  /** Annotation queue depths moved (to the fleet room), at most a few times a second. */
  'queues:changed': (change: QueuesChangedDTO) => void;
  /** Upload job progress, to the uploader's session room. */
  'imagery:progress': (progress: ImageryProgressDTO) => void;
  /** Background export progress, to the session that started it. */
  'exports:progress': (progress: ExportProgressDTO) => void;
  /** Aircraft heard over ADS-B and active proximity warnings, once a second while there is traffic (fleet room). */
  'traffic:update': (update: TrafficUpdateDTO) => void;
  /** An aircraft came within warning distance of a drone (fleet room). */
  'traffic:alert': (alert: TrafficAlertDTO) => void;
}

export type Ack<T> = (result: { ok: true; data: T } | { ok: false; error: string }) => void;

export interface ClientToServerEvents {
  /** Join one vehicle's room (status texts, details). */
  'vehicle:watch': (id: string, ack: Ack<VehicleDTO>) => void;
  'vehicle:unwatch': (id: string) => void;
  'fleet:snapshot': (ack: Ack<VehicleDTO[]>) => void;
  /** One action (arm, takeoff, mode, goto …); the ack carries the vehicle's answer or a precise error. */
  'vehicle:command': (id: string, action: unknown, ack: Ack<CommandResultDTO>) => void;
  'vehicle:mission:upload': (id: string, body: { type: string; items: unknown[] }, ack: Ack<{ count: number }>) => void;
  'vehicle:mission:download': (id: string, type: string, ack: Ack<{ items: unknown[] }>) => void;
  'vehicle:mission:clear': (id: string, type: string, ack: Ack<null>) => void;
}

/** Room names: the whole fleet, and one per vehicle. */
export const FLEET_ROOM = 'fleet';
export const vehicleRoom = (id: string): string => `vehicle:${id}`;

export const MissionTypeSchema = z.enum(['mission', 'fence', 'rally']);

export const MissionItemSchema = z.object({
  seq: z.number().int().min(0),
  frame: z.number().int().min(0).max(255),
  command: z.number().int().min(0).max(65535),
  current: z.boolean().default(false),
  autocontinue: z.boolean().default(true),
  param1: z.number(),
  param2: z.number(),
  param3: z.number(),
  param4: z.number(),
  x: z.number(),
  y: z.number(),
  z: z.number(),
});

/** `PUT /api/vehicles/:id/mission` body: items, or a QGroundControl .plan document. */
export const MissionUploadSchema = z.object({ items: z.array(MissionItemSchema).max(65535) });

export interface TransferProgressDTO {
  vehicleId: string;
  missionType: 'mission' | 'fence' | 'rally';
  operation: 'upload' | 'download';
  done: number;
  total: number;
}

export interface CommandResultDTO {
  result: 'accepted';
  tries: number;
}
