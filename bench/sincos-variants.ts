// Speed of fluxion's range-reduced sin/cos against the adapter's builtins (src/compiler/sincos.ts
// says why both exist), in Node on Dawn (lavapipe here) and in headless Chromium (SwiftShader).
//
//   npx tsx bench/sincos-variants.ts            both
//   npx tsx bench/sincos-variants.ts --node     Node only
import { useBackend } from '../src/index.js';
import { getDevice } from '../src/backend/webgpu/device.js';
import { bundleForBrowser } from '../scripts/browser-bundle.js';
import { serveRoutes } from '../scripts/static-server.js';
import { launchChromium } from '../scripts/chromium.js';
import { measureSinCos, type SinCosTiming } from './browser/sincos-measure.js';

const show = (where: string, rows: SinCosTiming[]) => {
  for (const r of rows) console.log(`${where.padEnd(28)} ${r.variant.padEnd(8)} ${r.medianMs.toFixed(1).padStart(8)} ms  ${r.nsPerElementCall.toFixed(2)} ns per element and call`);
};

await useBackend('webgpu');
const { adapterInfo, builtinSinCosError } = await getDevice();
show(`node: ${adapterInfo.description || adapterInfo.architecture} (builtin err ${builtinSinCosError.toExponential(1)})`, await measureSinCos());

if (!process.argv.includes('--node')) {
  const entry = 'bench/browser/sincos-page.ts';
  const bundle = await bundleForBrowser(entry);
  const server = await serveRoutes({
    '/index.html': { type: 'text/html', body: '<!doctype html><script type="module" src="/page.js"></script>' },
    '/page.js': { type: 'text/javascript', body: bundle.code },
  });
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => 'sincosBench' in globalThis, { timeout: 60_000 });
    const r = await page.evaluate(() => (globalThis as unknown as { sincosBench: () => Promise<{ adapter: string; rows: SinCosTiming[] }> }).sincosBench());
    show(`chromium: ${r.adapter}`, r.rows);
  } finally {
    await chromium.close();
    await server.close();
  }
}
