/** The line the server probe (server-probe.ts) writes to the server's stderr once a second. */

export const PROBE_PREFIX = 'bench-probe ';

/** Event-loop delay over one second, ms; and the UDP receive buffer in bytes when an A/B run set one. */
export interface ProbeSample {
  p99: number;
  max: number;
  rcvbuf?: number;
}

/** The sample in a probe line, or null for any other line. */
export function parseProbeLine(line: string): ProbeSample | null {
  if (!line.startsWith(PROBE_PREFIX)) return null;
  try {
    return JSON.parse(line.slice(PROBE_PREFIX.length)) as ProbeSample;
  } catch {
    return null;
  }
}
