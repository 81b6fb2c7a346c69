import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStore } from '../../../server/store/database.js';
import { describeAnnotationStore } from './support/annotation-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'fleet-annotation-'));
const file = join(dir, 'annotation.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each annotator gets its own connection to the file, as separate server processes would.
describeAnnotationStore('annotation on SQLite', { open: () => openStore({ file }), storePerAnnotator: true, childArgs: ['--file', file] });
