/**
 * What feature routes and socket handlers are given: the store's repositories, the audit log, the
 * clock, and the Socket.IO server once it is up. Each feature registers itself with
 * `register…Routes(app, ctx)` / `register…Events(socket, ctx)` and declares its permissions.
 */
import type { Clock } from '../hardware/clock.js';
import type { FleetView } from './api/fleet-view.js';
import type { AuditLog } from './auth/audit-log.js';
import type { FleetControl } from './control/fleet-control.js';
import type { FleetIo } from './gateway/socket-gateway.js';
import type { Store } from './store/database.js';
import type { Repositories } from './store/repositories.js';

export interface AppContext {
  store: Store;
  repos: Repositories;
  audit: AuditLog;
  /** Protocol clock (may run faster than real time in tests). */
  clock: Clock;
  /** Wall-clock ms for stored timestamps. */
  now(): number;
  /** The Socket.IO server, null until it is attached. Broadcast to rooms only (Redis adapter). */
  io(): FleetIo | null;
  fleet: FleetView;
  control: FleetControl;
  /** Root directory for files the server keeps (images, thumbnails, tiles); default `data/`. */
  dataDir: string;
}
