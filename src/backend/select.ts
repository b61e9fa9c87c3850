/**
 * Backend selection. The backend is two hooks into core: the Executor (how a primitive is
 * computed on concrete arrays) and `fromHost` (where new arrays live). Shape inference
 * (abstractEval) is backend-independent and stays installed.
 */
import { installHooks } from '../core/hooks.js';
import { setExecutor } from '../core/trace.js';
import { cpuExecute, cpuFromHost } from './cpu/executor.js';
import { getDevice, NO_ADAPTER_MESSAGE } from './webgpu/device.js';
import { activeRuntime } from './webgpu/queue.js';
import { gpuFromHost } from './webgpu/storage.js';
import { webgpuExecute } from './webgpu/executor.js';

export type BackendName = 'cpu' | 'webgpu';

let current: BackendName = 'cpu';

function installCpu(): void {
  installHooks({ fromHost: cpuFromHost });
  setExecutor(cpuExecute);
  current = 'cpu';
}

/**
 * Selects where new arrays live and primitives run. 'webgpu' acquires the device first (and
 * rejects with the reason when there is none). Arrays made on the other backend stay usable:
 * WebGPU uploads host arrays it is given; the CPU backend cannot read GPU arrays synchronously.
 * @example await useBackend('webgpu'); const y = np.array([1, 2]).mul(2); console.log(await y.data());
 */
export async function useBackend(name: BackendName): Promise<void> {
  if (name === 'cpu') {
    installCpu();
    return;
  }
  if (name !== 'webgpu') {
    throw new Error(`useBackend: unknown backend ${JSON.stringify(name)}; use 'cpu' or 'webgpu'.`);
  }
  await getDevice();
  activeRuntime('useBackend'); // the runtime of this (possibly new) device
  installHooks({ fromHost: gpuFromHost });
  setExecutor(webgpuExecute);
  current = 'webgpu';
}

/** The backend new arrays go to. @example if (currentBackend() === 'webgpu') await x.data(); */
export const currentBackend = (): BackendName => current;

/**
 * Chooses the backend at import: FLUXION_BACKEND ('cpu' | 'webgpu', default 'webgpu'). When
 * WebGPU cannot be acquired it prints one notice and falls back to the CPU, unless
 * FLUXION_REQUIRE_WEBGPU=1, where the failure is an error (CI must not silently test the CPU).
 */
export async function initBackend(): Promise<void> {
  const env = typeof process !== 'undefined' ? process.env ?? {} : {};
  const wanted = (env.FLUXION_BACKEND ?? 'webgpu').trim().toLowerCase() || 'webgpu';
  if (wanted !== 'cpu' && wanted !== 'webgpu') {
    throw new Error(`fluxion: FLUXION_BACKEND=${JSON.stringify(env.FLUXION_BACKEND)} is not a backend; use 'cpu' or 'webgpu'.`);
  }
  if (wanted === 'cpu') {
    installCpu();
    return;
  }
  try {
    await useBackend('webgpu');
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (env.FLUXION_REQUIRE_WEBGPU === '1') {
      throw new Error(`fluxion: WebGPU is required (FLUXION_REQUIRE_WEBGPU=1) but could not be acquired: ${why}`);
    }
    // The adapter hint helps unless the message already is it.
    const hint = why.includes(NO_ADAPTER_MESSAGE) ? '' : `\n  ${NO_ADAPTER_MESSAGE}`;
    console.error(`[fluxion] WebGPU is unavailable (${why});${hint}\n  falling back to the CPU backend ` +
      `(set FLUXION_BACKEND=cpu to choose it and silence this notice).`);
    installCpu();
  }
}
