import { runServerCli } from './run.js';

await runServerCli(process.argv.slice(2), { demo: false });
