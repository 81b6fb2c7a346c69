import { openStore } from '../../server/store/database.js';
import { describeAnnotationStore } from '../integration/annotation/support/annotation-suite.js';
import { scratchPostgres } from '../support/scratch-postgres.js';

const { url } = scratchPostgres('fleet_annotation');

// The 20 annotators share one pool, as one server does; rows are claimed with FOR UPDATE SKIP LOCKED.
describeAnnotationStore('annotation on PostgreSQL', { open: () => openStore({ url }), storePerAnnotator: false, childArgs: ['--url', url] });
