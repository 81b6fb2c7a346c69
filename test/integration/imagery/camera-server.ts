/** The camera's HTTP file server, with failures on demand: fail the first N requests, or answer 404. */
import { createServer, type Server } from 'node:http';

export interface CameraServer {
  url: string;
  /** Photo bytes by index. */
  photos: Map<number, Buffer>;
  /** Requests answered 503 before each path is served. */
  failFirst: number;
  /** Indices answered 404. */
  missing: Set<number>;
  /** Requests per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startCameraServer(): Promise<CameraServer> {
  const hits = new Map<string, number>();
  const cam = { photos: new Map<number, Buffer>(), failFirst: 0, missing: new Set<number>(), hits } as CameraServer;
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const m = /^\/photos\/(\d+)\.jpg$/.exec(path);
    const index = m ? Number(m[1]) : -1;
    const photo = cam.photos.get(index);
    if (n <= cam.failFirst) {
      res.writeHead(503).end('busy');
    } else if (!photo || cam.missing.has(index)) {
      res.writeHead(404).end('no such photo');
    } else {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': photo.length }).end(photo);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cam.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  cam.close = () => new Promise((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return cam;
}
