import { openStore } from '../../../server/store/database.js';
import { describeChecklistRepo } from '../../integration/checklist/repo-suite.js';
import { scratchPostgres } from '../../support/scratch-postgres.js';

const { url } = scratchPostgres('fleet_checklist');

describeChecklistRepo('checklist repository on PostgreSQL', () => openStore({ url }));
