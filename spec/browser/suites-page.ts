/**
 * Entry of the in-browser test page: exposes the suites (spec/helpers/browser-suites.ts) and the
 * adapter the page got, for spec/browser-suites.spec.ts to call through puppeteer.
 */
import { useBackend } from '../../src/index.js';
import { getDevice } from '../../src/backend/webgpu/device.js';
import type { runSuites, SuiteName } from '../helpers/browser-suites.js';

// The case tables build some constants (float64 among them) when their module is evaluated, which
// only the CPU interpreter holds; in Node the specs run with FLUXION_BACKEND=cpu, so here the CPU
// backend is selected before those modules are loaded.
await useBackend('cpu');
const suites = await import('../helpers/browser-suites.js');

/** What the spec reads from `window.fluxionSuites`. */
export interface SuitesPageApi {
  /** The adapter summary, or why WebGPU could not be acquired. */
  adapter(): Promise<{ ok: true; vendor: string; architecture: string; description: string; isCpu: boolean } | { ok: false; why: string }>;
  run(names: SuiteName[]): ReturnType<typeof runSuites>;
}

const api: SuitesPageApi = {
  async adapter() {
    try {
      await useBackend('webgpu');
      const { adapterInfo } = await getDevice();
      return { ok: true, ...adapterInfo };
    } catch (e) {
      return { ok: false, why: e instanceof Error ? e.message : String(e) };
    }
  },
  run: (names) => suites.runSuites(names),
};
(globalThis as unknown as { fluxionSuites: SuitesPageApi }).fluxionSuites = api;
