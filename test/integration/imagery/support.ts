/** A live-ingest rig: a store and data folder of its own, a fleet listening on real UDP, the ingest. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealClock } from '../../../hardware/clock.js';
import { createLink } from '../../../hardware/link/create-link.js';
import { FleetRegistry } from '../../../server/fleet/fleet-registry.js';
import { ImageIngest, type ImageIngestOptions } from '../../../server/imagery/image-ingest.js';
import { openStore, type Store } from '../../../server/store/database.js';

export interface Rig {
  dir: string;
  store: Store;
  fleet: FleetRegistry;
  gcsPort: number;
  /** A new ingest on this rig's store, fleet and data folder, started. */
  startIngest(over?: Partial<ImageIngestOptions>): Promise<ImageIngest>;
  /** Files kept under `images/` (originals) or `thumbnails/`. */
  files(kind: 'images' | 'thumbnails'): Promise<string[]>;
  /** Tasks the annotation intake made for these images. */
  tasksFor(imageIds: string[]): Promise<number>;
  stop(): Promise<void>;
}

/** Fast retries, so failures play out in tens of milliseconds. */
export const QUICK = { backoff: { initialMs: 20, maxMs: 200, factor: 2 }, maxAttempts: 4, feedbackGraceMs: 100, requestRetryMs: 300, thumbnails: 1 };

export async function startRig(vehicleName = 'Forest survey'): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'imagery-'));
  const store = await openStore({ file: join(dir, 'fleet.sqlite') });
  const clock = new RealClock();
  const link = createLink('udp://127.0.0.1:0', { clock });
  const fleet = new FleetRegistry({ links: [link], clock, requestStreams: false, heartbeatIntervalMs: 0, nameFor: () => vehicleName });
  await fleet.start();
  const ingests: ImageIngest[] = [];
  const walk = async (root: string): Promise<string[]> => {
    const out: string[] = [];
    for (const e of await readdir(root, { withFileTypes: true, recursive: true }).catch(() => [])) if (e.isFile()) out.push(e.name);
    return out.sort();
  };
  return {
    dir, store, fleet,
    gcsPort: link.localPort!(),
    async startIngest(over = {}) {
      const ingest = new ImageIngest({ ctx: { store, clock, now: () => Date.now(), dataDir: dir }, fleet, ...QUICK, ...over });
      await ingest.start();
      ingests.push(ingest);
      return ingest;
    },
    files: (kind) => walk(join(dir, kind)),
    async tasksFor(ids) {
      if (ids.length === 0) return 0;
      const rows = await store.db.selectFrom('annotation_tasks').select('image_id').where('image_id', 'in', ids).execute();
      return rows.length;
    },
    async stop() {
      for (const i of ingests) await i.stop();
      await fleet.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
