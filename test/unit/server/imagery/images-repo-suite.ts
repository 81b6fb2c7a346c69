/** The images repository suite, run on SQLite (unit) and PostgreSQL (services). */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../../server/store/database.js';
import { ImagesRepo, type NewImage } from '../../../../server/imagery/images-repo.js';

const T0 = Date.UTC(2026, 4, 1);

/** Registers the suite under `name`; `open` gives a migrated store of its own. */
export function describeImagesRepo(name: string, open: () => Promise<Store>): void {
  describe(name, () => {
    let store: Store;
    let repo: ImagesRepo;
    beforeAll(async () => {
      store = await open();
      repo = new ImagesRepo(store.db);
    });
    afterAll(() => store?.close());

    /** A vehicle id no other test uses. */
    const vehicle = () => `v-${randomUUID().slice(0, 8)}`;
    const live = (vehicleId: string, index: number, over: Partial<NewImage> = {}): NewImage => ({
      vehicle_id: vehicleId, vehicle_name: `${vehicleId} name`, source: 'live', status: 'announced',
      url: `http://cam/${index}.jpg`, image_index: index, capture_ms: 1000 * index, captured_at: T0 + index, ...over,
    });
    const file = (n: number) => ({ sha256: n.toString(16).padStart(64, '0'), bytes: 100 + n, width: 640, height: 480, mime: 'image/jpeg' });

    it('records an announced photo once, however often it is announced', async () => {
      const v = vehicle();
      const first = await repo.announce(live(v, 3), T0);
      const again = await repo.announce(live(v, 3), T0 + 5);
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, urlAdded: false });
      expect(again.row.id).toBe(first.row.id);
      expect((await repo.list({ vehicle: v })).total).toBe(1);
    });

    it('the same index after a reboot (another capture time) is another photo', async () => {
      const v = vehicle();
      await repo.announce(live(v, 0), T0);
      const rebooted = await repo.announce(live(v, 0, { capture_ms: 5 }), T0);
      expect(rebooted.created).toBe(true);
      expect((await repo.list({ vehicle: v })).total).toBe(2);
    });

    it('a repeat that brings a URL the first announcement lacked adds it', async () => {
      const v = vehicle();
      const first = await repo.announce(live(v, 1, { url: null }), T0);
      const again = await repo.announce(live(v, 1), T0 + 1);
      expect(again).toMatchObject({ created: false, urlAdded: true });
      expect((await repo.get(first.row.id))?.url).toBe('http://cam/1.jpg');
    });

    it('counts attempts, marks failures, and resets a failed photo for a retry', async () => {
      const { row } = await repo.announce(live(vehicle(), 1), T0);
      expect(await repo.startAttempt(row.id, T0 + 1)).toBe(1);
      expect((await repo.get(row.id))?.status).toBe('fetching');
      await repo.attemptFailed(row.id, 'HTTP 503', false, T0 + 2);
      expect(await repo.get(row.id)).toMatchObject({ status: 'announced', last_error: 'HTTP 503' });
      expect(await repo.startAttempt(row.id, T0 + 3)).toBe(2);
      await repo.attemptFailed(row.id, 'HTTP 404', true, T0 + 4);
      expect(await repo.get(row.id)).toMatchObject({ status: 'failed', attempts: 2, last_error: 'HTTP 404' });
      expect(await repo.resetForRetry(row.id, T0 + 5)).toMatchObject({ status: 'announced', attempts: 0, last_error: null });
    });

    it('a stored photo is neither attempted, failed, stored again nor reset', async () => {
      const { row } = await repo.announce(live(vehicle(), 1), T0);
      expect(await repo.markStored(row.id, file(1), T0 + 1)).toBe(true);
      expect(await repo.markStored(row.id, file(2), T0 + 2)).toBe(false);
      expect(await repo.startAttempt(row.id, T0 + 3)).toBeNull();
      await repo.attemptFailed(row.id, 'late failure', true, T0 + 4);
      expect(await repo.get(row.id)).toMatchObject({ status: 'stored', sha256: file(1).sha256, last_error: null });
      expect(await repo.resetForRetry(row.id, T0 + 5)).toBeUndefined();
    });

    it('a photo without a URL cannot be retried: its file must be uploaded', async () => {
      const { row } = await repo.announce(live(vehicle(), 1, { url: null }), T0);
      expect(await repo.resetForRetry(row.id, T0)).toBeUndefined();
    });

    it('lists the fetches to resume: live photos with a URL, announced or mid-fetch', async () => {
      const v = vehicle();
      const a = (await repo.announce(live(v, 1), T0)).row;
      const b = (await repo.announce(live(v, 2), T0)).row;
      await repo.startAttempt(b.id, T0);
      const c = (await repo.announce(live(v, 3, { url: null }), T0)).row;
      const d = (await repo.announce(live(v, 4), T0)).row;
      await repo.markStored(d.id, file(4), T0);
      const ids = (await repo.pendingFetches()).map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(ids).not.toContain(c.id);
      expect(ids).not.toContain(d.id);
    });

    it('filters by vehicle id or name, plan, patrol, status, bounding box and time, a page at a time', async () => {
      const v = vehicle();
      const plan = randomUUID();
      for (let i = 0; i < 5; i++) {
        await repo.announce(live(v, i, { plan_id: plan, patrol: i % 2 ? 'forest' : 'rescue', lat: 26 + i * 0.01, lon: 106, captured_at: T0 + i * 1000 }), T0);
      }
      expect((await repo.list({ vehicle: `${v} name` })).total).toBe(5);
      expect((await repo.list({ plan, patrol: 'forest' })).total).toBe(2);
      expect((await repo.list({ plan, status: 'stored' })).total).toBe(0);
      const box = await repo.list({ plan, bbox: [105.9, 26.015, 106.1, 26.035] });
      expect(box.rows.map((r) => Number(r.image_index))).toEqual([3, 2]);
      expect((await repo.list({ plan, since: T0 + 3000 })).total).toBe(2);
      const page = await repo.list({ plan, limit: 2, offset: 2 });
      expect(page.total).toBe(5);
      expect(page.rows.map((r) => Number(r.image_index))).toEqual([2, 1]);
    });

    it('finds a capture event waiting for its file by index, or by time within a tolerance', async () => {
      const v = vehicle();
      const waiting = (await repo.announce(live(v, 12, { url: null, captured_at: T0 + 60_000 }), T0)).row;
      await repo.announce(live(v, 13, { url: null, captured_at: T0 + 62_000 }), T0);
      expect((await repo.findCapture(v, 12, null, 5000))?.id).toBe(waiting.id);
      expect((await repo.findCapture(`${v} name`, 12, null, 5000))?.id).toBe(waiting.id);
      expect((await repo.findCapture(v, null, T0 + 60_900, 5000))?.id).toBe(waiting.id);
      expect(await repo.findCapture(v, null, T0 + 70_000, 5000)).toBeUndefined();
      expect(await repo.findCapture(v, 99, null, 5000)).toBeUndefined();
      expect(await repo.findCapture(vehicle(), 12, null, 5000)).toBeUndefined();
      await repo.markStored(waiting.id, file(12), T0);
      expect(await repo.findCapture(v, 12, null, 5000)).toBeUndefined();
    });

    it("finds stored bytes by hash, and a plan's footprints", async () => {
      const v = vehicle();
      const plan = randomUUID();
      const fp = JSON.stringify({ type: 'Polygon', coordinates: [[[106, 26], [106.001, 26], [106.001, 26.001], [106, 26]]] });
      const a = (await repo.announce(live(v, 1, { plan_id: plan, footprint: fp }), T0)).row;
      await repo.announce(live(v, 2, { plan_id: plan }), T0);
      const sha = `${randomUUID().replaceAll('-', '')}${'0'.repeat(32)}`;
      expect(await repo.findBySha(sha)).toBeUndefined();
      await repo.markStored(a.id, { ...file(0), sha256: sha }, T0);
      expect((await repo.findBySha(sha))?.id).toBe(a.id);
      expect((await repo.footprints(plan)).map((r) => r.id)).toEqual([a.id]);
    });
  });
}
