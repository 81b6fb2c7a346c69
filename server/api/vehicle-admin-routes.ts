/** Vehicle administration: renaming a vehicle, live and in the store. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { VehicleRecords } from '../fleet/vehicle-records.js';
import { MAX_VEHICLE_NAME, vehicleNameProblem } from '../fleet/vehicle-records.js';
import { toVehicleDTO } from '../fleet/vehicle-dto.js';
import { answer, ApiError, parseOr400 } from '../plans/api-error.js';
import { errorJson, vehicleJson } from './schemas.js';

const RenameSchema = z.strictObject({
  name: z.string().max(MAX_VEHICLE_NAME).refine((n) => vehicleNameProblem(n) === null, { message: 'must be non-empty, without control characters' }),
});

type ById = { Params: { id: string } };

/** Registers `PATCH /api/vehicles/:id` (`vehicles:manage`). */
export async function registerVehicleAdminRoutes(app: FastifyInstance, ctx: AppContext, records: VehicleRecords): Promise<void> {
  app.patch<ById>('/api/vehicles/:id', {
    config: { permission: 'vehicles:manage' },
    schema: {
      summary: 'Rename a vehicle: `{ name }`',
      description: 'The name is stored with the vehicle\'s autopilot uid and given back to it whenever it reconnects.',
      tags: ['vehicles'],
      params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      body: { type: 'object', additionalProperties: true },
      response: { 200: vehicleJson, 400: errorJson, 404: errorJson },
    },
  }, answer<ById>(async (req) => {
    const { name } = parseOr400(RenameSchema, req.body);
    const previous = ctx.fleet.get(req.params.id)?.name;
    const renamed = await records.rename(req.params.id, name);
    if (!renamed) throw new ApiError(404, 'not_found', `no vehicle with id '${req.params.id}'`);
    const detail = { name: renamed.vehicle.name, previous, uid: renamed.vehicle.telemetry.uid };
    await ctx.audit.record({ actor: req.auth, action: 'vehicle.rename', target: req.params.id, detail, outcome: 'ok' });
    return toVehicleDTO(renamed.vehicle);
  }));
}
