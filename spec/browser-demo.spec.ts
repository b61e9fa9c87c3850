/**
 * The browser demo page (examples/browser/, served by scripts/serve-browser.ts as
 * `npm run demo:browser` serves it) in Chromium: with WebGPU (SwiftShader here) a short run trains
 * the teacher and the FACM student, both losses go down, and screenshots of the sample canvases
 * hold the drawn points (pixels counted); without WebGPU the page says so and trains on the CPU
 * interpreter.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { serveBrowserDemo } from '../scripts/serve-browser.js';
import type { RunningServer } from '../scripts/static-server.js';
import { launchChromium, type LaunchedChromium } from '../scripts/chromium.js';
import { describeBrowser } from './helpers/browser.js';
import type { DemoReport } from '../examples/browser/report.js';

const report = (page: Page): Promise<DemoReport> =>
  page.evaluate(() => (globalThis as unknown as { fluxionDemo: { report(): DemoReport } }).fluxionDemo.report());

async function waitUntilDone(page: Page, timeoutMs: number): Promise<DemoReport> {
  const t0 = Date.now();
  for (;;) {
    const r = await report(page).catch(() => undefined);
    if (r && (r.phase === 'done' || r.error)) return r;
    if (Date.now() - t0 > timeoutMs) throw new Error(`demo page not done after ${timeoutMs} ms: ${JSON.stringify(r)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Pixels of a screenshot of canvas `id` whose colour is near `rgb`: the screenshot (PNG from
 * Chromium's compositor, not the canvas's own buffer) is decoded by the page itself.
 */
async function inkPixels(page: Page, id: string, rgb: [number, number, number]): Promise<number> {
  const shot = await (await page.$(`#${id}`))!.screenshot({ encoding: 'base64' });
  return page.evaluate(async (b64: string, [r, g, b]: [number, number, number]) => {
    // Runs in the page; the spec is compiled without the DOM library, hence the local types.
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const dom = globalThis as unknown as {
      createImageBitmap(b: Blob): Promise<{ width: number; height: number }>;
      OffscreenCanvas: new (w: number, h: number) => { getContext(k: '2d'): {
        drawImage(i: unknown, x: number, y: number): void;
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    };
    const img = await dom.createImageBitmap(blob);
    const ctx = new dom.OffscreenCanvas(img.width, img.height).getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 60) n++;
    return n;
  }, shot as string, rgb);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describeBrowser('the FACM demo page in Chromium', () => {
  let server: RunningServer | undefined;
  let chromium: LaunchedChromium | undefined;

  beforeAll(async () => {
    server = await serveBrowserDemo(0);
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('trains on WebGPU: both losses go down and the canvases show the samples', async () => {
    const page = await chromium!.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server!.url}?dataset=8gaussians&teacherSteps=200&facmSteps=100&nfe=8&autostart=1`);
    const r = await waitUntilDone(page, 300_000);
    expect(r.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(r.backend).toBe('webgpu');
    // One loss reading per 20 steps: 10 for the teacher, 5 for the student.
    expect(r.teacherLoss.length).toBe(10);
    expect(r.facmLoss.length).toBe(5);
    expect([...r.teacherLoss, ...r.facmLoss].every(Number.isFinite)).toBe(true);
    expect(mean(r.teacherLoss.slice(-3))).toBeLessThan(mean(r.teacherLoss.slice(0, 3)));
    expect(mean(r.facmLoss.slice(-2))).toBeLessThan(mean(r.facmLoss.slice(0, 2)));
    // 1000 samples a panel; dots overlap, so well over a few hundred pixels of each colour.
    expect(await inkPixels(page, 'teacher', [0xb8, 0x50, 0x1f])).toBeGreaterThan(500);
    expect(await inkPixels(page, 'facm1', [0x1f, 0x5f, 0xbf])).toBeGreaterThan(500);
    expect(await inkPixels(page, 'facm2', [0x1f, 0x5f, 0xbf])).toBeGreaterThan(500);
    expect(await inkPixels(page, 'losses', [0x1f, 0x5f, 0xbf])).toBeGreaterThan(20); // the FACM curve of the Vega chart
    expect(await inkPixels(page, 'losses', [0xb8, 0x50, 0x1f])).toBeGreaterThan(20); // and the teacher's
    // The check can fail: a panel colour that is not drawn counts (almost) nothing.
    expect(await inkPixels(page, 'facm1', [0xb8, 0x50, 0x1f])).toBeLessThan(20);
    await page.close();
  }, 330_000);

  it('without WebGPU the page says so and trains on the CPU interpreter', async () => {
    const page = await chromium!.browser.newPage();
    // A browser without WebGPU: navigator.gpu is absent before any page script runs.
    await page.evaluateOnNewDocument(() => {
      const nav = (globalThis as unknown as { Navigator: { prototype: { gpu?: unknown } } }).Navigator;
      delete nav.prototype.gpu;
    });
    await page.goto(`${server!.url}?teacherSteps=10&facmSteps=5&nfe=2&autostart=1`);
    const r = await waitUntilDone(page, 240_000);
    expect(r.error).toBeUndefined();
    expect(r.backend).toBe('cpu');
    expect(await page.$eval('#status', (e) => e.textContent)).toContain('WebGPU is not available in this browser');
    expect(r.teacherLoss.length).toBeGreaterThan(0);
    expect(r.facmLoss.length).toBeGreaterThan(0);
    expect(await inkPixels(page, 'facm1', [0x1f, 0x5f, 0xbf])).toBeGreaterThan(500);
    await page.close();
  }, 270_000);
});
