/**
 * Routes of the features built on the store: plans, sites, vehicle administration and signing.
 * Registered after the auth plugin, so each route's declared permission is enforced.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { VehicleRecords } from '../fleet/vehicle-records.js';
import type { VehicleSigningService } from '../fleet/vehicle-signing.js';
import type { ImageIngest } from '../imagery/image-ingest.js';
import { registerImageryRoutes } from './imagery-routes.js';
import { registerAnnotationRoutes } from './annotation-routes.js';
import { registerExportRoutes } from './export-routes.js';
import { sessionRoom } from '../gateway/socket-auth.js';
import { registerPlansRoutes } from './plans-routes.js';
import { registerSigningRoutes } from './signing-routes.js';
import { registerSitesRoutes } from './sites-routes.js';
import { registerVehicleAdminRoutes } from './vehicle-admin-routes.js';

export interface FeatureServices {
  records: VehicleRecords;
  signing: VehicleSigningService;
  imagery: ImageIngest;
}

export async function registerFeatureRoutes(app: FastifyInstance, ctx: AppContext, services: FeatureServices): Promise<void> {
  // Photos a vehicle takes after a plan upload are filed under that plan and its patrol's queue.
  await registerPlansRoutes(app, ctx, { onUploaded: (vehicleId, plan) => services.imagery.setVehiclePlan(vehicleId, plan) });
  await registerSitesRoutes(app, ctx);
  await registerVehicleAdminRoutes(app, ctx, services.records);
  await registerSigningRoutes(app, ctx, services.signing);
  await registerImageryRoutes(app, ctx, services.imagery);
  await registerAnnotationRoutes(app, ctx);
  await registerExportRoutes(app, ctx, {
    originals: services.imagery.files.originals,
    emitProgress: (p, sessionId) => ctx.io()?.to(sessionRoom(sessionId)).emit('exports:progress', p),
  });
}
