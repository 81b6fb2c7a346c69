/**
 * Inspection sites: an area, an altitude limit and geofences that plans are validated against.
 * Geometry is checked before it is stored (closed rings, no crossing edges, holes inside), every
 * change is audited and announced to the fleet room.
 */
import type { Feature, Geometry, Polygon } from 'geojson';
import { checkPolygon } from '../../missions/geo/polygon-check.js';
import type { AppContext } from '../app-context.js';
import type { AuthContext } from '../auth/request-auth.js';
import { FLEET_ROOM } from '../protocol.js';
import { SiteCreateSchema, SiteUpdateSchema, type GeofenceDTO, type SiteDTO } from '../protocol-plans.js';
import type { Site } from '../store/sites-repo.js';
import { ApiError, parseOr400 } from './api-error.js';

/** The parts of the application the site service uses. */
export type SiteServiceContext = Pick<AppContext, 'repos' | 'audit' | 'now' | 'io'>;

/**
 * The first problem with a polygon, or null: `field.coordinates.0.3: …` for a position (dotted, as
 * body errors are), `field (ring 0 edge 2): …` for the shape.
 */
function polygonProblem(field: string, polygon: Polygon): string | null {
  const open = polygon.coordinates.findIndex((r) => r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1]);
  if (open >= 0) return `${field}.coordinates.${open}: a ring must end where it starts`;
  const p = checkPolygon(polygon);
  if (!p) return null;
  return /^(coordinates|type)/.test(p.where) ? `${field}.${p.where.replace(/\[(\d+)\]/g, '.$1')}: ${p.message}` : `${field} (${p.where}): ${p.message}`;
}

/** Checks the area and geofences' geometry; throws a 400 naming the first bad one. */
function checkGeometry(area: Geometry | undefined, geofences: readonly GeofenceDTO[] | undefined): void {
  const problems: (string | null)[] = [];
  if (area?.type === 'Polygon') problems.push(polygonProblem('area', area));
  if (area?.type === 'MultiPolygon') {
    area.coordinates.forEach((coordinates, i) => problems.push(polygonProblem(`area.coordinates.${i}`, { type: 'Polygon', coordinates })));
  }
  geofences?.forEach((g, i) => problems.push(polygonProblem(`geofences.${i}.geometry`, g.geometry)));
  const first = problems.find((p) => p !== null);
  if (first) throw new ApiError(400, 'invalid', first);
}

function toDTO(s: Site): SiteDTO {
  return { ...s, area: s.area as SiteDTO['area'], geofences: s.geofences as GeofenceDTO[] };
}

export class SiteService {
  constructor(private readonly ctx: SiteServiceContext) {}

  async list(): Promise<SiteDTO[]> {
    return (await this.ctx.repos.sites.list()).map(toDTO);
  }

  async get(id: string): Promise<SiteDTO> {
    const site = await this.ctx.repos.sites.get(id);
    if (!site) throw new ApiError(404, 'not_found', `no site with id '${id}'`);
    return toDTO(site);
  }

  async create(body: unknown, actor: AuthContext | null): Promise<SiteDTO> {
    const input = parseOr400(SiteCreateSchema, body);
    checkGeometry(input.area, input.geofences);
    const site = await this.ctx.repos.sites.create({ ...input, geofences: input.geofences as Feature[] }, this.ctx.now());
    await this.ctx.audit.record({ actor, action: 'site.create', target: site.id, detail: { name: site.name, altitudeLimitM: site.altitudeLimitM }, outcome: 'ok' });
    this.announce(site.id);
    return toDTO(site);
  }

  async update(id: string, body: unknown, actor: AuthContext | null): Promise<SiteDTO> {
    const input = parseOr400(SiteUpdateSchema, body);
    checkGeometry(input.area, input.geofences);
    await this.get(id);
    const { geofences, ...rest } = input;
    const site = await this.ctx.repos.sites.update(id, { ...rest, ...(geofences && { geofences: geofences as Feature[] }) }, this.ctx.now());
    await this.ctx.audit.record({ actor, action: 'site.update', target: id, detail: { name: site.name, changed: Object.keys(input) }, outcome: 'ok' });
    this.announce(id);
    return toDTO(site);
  }

  /** Deletes the site; its plans stay, attached to no site. */
  async remove(id: string, actor: AuthContext | null): Promise<void> {
    const site = await this.get(id);
    if (!(await this.ctx.repos.sites.delete(id))) throw new ApiError(404, 'not_found', `no site with id '${id}'`);
    await this.ctx.audit.record({ actor, action: 'site.delete', target: id, detail: { name: site.name }, outcome: 'ok' });
    this.announce(id, true);
  }

  private announce(id: string, deleted = false): void {
    this.ctx.io()?.to(FLEET_ROOM).emit('sites:changed', { id, ...(deleted && { deleted: true as const }) });
  }
}
