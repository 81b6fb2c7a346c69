/**
 * Child process of the crash-safety tests: opens the store given as argv[2] (a SQLite file or a
 * postgres:// URL) and writes users, plans, plan updates and audit entries as fast as it can,
 * printing each one only after its write has resolved, until it is killed.
 */
import { openStore } from '../../../server/store/database.js';
import { createRepositories } from '../../../server/store/repositories.js';

const target = process.argv[2];
const store = await openStore(/^postgres/.test(target) ? { url: target } : { file: target });
const repos = createRepositories(store.db);
// Pipes are synchronous on Linux: a line written here is in the pipe before the next write starts.
const out = (line: string): void => void process.stdout.write(`${line}\n`);
out('ready');

let plan = await repos.plans.create({ name: 'crash plan', pattern: 'orbit', plan: {}, items: [] }, Date.now());
out(`plan ${plan.id} 1`);
for (let i = 0; ; i++) {
  switch (i % 4) {
    case 0: {
      const user = await repos.users.create({ username: `crash-${process.pid}-${i}`, passwordHash: 'not-a-hash', roles: ['viewer'] }, Date.now());
      out(`user ${user.id}`);
      break;
    }
    case 1: {
      plan = await repos.plans.create({ name: `plan ${i}`, pattern: 'orbit', plan: { i }, items: [{ seq: 0 }] }, Date.now());
      out(`plan ${plan.id} 1`);
      break;
    }
    case 2: {
      plan = await repos.plans.update(plan.id, plan.version, { name: `plan ${i} renamed` }, Date.now());
      out(`plan ${plan.id} ${plan.version}`);
      break;
    }
    default: {
      const entry = await repos.audit.append({ action: 'crash.write', target: String(i), detail: { i }, outcome: 'ok' }, Date.now());
      out(`audit ${entry.id}`);
    }
  }
}
