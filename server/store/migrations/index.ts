/**
 * The list of migrations, imported statically so they run the same under tsx, vitest and a
 * bundle (no directory scanning). Append new migrations; never edit or reorder applied ones.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../engine.js';
import * as initial from './0001-initial.js';
import * as imagery from './0002-imagery.js';
import * as annotation from './0003-annotation.js';
import * as checklist from './0004-checklist.js';

/** Migration provider for the given engine. */
export function migrationProvider(engine: Engine): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': { up: (db) => initial.up(db, engine), down: (db) => initial.down(db) },
    '0002-imagery': { up: (db) => imagery.up(db), down: (db) => imagery.down(db) },
    '0003-annotation': { up: (db) => annotation.up(db), down: (db) => annotation.down(db) },
    '0004-checklist': { up: (db) => checklist.up(db), down: (db) => checklist.down(db) },
  };
  return { getMigrations: async () => migrations };
}
