import type { Socket } from 'socket.io';
import { missionItemsFromBody } from '../api/control-routes.js';
import { ControlError } from '../control/control-errors.js';
import type { FleetControl } from '../control/fleet-control.js';
import { MissionTypeSchema, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '../protocol.js';

type FleetSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

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

function missionType(raw: unknown) {
  const r = MissionTypeSchema.safeParse(raw);
  if (!r.success) throw new ControlError(400, 'invalid', `type: expected mission, fence or rally, got ${JSON.stringify(raw)}`);
  return r.data;
}

/** The same actions as the REST API, as acknowledged Socket.IO events. */
export function registerControlEvents(socket: FleetSocket, control: FleetControl): void {
  socket.on('vehicle:command', (id, action, ack) => void answer(ack, () => control.command(String(id), action)));
  socket.on('vehicle:mission:upload', (id, body, ack) =>
    void answer(ack, async () => {
      const type = missionType(body?.type);
      return control.upload(String(id), type, missionItemsFromBody(body, type));
    }));
  socket.on('vehicle:mission:download', (id, type, ack) =>
    void answer(ack, async () => ({ items: await control.download(String(id), missionType(type)) })));
  socket.on('vehicle:mission:clear', (id, type, ack) =>
    void answer(ack, async () => {
      await control.clear(String(id), missionType(type));
      return null;
    }));
}
