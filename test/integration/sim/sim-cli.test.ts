import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import type { InboundMessage } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { MSG } from '../../../hardware/sim/streams.js';
import { waitFor } from '../../support/wait.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], onSpawn?: (kill: (signal: NodeJS.Signals) => void, out: () => string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    onSpawn?.((s) => child.kill(s), () => stdout);
  });
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of stops.splice(0)) await f();
});

describe('sim CLI', () => {
  it('exits 2 with one line on stderr for a bad link', async () => {
    const r = await run('npx', ['tsx', 'hardware/sim/cli.ts', '--link', 'bogus://x']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("unsupported scheme 'bogus'");
  });

  it('exits 2 for an unknown option and for a bad number', async () => {
    const a = await run(process.execPath, ['--import', 'tsx', 'hardware/sim/cli.ts', '--nope']);
    const b = await run(process.execPath, ['--import', 'tsx', 'hardware/sim/cli.ts', '--sysid', 'abc']);
    expect([a.code, b.code]).toEqual([2, 2]);
    expect(b.stderr.trim()).toBe("sim: --sysid must be an integer 1-255, got 'abc'");
  });

  it('exits 2 naming the problem for a bad --faults profile', async () => {
    const r = await run(process.execPath, ['--import', 'tsx', 'hardware/sim/cli.ts', '--faults', 'loss=1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^sim: --faults: loss must be a probability/);
  });

  it('flies N drones on patrols with consecutive sysids to a ground station and stops cleanly on SIGINT', async () => {
    const gcs: Link = createLink('udp://127.0.0.1:0');
    await gcs.start();
    stops.push(() => gcs.stop());
    const port = (gcs as Link & { localPort(): number }).localPort();
    const heard: InboundMessage[] = [];
    const reader = new MavlinkReader(gcs.id);
    gcs.subscribe((e) => e.kind === 'data' && reader.push(e.bytes, e.peer, (m) => heard.push(m)));

    const args = ['--import', 'tsx', 'hardware/sim/cli.ts', '--link', `udpout://127.0.0.1:${port}`, '--sysid', '7', '--count', '3', '--speedup', '4', '--patrol'];
    const result = await run(process.execPath, args, (kill) => {
      void waitFor('heartbeats from sysid 7, 8 and 9', () => {
        const ids = new Set(heard.filter((m) => m.msgid === MSG.HEARTBEAT).map((m) => m.sysid));
        return ids.has(7) && ids.has(8) && ids.has(9);
      }).then(
        () => kill('SIGINT'),
        () => kill('SIGKILL'),
      );
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sim: 3 drone(s) flying patrols at 4x');
    // Three links, three source ports.
    expect(new Set(heard.map((m) => m.peer)).size).toBe(3);
  });
});
