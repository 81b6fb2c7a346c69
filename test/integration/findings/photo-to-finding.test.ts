/**
 * From photo to finding, end to end: a simulated drone with a camera surveys a forest with fires in
 * it over real UDP, flown through the REST API on an accelerated clock (arming past the pre-flight
 * checklist on an admin's override); every photo becomes one task in the forest queue; an annotator
 * labels the fires from each photo's ground truth, a reviewer accepts, and the findings land on the
 * ground within a few metres of the fires.
 */
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../../hardware/clock.js';
import { createLink } from '../../../hardware/link/create-link.js';
import type { PhotoTruth, TruthObject } from '../../../hardware/sim/camera/photo-truth.js';
import { simCamera } from '../../../hardware/sim/camera/sim-camera-model.js';
import { startSimCameras, type SimCameras } from '../../../hardware/sim/camera/sim-cameras.js';
import { startSimDrone, type SimHandle } from '../../../hardware/sim/sim-drone.js';
import { buildWorld } from '../../../hardware/sim/world/build-world.js';
import { LocalFrame } from '../../../missions/geo/local-frame.js';
import { surveyPlan } from '../../../missions/patterns/survey.js';
import type { ClaimDTO, FindingCollection, QueueDTO, ReviewResultDTO, SubmitResultDTO, TaskDTO } from '../../../server/protocol-annotation.js';
import type { ImageDTO, ImagePageDTO } from '../../../server/protocol-imagery.js';
import type { PlanDTO } from '../../../server/protocol-plans.js';
import type { Role } from '../../../server/protocol-auth.js';
import type { VehicleDTO } from '../../../server/protocol.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { waitFor } from '../../support/wait.js';

const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };
/**
 * Flight and protocol time run this much faster than the wall clock. Kept low: the drone renders its
 * photos on the test's own event loop, and a stall of 1.5 s of clock time fails a mission upload.
 */
const SPEEDUP = 5;

/** How far a finding may lie from the object it was labelled on, m. */
const MAX_ERROR_M = 3;
const SURVEY_ALTITUDE = 40;

/** A labelled fire: the task and box it was drawn in, and the object it shows. */
interface Labelled {
  taskId: string;
  box: TruthObject['box'];
  object: TruthObject;
}

