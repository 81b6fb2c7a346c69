import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStore } from '../../../../server/store/database.js';
import { describeImagesRepo } from './images-repo-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'images-repo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeImagesRepo('images repository on SQLite', () => openStore({ file: join(dir, 'images.sqlite') }));
