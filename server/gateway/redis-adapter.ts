/**
 * Scale-out: with a Redis URL, room broadcasts reach clients connected to any server instance, so
 * each instance owns its own links and vehicles while every dashboard sees the whole fleet live.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { FleetIo } from './socket-gateway.js';

/** Connects the adapter; resolves with the function that disconnects it. Rejects with a one-line reason. */
export async function attachRedisAdapter(io: FleetIo, url: string, key: string): Promise<() => Promise<void>> {
  let connected = false;
  // Fail fast at start-up (a wrong URL is a configuration error); reconnect with backoff once running.
  const reconnectStrategy = (retries: number, cause: Error): number | Error => (connected ? Math.min(retries * 200, 5000) : cause);
  const pub = createClient({ url, socket: { reconnectStrategy } });
  const sub = pub.duplicate();
  // Without listeners, a dropped Redis connection would crash the process; reconnecting is the client's job.
  pub.on('error', () => {});
  sub.on('error', () => {});
  try {
    await Promise.all([pub.connect(), sub.connect()]);
    connected = true;
  } catch (err) {
    for (const c of [pub, sub]) {
      if (c.isOpen) c.destroy();
    }
    throw new Error(`cannot connect to Redis at ${url}: ${(err as Error).message}`, { cause: err });
  }
  io.adapter(createAdapter(pub, sub, { key }));
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
