import { z } from 'zod';
import { missionItemsFromBody } from '../api/control-routes.js';
import { parseOr400 } from '../api/schemas.js';
import type { ControlAudit } from '../auth/control-audit.js';
import { ControlError } from '../control/control-errors.js';
import type { FleetControl } from '../control/fleet-control.js';
import { MissionTypeSchema, type Ack } from '../protocol.js';
import type { FleetSocket } from './socket-gateway.js';

/** A vehicle id as events carry it. */
export const VehicleIdSchema = z.string().min(1).max(200);
const UploadSchema = z.object({ type: MissionTypeSchema, items: z.array(z.unknown()) }).loose();

/** Runs `work` and answers the client's acknowledgement with its result or a precise error. */
async function answer<T>(ack: unknown, work: () => Promise<T>): Promise<void> {
  if (typeof ack !== 'function') return;
  const reply = ack as Ack<T>;
  try {
    reply({ ok: true, data: await work() });
  } catch (err) {
    reply({ ok: false, error: err instanceof ControlError ? err.message : `internal error: ${(err as Error).message}` });
  }
}

/**
 * The same actions as the REST API, as acknowledged Socket.IO events, each audited under the
 * socket's user. Permissions are checked before these run (see socket-auth.ts).
 */
export function registerControlEvents(socket: FleetSocket, control: FleetControl, actions: ControlAudit): void {
  const actor = () => socket.data.auth;
  socket.on('vehicle:command', (id, action, ack) =>
    void answer(ack, async () => actions.command(actor(), parseOr400(VehicleIdSchema, id, 'id'), action)));
  socket.on('vehicle:mission:upload', (id, body, ack) =>
    void answer(ack, async () => {
      const vehicleId = parseOr400(VehicleIdSchema, id, 'id');
      const upload = parseOr400(UploadSchema, body, 'body');
      return actions.upload(actor(), vehicleId, upload.type, () => missionItemsFromBody(upload, upload.type));
    }));
  socket.on('vehicle:mission:download', (id, type, ack) =>
    void answer(ack, async () => ({ items: await control.download(parseOr400(VehicleIdSchema, id, 'id'), parseOr400(MissionTypeSchema, type, 'type')) })));
  socket.on('vehicle:mission:clear', (id, type, ack) =>
    void answer(ack, async () => {
      await actions.clear(actor(), parseOr400(VehicleIdSchema, id, 'id'), parseOr400(MissionTypeSchema, type, 'type'));
      return null;
    }));
}
