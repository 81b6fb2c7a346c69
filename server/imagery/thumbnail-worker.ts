/** Worker thread body: makes thumbnails off the main thread, whose event loop carries the fleet's MAVLink. */
import { parentPort } from 'node:worker_threads';
import { makeThumbnail } from './thumbnail.js';

/** A request from the pool. */
export interface ThumbnailRequest {
  id: number;
  bytes: Uint8Array;
  width: number;
}

/** The answer to one request. */
export type ThumbnailReply =
  | { id: number; ok: true; bytes: Uint8Array; width: number; height: number; sourceWidth: number; sourceHeight: number }
  | { id: number; ok: false; error: string };

parentPort?.on('message', (req: ThumbnailRequest) => {
  let reply: ThumbnailReply;
  try {
    const t = makeThumbnail(req.bytes, req.width);
    reply = { id: req.id, ok: true, bytes: t.bytes, width: t.width, height: t.height, sourceWidth: t.sourceWidth, sourceHeight: t.sourceHeight };
  } catch (err) {
    reply = { id: req.id, ok: false, error: (err as Error).message };
  }
  parentPort?.postMessage(reply);
});
