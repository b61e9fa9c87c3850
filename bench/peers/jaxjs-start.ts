// Starting jax-js in Node for a benchmark child process (bench/peers/jaxjs.ts, jaxjs-facm.ts):
// it needs `globalThis.navigator = { gpu, userAgent }` (gpu from the `webgpu` package) before it
// is imported, then `init(device)` + `defaultDevice(device)`. On wasm it runs single-threaded in
// Node (its worker pool needs a global `Worker`).
import { readFileSync } from 'node:fs';
import { loadWebGpu, emit, type DispatchCounter } from '../common.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface JaxjsStart {
  jax: any;
  device: 'webgpu' | 'wasm';
  /** `@jax-js/jax <version>` as installed. */
  library: string;
  /** Dispatch/submit counter over Dawn's encoder (bench/common.ts). */
  counter: DispatchCounter;
  /** jax-js's own GPUDevice on webgpu (to destroy at the end). */
  gpuDevice?: GPUDevice;
  /** What to add to the result line: the adapter on webgpu, the thread count on wasm. */
  info: Record<string, unknown>;
}

/**
 * Imports and initialises jax-js on `device`; when the backend is unavailable it prints `result`
 * with an error (one JSON line, as every peer does) and exits 1.
 */
export async function startJaxjs(device: string | undefined, result: Record<string, any>): Promise<JaxjsStart> {
  const dev = device ?? 'webgpu';
  if (dev !== 'webgpu' && dev !== 'wasm') throw new Error(`--device must be webgpu or wasm, got ${dev}`);
  const { create, counter } = loadWebGpu();
  // The instance must stay reachable for the life of the process (docs/webgpu.md: GC of it segfaults).
  const gpu = dev === 'webgpu' ? create([]) : undefined;
  (globalThis as any).__fluxionBenchGpu = gpu;
  (globalThis as any).navigator = dev === 'webgpu' ? { gpu, userAgent: 'Node.js' } : { userAgent: 'Node.js' };
  const jax: any = await import('@jax-js/jax');
  let version = '?';
  try { version = JSON.parse(readFileSync('node_modules/@jax-js/jax/package.json', 'utf8')).version; } catch { /* unknown */ }
  const library = `@jax-js/jax ${version}`;
  const available: string[] = await jax.init(dev);
  if (!available.includes(dev)) {
    emit({ ...result, library, device: dev, error: `jax-js: ${dev} backend unavailable (init gave ${available.join(', ')})` });
    process.exit(1);
  }
  jax.defaultDevice(dev);
  const info: Record<string, unknown> = {};
  let gpuDevice: GPUDevice | undefined;
  if (dev === 'webgpu') {
    gpuDevice = jax.getWebGPUDevice() as GPUDevice;
    const a = gpuDevice.adapterInfo;
    info.adapter = a ? `${a.vendor} ${a.architecture} ${a.description}`.trim() : 'unknown';
  } else {
    info.threads = typeof (globalThis as any).Worker === 'undefined' ? 1 : 'worker pool';
  }
  return { jax, device: dev, library, counter, gpuDevice, info };
}
