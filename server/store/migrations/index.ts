/**
 * The list of migrations, imported statically so they run the same under tsx, vitest and a
 * bundle (no directory scanning). Append new migrations; never edit or reorder applied ones.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../engine.js';
import * as initial from './0001-initial.js';

/** Migration provider for the given engine. */
export function migrationProvider(engine: Engine): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': { up: (db) => initial.up(db, engine), down: (db) => initial.down(db) },
  };
  return { getMigrations: async () => migrations };
}
