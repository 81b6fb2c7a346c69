/**
 * Preloaded into the server under test (`--import`); the server's own code is unchanged.
 * - Every second, writes one line `bench-probe {"p99":…,"max":…}` to stderr: the event loop's delay
 *   (ms) over that second. A loop that stalls longer than its UDP receive buffer can hold lets the
 *   kernel drop datagrams.
 * - With `BENCH_UDP_RCVBUF` set (A/B runs), every UDP socket it binds gets that kernel receive
 *   buffer in bytes (Linux caps it at net.core.rmem_max). The server has no option for this.
 * - With `BENCH_EXIT_WITH_PARENT` set, the server shuts down (SIGTERM, its own clean exit) when its
 *   stdin pipe closes, i.e. when the bench is gone, even if the bench was killed outright.
 */
import dgram from 'node:dgram';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PROBE_PREFIX, type ProbeSample } from './probe-line.js';

const bytes = Number(process.env.BENCH_UDP_RCVBUF);
let rcvbuf: number | undefined;
if (bytes > 0) {
  const bind = dgram.Socket.prototype.bind;
  dgram.Socket.prototype.bind = function (this: dgram.Socket, ...args: unknown[]) {
    this.once('listening', () => {
      this.setRecvBufferSize(bytes);
      rcvbuf = this.getRecvBufferSize();
    });
    return (bind as (...a: unknown[]) => dgram.Socket).apply(this, args);
  } as typeof bind;
}

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
setInterval(() => {
  const sample: ProbeSample = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, rcvbuf };
  delay.reset();
  process.stderr.write(`${PROBE_PREFIX}${JSON.stringify(sample)}\n`);
}, 1000).unref();

if (process.env.BENCH_EXIT_WITH_PARENT) {
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
}
