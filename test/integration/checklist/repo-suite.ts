/** The checklist repository's behaviour, run against every engine. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChecklistRepo } from '../../../server/checklist/checklist-repo.js';
import { DEFAULT_CHECKLIST_TEMPLATE } from '../../../server/protocol-checklist.js';
import type { Store } from '../../../server/store/database.js';
import { createRepositories, type Repositories } from '../../../server/store/repositories.js';

const T0 = 1_767_225_600_000;
const point = { type: 'Point' as const, coordinates: [106.64, 26.6] };

/** Registers the suite under `name`; `open` opens a fresh, migrated database. */
export function describeChecklistRepo(name: string, open: () => Promise<Store>): void {
  describe(name, () => {
    let store: Store;
    let repo: ChecklistRepo;
    let repos: Repositories;

    beforeAll(async () => {
      store = await open();
      repo = new ChecklistRepo(store.db);
      repos = createRepositories(store.db);
    });
    afterAll(async () => store?.close());

    it('stores a site template and replaces it, and forgets it with the site', async () => {
      const site = await repos.sites.create({ name: `site-${randomUUID()}`, area: point, altitudeLimitM: 120 }, T0);
      expect(await repo.template(site.id)).toBeUndefined();
      await repo.setTemplate(site.id, DEFAULT_CHECKLIST_TEMPLATE, null, T0);
      const mine = { ...DEFAULT_CHECKLIST_TEMPLATE, minBatteryPercent: 60, manual: [{ id: 'spotter', label: 'Spotter briefed', requiresNote: true }] };
      await repo.setTemplate(site.id, mine, null, T0 + 1);
      expect(await repo.template(site.id)).toEqual(mine);
      await repos.sites.delete(site.id);
      expect(await repo.template(site.id)).toBeUndefined();
    });

    it('upserts a vehicle checklist with ticks and override, and detaches it from a deleted site', async () => {
      const site = await repos.sites.create({ name: `site-${randomUUID()}`, area: point, altitudeLimitM: 120 }, T0);
      const vehicleId = `v-${randomUUID()}`;
      expect(await repo.vehicle(vehicleId)).toBeUndefined();
      const first = { vehicleId, siteId: site.id, ticks: { weather: { by: 'olga', userId: 'u1', at: T0, note: 'calm' } }, override: null, updatedAt: T0 };
      await repo.saveVehicle(first);
      expect(await repo.vehicle(vehicleId)).toEqual(first);
      const second = { ...first, ticks: {}, override: { by: 'ada', userId: 'u2', at: T0 + 5, reason: 'ferry', until: T0 + 60_000 }, updatedAt: T0 + 5 };
      await repo.saveVehicle(second);
      expect(await repo.vehicle(vehicleId)).toEqual(second);
      await repos.sites.delete(site.id);
      expect((await repo.vehicle(vehicleId))?.siteId).toBeNull();
    });
  });
}
