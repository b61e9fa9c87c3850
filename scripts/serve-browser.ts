/**
 * `npm run demo:browser`: serves the FACM teaching page (examples/browser/) on 127.0.0.1 and
 * prints its URL. The page's script is bundled with esbuild on every request, so an edit shows on
 * reload. Open the URL in a browser with WebGPU (Chrome/Edge; Chromium on Linux may need
 * --enable-unsafe-webgpu); without it the page says so and trains on the CPU interpreter.
 *
 *   npm run demo:browser                 http://127.0.0.1:5180/
 *   npm run demo:browser -- --port 8000
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleForBrowser, describeNodeImports } from './browser-bundle.js';
import { serveRoutes, type RunningServer } from './static-server.js';

const root = fileURLToPath(new URL('../', import.meta.url));
let warned = false;

/**
 * Serves the demo page on 127.0.0.1:`port` (0 = any free port).
 * @example const server = await serveBrowserDemo(0); console.log(server.url); await server.close();
 */
export async function serveBrowserDemo(port: number): Promise<RunningServer> {
  return serveRoutes({
    '/index.html': { type: 'text/html; charset=utf-8', body: () => readFile(`${root}examples/browser/index.html`) },
    '/main.js': {
      type: 'text/javascript; charset=utf-8',
      body: async () => {
        const bundle = await bundleForBrowser(`${root}examples/browser/main.ts`, { sourcemap: true });
        // Node modules on code paths a browser never takes are replaced by empty ones; the
        // bundle-purity spec (spec/browser-bundle.spec.ts) is what keeps the library free of them.
        if (bundle.nodeImports.length && !warned) {
          warned = true;
          console.warn(`[demo:browser] replaced Node imports with empty modules:\n${describeNodeImports(bundle.nodeImports)}`);
        }
        return bundle.code;
      },
    },
  }, port);
}

function portFromArgs(argv: readonly string[]): number {
  const i = argv.indexOf('--port');
  if (i < 0) return 5180;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`demo:browser: --port ${JSON.stringify(argv[i + 1] ?? '')} is not a port number (0-65535).`);
  }
  return port;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await serveBrowserDemo(portFromArgs(process.argv.slice(2)));
  console.log(`fluxion FACM demo page: ${server.url}\n(serving on 127.0.0.1 only; Ctrl-C stops)`);
}
