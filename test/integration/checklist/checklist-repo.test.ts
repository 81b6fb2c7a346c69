import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStore } from '../../../server/store/database.js';
import { describeChecklistRepo } from './repo-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'fleet-checklist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeChecklistRepo('checklist repository on SQLite', () => openStore({ file: join(dir, 'checklist.sqlite') }));
