/** Annotator tiers: intermediate annotators also get the harder tasks. */
import type { Kysely } from 'kysely';
import type { Tier } from '../protocol-annotation.js';
import type { Schema } from '../store/schema.js';
import { notFound } from './annotation-error.js';

/** Sets the user's tier; throws 404 for an unknown user. */
export async function setTier(db: Kysely<Schema>, userId: string, tier: Tier, now: number): Promise<void> {
  const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user', userId);
  await db
    .insertInto('annotator_profiles')
    .values({ user_id: userId, tier, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ tier, updated_at: now }))
    .execute();
}
