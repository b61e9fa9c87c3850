/**
 * Backend selection. The backend is two hooks into core: the Executor (how a primitive is
 * computed on concrete arrays) and `fromHost` (where new arrays live). Shape inference
 * (abstractEval) is backend-independent and stays installed.
 *
 * Acquiring a WebGPU device is asynchronous and a library must not await at import (a bundler or
 * a `require` consumer cannot load a module with top-level await), so the backend is chosen by
 * `await init()`. Until then array operations raise a BackendError saying so — except when the
 * environment selects the CPU (FLUXION_BACKEND=cpu), which needs no device and is installed at
 * import so plain scripts and the test suite work without an init call.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { installHooks } from '../core/hooks.js';
import { setExecutor } from '../core/trace.js';
import { ArgumentError, BackendError } from '../core/errors.js';
import {
  activeConfig, cpuBackendAdvice, inNode, parseEnv, parseOptions, setActiveConfig, setDebugLevel,
  type Config, type InitOptions,
} from '../config.js';
import { cpuExecute, cpuFromHost } from './cpu/executor.js';
import { getDevice } from './webgpu/device.js';
import { activeRuntime } from './webgpu/queue.js';
import { gpuFromHost } from './webgpu/storage.js';
import { setKernelOptions, webgpuExecute } from './webgpu/executor.js';

export type BackendName = 'cpu' | 'webgpu';

let current: BackendName | undefined;

function installCpu(): void {
  installHooks({ fromHost: cpuFromHost });
  setExecutor(cpuExecute);
  current = 'cpu';
}

/** Until a backend is chosen every array operation raises `error` (why there is none). */
function installNone(error: () => Error): void {
  const refuse = (): never => { throw error(); };
  installHooks({ fromHost: refuse });
  setExecutor(refuse);
  current = undefined;
}

const notInitialised = (): BackendError => new BackendError(
  'fluxion: no backend is ready: call `await init()` first (it acquires the WebGPU device, or falls back to ' +
  `the CPU), or ${cpuBackendAdvice()} to compute without a device. Array operations cannot wait for a device ` +
  'themselves because they are synchronous.');

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
    throw new ArgumentError(`useBackend: unknown backend ${JSON.stringify(name)}; use 'cpu' or 'webgpu'.`);
  }
  await getDevice();
  activeRuntime('useBackend'); // the runtime of this (possibly new) device
  installHooks({ fromHost: gpuFromHost });
  setExecutor(webgpuExecute);
  current = 'webgpu';
}

/**
 * The backend new arrays go to, or undefined before `init()` picked one.
 * @example if (currentBackend() === 'webgpu') await x.data();
 */
export const currentBackend = (): BackendName | undefined => current;

/** Applies the settings that need no device: debug level and forced kernel variants. */
function applyDeviceFreeSettings(config: Config, options: InitOptions | undefined): void {
  setDebugLevel(options?.debug);
  setKernelOptions({ matmulKernel: config.matmulKernel, rowKernel: config.rowKernel, elementwiseUnroll: config.elementwiseUnroll });
}

/**
 * Configures fluxion and chooses the backend; call it once before computing. Options override
 * the environment variables (FLUXION_BACKEND, FLUXION_REQUIRE_WEBGPU, FLUXION_POWER_PREFERENCE,
 * FLUXION_DEBUG, FLUXION_NICE, FLUXION_MATMUL_KERNEL, FLUXION_ROW_KERNEL,
 * FLUXION_ELEMENTWISE_UNROLL; see src/config.ts), which are read in Node. With backend 'auto'
 * (the default) a missing WebGPU adapter prints one notice and selects the CPU, unless
 * `requireWebGpu`; with 'webgpu' it is an error. Resolves to the backend chosen. Calling it
 * again re-configures (e.g. to switch backends).
 * @example
 * import { init, np } from 'fluxion';
 * const backend = await init({ backend: 'auto', reniceMainThread: false });
 * console.log(backend, await np.array([1, 2]).mul(2).data());
 */
export async function init(options?: InitOptions): Promise<BackendName> {
  const parsed = pipe(parseEnv(), E.chain((fromEnv) => parseOptions(options, fromEnv)));
  if (E.isLeft(parsed)) throw parsed.left;
  const config = parsed.right;
  setActiveConfig(parsed);
  applyDeviceFreeSettings(config, options);
  if (config.backend === 'cpu') {
    installCpu();
    return 'cpu';
  }
  try {
    await useBackend('webgpu');
    return 'webgpu';
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^fluxion: /, '') : String(e);
    if (config.backend === 'webgpu' || config.requireWebGpu) {
      const asked = config.backend === 'webgpu' ? "backend 'webgpu' was asked for" : 'WebGPU is required (requireWebGpu)';
      throw new BackendError(`fluxion: init: ${asked} but could not be acquired: ${why}`, { cause: e });
    }
    console.error(`[fluxion] WebGPU is unavailable (${why}); falling back to the CPU backend ` +
      `(${inNode() ? "FLUXION_BACKEND=cpu or init({ backend: 'cpu' })" : "init({ backend: 'cpu' })"} chooses it without this notice).`);
    installCpu();
    return 'cpu';
  }
}

/**
 * What importing fluxion does, synchronously: read the environment; when it selects the CPU,
 * install the CPU backend (no device needed); otherwise leave array operations raising "call
 * await init() first" — or, when a variable is invalid, raising that ArgumentError.
 */
export function prepareFromEnvironment(): void {
  const parsed = activeConfig();
  if (E.isLeft(parsed)) {
    installNone(() => parsed.left);
    return;
  }
  applyDeviceFreeSettings(parsed.right, undefined);
  if (parsed.right.backend === 'cpu') installCpu();
  else installNone(notInitialised);
}
