/**
 * The WebGPU conformance and composition suites inside Chromium, on the browser's own adapter
 * (SwiftShader on machines without a GPU): the page (spec/browser/suites-page.ts) runs the same
 * case definitions as the Node specs, each against the CPU interpreter in the same page, and
 * reports every check; here every report must pass. This is where the adapter-specific numerics
 * show up: SwiftShader's exp(NaN) is Inf and its sin/cos builtins are off by ~2e-4.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { bundleForBrowser, describeNodeImports } from '../scripts/browser-bundle.js';
import { serveRoutes, type RunningServer } from '../scripts/static-server.js';
import { launchChromium, type LaunchedChromium } from '../scripts/chromium.js';
import { describeBrowser } from './helpers/browser.js';
import { ALL_PRIMITIVES } from './helpers/primitive-cases.js';
import type { CheckReport, SuiteName } from './helpers/browser-suites.js';
import type { SuitesPageApi } from './browser/suites-page.js';

const HTML = '<!doctype html><meta charset="utf-8"><title>fluxion suites</title><script type="module" src="/page.js"></script>';

describeBrowser('the WebGPU suites in Chromium match the CPU interpreter', () => {
  let server: RunningServer | undefined;
  let chromium: LaunchedChromium | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const bundle = await bundleForBrowser('spec/browser/suites-page.ts');
    // Node imports on paths a browser never runs are stubbed here; spec/browser-bundle.spec.ts
    // is the check that there are none.
    if (bundle.nodeImports.length) console.warn(`suites page: stubbed Node imports:\n${describeNodeImports(bundle.nodeImports)}`);
    server = await serveRoutes({
      '/index.html': { type: 'text/html', body: HTML },
      '/page.js': { type: 'text/javascript', body: bundle.code },
    });
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.url);
    await page.waitForFunction(() => 'fluxionSuites' in globalThis, { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  const all: CheckReport[] = [];
  const run = async (names: SuiteName[]): Promise<CheckReport[]> => {
    const reports = await page.evaluate((n) => (globalThis as unknown as { fluxionSuites: SuitesPageApi }).fluxionSuites.run(n), names);
    all.push(...reports);
    return reports;
  };
  const failures = (reports: CheckReport[]) =>
    reports.filter((r) => !r.ok).map((r) => `${r.suite}: ${r.name}: error ${r.error} > ${r.tolerance} ${r.detail}`);

  it('the page gets a WebGPU adapter from navigator.gpu', async () => {
    const adapter = await page.evaluate(() => (globalThis as unknown as { fluxionSuites: SuitesPageApi }).fluxionSuites.adapter());
    expect(adapter, JSON.stringify(adapter)).toMatchObject({ ok: true });
    console.log(`Chromium adapter: ${JSON.stringify(adapter)}`);
    expect(pageErrors).toEqual([]);
  });

  it('conformance: every primitive case (lhs-dilated convolutions and lax.convTranspose included), eager and jit, within 1e-5 (1e-4 reducing) of the CPU interpreter', async () => {
    const reports = await run(['conformance']);
    for (const name of ['lhs and rhs dilation', 'lax.convTranspose, NHWC', 'lax.convTranspose, transposeKernel']) {
      expect(reports.some((r) => r.name.includes(name)), `a report of ${name}`).toBe(true);
    }
    expect(reports.length).toBeGreaterThanOrEqual(100);
    expect(failures(reports)).toEqual([]);
  }, 600_000);

  it('composition: grad, jit, jvp, vjp, vmap, linearize and their compositions within 1e-4', async () => {
    const reports = await run(['composition']);
    expect(reports.length).toBeGreaterThanOrEqual(26);
    expect(failures(reports)).toEqual([]);
  }, 300_000);

  it('NaN, ±Inf and edge values give exactly the CPU interpreter\'s results', async () => {
    const reports = await run(['special values']);
    expect(reports.length).toBeGreaterThanOrEqual(56);
    expect(failures(reports)).toEqual([]);
  }, 300_000);

  it('sin and cos are within 1e-5 of Math.sin / Math.cos on [-64, 64]', async () => {
    const reports = await run(['sin/cos sweep']);
    expect(reports.length).toBe(4);
    expect(failures(reports)).toEqual([]);
  }, 120_000);

  it('the narrow dtypes (float16 packed two to a word here: no shader-f16) match the CPU interpreter, bit for bit or within one ulp; every value of each packed type survives at its own width', async () => {
    const reports = await run(['dtypes']);
    expect(reports.length).toBe(2 * (2 * 16 + 4 * 12) + 6 * 3);
    expect(failures(reports)).toEqual([]);
  }, 300_000);

  it('together the checks above cover every primitive of the closed set', () => {
    // cast's float32 cases live in the special-value table (the conformance table's casts start from float64).
    const covered = new Set(all.map((r) => r.prim));
    expect(ALL_PRIMITIVES.filter((p) => !covered.has(p))).toEqual([]);
  });
});
