/**
 * Takes the README's picture of the browser demo (docs/browser-demo.png): serves the page, lets it
 * train in headless Chromium (SwiftShader WebGPU) to the end, and screenshots the page.
 *
 *   npx tsx scripts/screenshot-browser-demo.ts [--query "dataset=checkerboard&teacherSteps=3000"]
 */
import { mkdir } from 'node:fs/promises';
import { serveBrowserDemo } from './serve-browser.js';
import { launchChromium } from './chromium.js';

const i = process.argv.indexOf('--query');
const query = i >= 0 ? process.argv[i + 1] : 'dataset=8gaussians&nfe=8';
const server = await serveBrowserDemo(0);
const chromium = await launchChromium();
try {
  const page = await chromium.browser.newPage();
  await page.setViewport({ width: 980, height: 900 });
  await page.goto(`${server.url}?${query}&autostart=1`);
  await page.waitForFunction(() => 'fluxionDemo' in globalThis, { timeout: 120_000 });
  const t0 = Date.now();
  for (;;) {
    const r = await page.evaluate(() => (globalThis as unknown as { fluxionDemo: { report(): { phase: string; step: number; error?: string } } }).fluxionDemo.report());
    if (r.error) throw new Error(`the page stopped with an error: ${r.error}`);
    if (r.phase === 'done') {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the last drawing and the buttons settle
      break;
    }
    if (Date.now() - t0 > 15 * 60_000) throw new Error('the page did not finish training in 15 minutes');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  await mkdir('docs', { recursive: true });
  await page.screenshot({ path: 'docs/browser-demo.png', fullPage: true });
  console.log(`docs/browser-demo.png written after ${((Date.now() - t0) / 1000).toFixed(0)} s of training`);
} finally {
  await chromium.close();
  await server.close();
}