describe('from photo to finding', () => {
  const camera = simCamera(512, 384);
  const frame = new LocalFrame(HOME);
  const corner = (x: number, y: number): [number, number] => {
    const p = frame.toLatLon(x, y);
    return [p.lon, p.lat];
  };
  // A 100 × 60 m compartment round home with three fires in it.
  const forest: Polygon = { type: 'Polygon', coordinates: [[corner(-50, -30), corner(50, -30), corner(50, 30), corner(-50, 30), corner(-50, -30)]] };
  let t: TestServer;
  let sim: SimHandle;
  let vehicleId: string;
  let cams: SimCameras;
  let planId: string;
  let images: ImageDTO[];

  beforeAll(async () => {
    const world = buildWorld({ seed: 11, forest, center: HOME, objectsPerKind: { fire: 3, smoke: 0, 'dead-tree': 0 } });
    const clock = new RealClock(SPEEDUP);
    t = await startTestServer({ clock, requireChecklist: true });
    const link = createLink(`udpout://127.0.0.1:${t.server.links[0].localPort!()}`, { clock });
    sim = await startSimDrone({ link, sysid: 1, clock, home: HOME, gpsAcquisitionMs: 1000, seed: 5 });
    cams = await startSimCameras([sim], { world, camera, clock });
    vehicleId = (await waitFor('the drone to appear', async () => (await api<VehicleDTO[]>('GET', '/api/vehicles')).body[0])).id;
  });
  afterAll(async () => {
    await cams?.stop();
    await sim?.stop();
    await t?.stop();
  });

  /** The REST API as the operator (who flies), or as another role. */
  const api = <T>(method: string, path: string, body?: unknown, as: Role = 'operator') => t.api<T>(as, method, path, body);
  const vehicle = async () => (await api<VehicleDTO>('GET', `/api/vehicles/${vehicleId}`)).body;
  const command = (body: unknown) => api<{ result?: string; error?: string; message?: string }>('POST', `/api/vehicles/${vehicleId}/commands`, body);

  it('files every photo of a forest survey flown from a saved plan as exactly one task in the forest queue', async () => {
    await waitFor('a 3D fix', async () => (await vehicle()).gps.fixType >= 3);
    const plan = surveyPlan({ area: forest, home: HOME, camera, altitude: SURVEY_ALTITUDE, sideOverlap: 0.3, frontOverlap: 0.4, speed: 8 });
    const saved = await api<PlanDTO>('POST', '/api/plans', { name: 'Compartment 7 fire survey', plan });
    expect(saved.status).toBe(201);
    planId = saved.body.id;
    const upload = await api<{ count: number }>('POST', `/api/plans/${planId}/upload`, { vehicleId });
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    expect(upload.body.count).toBe(saved.body.items.length);

    // Nobody has gone through the checklist: an admin lets this flight go with a reason.
    expect((await command({ type: 'arm' })).body).toMatchObject({ error: 'checklist_incomplete' });
    const override = await api('POST', `/api/vehicles/${vehicleId}/checklist/override`, { reason: 'end-to-end survey of a test compartment' }, 'admin');
    expect(override.status).toBe(200);
    expect((await command({ type: 'arm' })).body.result).toBe('accepted');
    expect((await command({ type: 'takeoff', altitude: SURVEY_ALTITUDE })).body.result).toBe('accepted');
    await waitFor('take-off altitude', async () => ((await vehicle()).position?.altRel ?? 0) > SURVEY_ALTITUDE - 3, 20_000);
    expect((await command({ type: 'mission_start' })).body.result).toBe('accepted');
    await waitFor('the survey flown and landed', () => sim.state().mission.run !== 'idle' && !sim.state().armed, 45_000);

    const photos = sim.state().photos;
    expect(photos).toBeGreaterThanOrEqual(5);
    const stored = await waitFor('every photo stored', async () => {
      const page = (await api<ImagePageDTO>('GET', '/api/images?limit=500')).body;
      return page.images.filter((i) => i.status === 'stored').length >= photos ? page : null;
    });
    images = stored.images;
    expect(stored.total).toBe(photos);
    expect(images.map((i) => i.imageIndex).sort((a, b) => a! - b!)).toEqual([...Array(photos).keys()]);
    // The vehicle's name says nothing of forests: the patrol comes from the uploaded plan.
    for (const i of images) expect({ planId: i.planId, patrol: i.patrol }).toEqual({ planId, patrol: 'forest' });

    const tasks = (await api<{ rows: TaskDTO[]; total: number }>('GET', '/api/tasks?queue=forest&limit=1000')).body;
    expect(tasks.total).toBe(photos);
    expect(tasks.rows.map((t) => t.imageId).sort()).toEqual(images.map((i) => i.id).sort());
    const queues = (await api<QueueDTO[]>('GET', '/api/queues')).body;
    for (const q of queues) expect(Object.values(q.depth).reduce((a, b) => a + b, 0), q.id).toBe(q.id === 'forest' ? photos : 0);
  }, 75_000);

  it('turns fires labelled from the photos and accepted by a reviewer into findings within 3 m of the fires', async () => {
    const indexOf = new Map(images.map((i) => [i.id, i.imageIndex!]));
    const labelled: Labelled[] = [];
    const submitted: string[] = [];
    for (;;) {
      const claim = await api<ClaimDTO>('POST', '/api/queues/forest/claim', undefined, 'annotator');
      if (claim.status === 204) break;
      expect(claim.status).toBe(200);
      const truth = (await (await fetch(`${cams.server.url}/truth/${indexOf.get(claim.body.image.id)}.json`)).json()) as PhotoTruth;
      const fires = truth.objects.filter((o) => o.kind === 'fire');
      const body = fires.length > 0
        ? { shapes: fires.map((f) => ({ kind: 'box', ...f.box, label: 'fire', attributes: { severity: f.severity } })) }
        : { nothingFound: true };
      const result = await api<SubmitResultDTO>('POST', `/api/tasks/${claim.body.task.id}/submit`, body, 'annotator');
      expect(result.body.outcome).toBe('review');
      submitted.push(claim.body.task.id);
      for (const f of fires) labelled.push({ taskId: claim.body.task.id, box: f.box, object: f });
    }
    expect(submitted.length).toBe(images.length);
    expect(labelled.length).toBeGreaterThan(0);

    let created = 0;
    for (const id of submitted) {
      const review = await api<ReviewResultDTO>('POST', `/api/tasks/${id}/review`, { decision: 'accept' }, 'reviewer');
      expect(review.body.task.state).toBe('accepted');
      created += review.body.findingIds.length;
    }
    expect(created).toBe(labelled.length);

    const findings = (await api<FindingCollection>('GET', '/api/findings?queue=forest', undefined, 'viewer')).body.features;
    expect(findings).toHaveLength(labelled.length);
    for (const l of labelled) {
      const f = findings.find((x) => x.properties.taskId === l.taskId && Math.abs(x.properties.crop.x - l.box.x) < 1e-6 && Math.abs(x.properties.crop.y - l.box.y) < 1e-6);
      expect(f, `a finding for ${l.object.id} in task ${l.taskId}`).toBeDefined();
      expect(f!.properties).toMatchObject({ type: 'fire', severity: l.object.severity, positionSource: 'projected' });
      const [lon, lat] = f!.geometry!.coordinates;
      const at = frame.toLocal({ lat, lon });
      const truth = frame.toLocal(l.object);
      expect(Math.hypot(at.x - truth.x, at.y - truth.y), `${l.object.id} in task ${l.taskId}`).toBeLessThan(MAX_ERROR_M);
    }
  }, 30_000);
});
