import { openStore } from '../../server/store/database.js';
import { describeImagesRepo } from '../unit/server/imagery/images-repo-suite.js';
import { scratchPostgres } from '../support/scratch-postgres.js';

const { url } = scratchPostgres('fleet_imagery');

describeImagesRepo('images repository on PostgreSQL', () => openStore({ url }));
