/**
 * A minimal static HTTP server bound to 127.0.0.1 only (pages with WebGPU are never exposed to
 * the network), serving a fixed table of paths. Used by `npm run demo:browser` and the browser
 * specs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One servable file: its bytes (or a function producing them per request) and content type. */
export interface Route {
  readonly type: string;
  readonly body: string | Uint8Array | (() => Promise<string | Uint8Array>);
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `routes` (keyed by URL path, e.g. '/index.html'; '/' maps to '/index.html') on
 * 127.0.0.1:`port` (0 = any free port).
 * @example const s = await serveRoutes({ '/index.html': { type: 'text/html', body: '<p>hi</p>' } }); console.log(s.url); await s.close();
 */
export async function serveRoutes(routes: Readonly<Record<string, Route>>, port = 0): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const route = routes[path === '/' ? '/index.html' : path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    const send = (body: string | Uint8Array) =>
      res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' }).end(body);
    if (typeof route.body === 'function') {
      route.body().then(send, (e: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(e instanceof Error ? e.message : String(e));
      });
    } else {
      send(route.body);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
