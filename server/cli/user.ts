/** `npm run user -- <command>`: manage accounts from the server's machine (see user-cli.ts). */
import { runUserCli } from './user-cli.js';

process.exitCode = await runUserCli({ argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
