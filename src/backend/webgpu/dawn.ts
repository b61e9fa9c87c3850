/**
 * WebGPU in Node through Google Dawn's bindings (the npm `webgpu` package). Node only: this is
 * the one module that reaches `webgpu` and `node:` APIs for the backend, and only the Node
 * entries import it (src/node.ts, src/index.node.ts), so a browser bundle of `fluxion` holds
 * none of it. Importing registers the provider and does nothing else: the native addon is
 * loaded, and a device taken, only when `init()` / `useBackend('webgpu')` asks for one — so a
 * platform without a Dawn build still imports fluxion and runs on the CPU.
 *
 * Facts this relies on (measured with dawn.node 0.6 on Mesa lavapipe):
 * - the object `create()` returns must stay reachable while any device from it lives, or the
 *   next event-processing tick segfaults: it is kept in `instance` for the life of the process;
 * - exiting with a live device has segfaulted, so an exit hook destroys it;
 * - on requestAdapter, Dawn's Vulkan backend prints two lines to stderr on lavapipe,
 *   "maxDynamic{Uniform,Storage}BuffersPerPipelineLayout artificially reduced from 1000000 to
 *   16": lavapipe reports 1,000,000 for those limits and Dawn clamps them. They are printed by
 *   native code before fluxion requests any limit (fluxion requests neither and uses no dynamic
 *   offsets), cannot be turned off from JavaScript, and are harmless.
 * @example
 * import 'fluxion/node'; // registers this provider; `await init()` then acquires the device
 */
import { mkdirSync } from 'node:fs';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuBackendAdvice } from '../../config.js';
import { registerGpuProvider, type GpuProvider } from './provider.js';
import { BackendError } from '../../core/errors.js';

// Never cleared: see the header (GC of the Dawn instance segfaults).
let instance: GPU | undefined;

/** Mesa warns on stderr without XDG_RUNTIME_DIR; any private writable directory will do. */
function ensureXdgRuntimeDir(): void {
  if (process.env.XDG_RUNTIME_DIR) return;
  const dir = join(tmpdir(), `xdg-runtime-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}

async function dawnGpu(): Promise<GPU> {
  if (instance) return instance;
  ensureXdgRuntimeDir();
  let dawn: { create: (flags: string[]) => GPU; globals: object };
  try {
    dawn = await import('webgpu');
  } catch (e) {
    throw new BackendError(`cannot load the 'webgpu' package (Dawn's Node bindings): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  // GPUBufferUsage, GPUMapMode, ... exist as globals in browsers; Dawn exports them instead.
  if (!('GPUBufferUsage' in globalThis)) Object.assign(globalThis, dawn.globals);
  // Unquantised timestamps: Dawn otherwise rounds timestamp queries to 65.5 µs.
  instance = dawn.create(['disable-dawn-features=timestamp_quantization']);
  return instance;
}

/**
 * Lowers the main JS thread to nice 19 (Linux). Why: while a mapAsync / onSubmittedWorkDone
 * promise is pending, dawn.node polls with setImmediate and the main thread spins at 100%,
 * taking one of the cores lavapipe's worker threads compute on (long kernels ran at 55-60%
 * speed). On Linux setpriority(PRIO_PROCESS, tid) acts on one thread and the main thread's tid
 * is the pid, so only the spinning thread is niced; lavapipe's workers (created with the device,
 * before this call) keep their priority. Threads the main thread creates later (libuv's pool)
 * inherit nice 19, which matters only under contention. An unprivileged process cannot raise
 * its priority again, hence the `reniceMainThread: false` / FLUXION_NICE=0 switch.
 */
async function reniceMainThread(): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    if (getPriority(process.pid) >= 19) return true;
    setPriority(process.pid, 19);
    return true;
  } catch {
    // A sandbox may forbid setpriority; the backend still works, only long kernels are slower.
    return false;
  }
}

/** The Dawn provider: what `fluxion/node` registers. */
export const dawnProvider: GpuProvider = {
  name: 'dawn',
  gpu: dawnGpu,
  get noAdapterAdvice(): string {
    const lavapipe = process.platform === 'linux'
      ? "On Linux without a GPU install Mesa's lavapipe Vulkan driver, Mesa 24 or newer (Debian/Ubuntu: " +
        '`apt-get install mesa-vulkan-drivers`, on Debian bookworm from bookworm-backports; in a checkout of ' +
        "fluxion's repository `bash scripts/setup-lavapipe.sh` as root does it), "
      : 'Check that a GPU driver with Vulkan, Metal or Direct3D 12 is installed, ';
    return `no WebGPU adapter found through Dawn. ${lavapipe}or ${cpuBackendAdvice()}.`;
  },
  reniceMainThread,
  onExit(release) {
    process.on('beforeExit', release);
    process.on('exit', release);
  },
};

registerGpuProvider(dawnProvider);
