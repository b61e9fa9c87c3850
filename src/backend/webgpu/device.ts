// One WebGPU adapter + device per process, acquired lazily.
// In Node the device comes from Dawn's bindings (npm `webgpu`); in a browser from navigator.gpu.
// Facts this file relies on are measured in shared/WEBGPU-NOTES.md:
// - the object returned by `create()` must stay reachable while any device from it lives,
//   or the next event-processing tick segfaults, so it is kept in `instance` forever;
// - exiting with a live device has segfaulted, so an exit hook destroys it;
// - while a mapAsync / onSubmittedWorkDone promise is pending dawn.node busy-polls on the main
//   thread and takes a core from lavapipe's worker threads ("The busy-poll"), so on CPU adapters
//   the main thread is niced once the device exists (see tameBusyPoll).
import { measureBuiltinSinCos } from './sincos-probe.js';

/** Identity of the adapter, enough to choose kernels per adapter and to report where we ran. */
export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  /** True for software rasterisers (llvmpipe / lavapipe / SwiftShader): CPU cores, not a GPU. */
  isCpu: boolean;
}

/** The limits fluxion asks for (the adapter's maxima) and plans kernels around. */
export interface GpuLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxStorageBuffersPerShaderStage: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxComputeWorkgroupsPerDimension: number;
}

export interface GpuContext {
  device: GPUDevice;
  adapterInfo: GpuAdapterSummary;
  /** Optional features that were enabled on the device (subset of subgroups, shader-f16, timestamp-query). */
  features: Set<string>;
  limits: GpuLimits;
  /** The adapter's subgroup size range (undefined where the adapter does not report it). */
  subgroupMinSize?: number;
  subgroupMaxSize?: number;
  /**
   * The subgroup size when the adapter has exactly one (min = max; lavapipe: 8): kernels that
   * assume a size (the subgroup-broadcast matmul) are only correct then.
   */
  subgroupSize?: number;
  /** True when the main thread was niced to tame dawn.node's busy-poll (CPU adapters on Linux). */
  mainThreadNiced: boolean;
  /** Largest error of the adapter's builtin sin/cos on [-64, 64] (measured once; see sincos-probe.ts). */
  builtinSinCosError: number;
}

export const NO_ADAPTER_MESSAGE =
  'fluxion: no WebGPU adapter found. On Linux without a GPU install Mesa\'s lavapipe Vulkan driver: ' +
  'run `bash scripts/setup-lavapipe.sh` as root (Debian bookworm: mesa-vulkan-drivers from bookworm-backports), ' +
  'or select the CPU backend with FLUXION_BACKEND=cpu.';

const WANTED_FEATURES = ['subgroups', 'shader-f16', 'timestamp-query'] as const;
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
] as const satisfies readonly (keyof GpuLimits)[];

const CPU_ADAPTER = /llvmpipe|lavapipe|swiftshader|software/i;

/** FLUXION_DEBUG as an integer (0 when unset): the logging ladder shared by the WebGPU runtime. */
export const debugLevel = (): number => {
  const v = typeof process !== 'undefined' ? Number(process.env?.FLUXION_DEBUG ?? 0) : 0;
  return Number.isFinite(v) ? v : 0;
};

/** Writes one `[fluxion]` line to stderr (console.error in a browser). */
export const debugLog = (msg: string): void => { console.error(`[fluxion] ${msg}`); };

// Never cleared: see the header comment (GC of the Dawn instance segfaults).
let instance: GPU | undefined;
let pending: Promise<GpuContext> | undefined;
let current: GpuContext | undefined;
let releasing = false;
let exitHookInstalled = false;

async function getGpu(): Promise<GPU | undefined> {
  if (instance) return instance;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) {
    instance = nav.gpu;
    return instance;
  }
  if (typeof process === 'undefined' || !process.versions?.node) return undefined;
  if (!process.env.XDG_RUNTIME_DIR) {
    // Mesa warns on stderr without it; any private writable directory will do.
    const [{ mkdirSync }, { tmpdir }, { join }] = await Promise.all([
      import('node:fs'),
      import('node:os'),
      import('node:path'),
    ]);
    const dir = join(tmpdir(), `xdg-runtime-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  let create: (flags: string[]) => GPU;
  let globals: object;
  try {
    ({ create, globals } = await import('webgpu'));
  } catch (e) {
    throw new Error(`fluxion: cannot load the 'webgpu' package (Dawn's Node bindings): ${String(e)}`);
  }
  // GPUBufferUsage, GPUMapMode, ... exist as globals in browsers; Dawn exports them instead.
  if (!('GPUBufferUsage' in globalThis)) Object.assign(globalThis, globals);
  // Unquantised timestamps: Dawn otherwise rounds timestamp queries to 65.5 µs.
  instance = create(['disable-dawn-features=timestamp_quantization']);
  return instance;
}

function installExitHook(): void {
  if (exitHookInstalled || typeof process === 'undefined' || typeof process.on !== 'function') return;
  exitHookInstalled = true;
  process.on('beforeExit', releaseDevice);
  process.on('exit', releaseDevice);
}

function summarize(adapter: GPUAdapter): GpuAdapterSummary {
  const info = adapter.info;
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const description = info?.description || info?.device || '';
  const isCpu =
    Boolean(info?.isFallbackAdapter) || CPU_ADAPTER.test(`${vendor} ${architecture} ${description}`);
  return { vendor, architecture, description, isCpu };
}

/**
 * Lowers the main JS thread's scheduling priority to nice 19 on a CPU adapter under Linux Node.
 * Why: while a mapAsync / onSubmittedWorkDone promise is pending, dawn.node polls with
 * setImmediate and the main thread spins at 100%, taking one of the cores lavapipe's worker
 * threads compute on (long kernels ran at 55-60% speed, WEBGPU-NOTES.md). On Linux
 * setpriority(PRIO_PROCESS, tid) acts on one thread, and the main thread's tid is the pid, so
 * only the spinning thread is niced; lavapipe's workers (created with the screen, before this
 * call) keep their priority. Threads created later by the main thread (libuv's pool) inherit
 * nice 19, which only matters under contention. Never done for real GPUs: there the main thread
 * drives the GPU and niceness would only add latency. Unprivileged processes cannot raise the
 * priority again, so this is once per process. FLUXION_NICE=0 disables it.
 */
async function tameBusyPoll(isCpu: boolean): Promise<boolean> {
  if (!isCpu || typeof process === 'undefined' || !process.versions?.node) return false;
  if (process.platform !== 'linux' || process.env.FLUXION_NICE === '0') return false;
  try {
    const os = await import('node:os');
    if (os.getPriority(process.pid) >= 19) return true;
    os.setPriority(process.pid, 19);
    return true;
  } catch {
    // A sandbox may forbid setpriority; the backend still works, only long kernels are slower.
    return false;
  }
}

async function acquire(): Promise<GpuContext> {
  const gpu = await getGpu();
  const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
  if (!adapter) throw new Error(NO_ADAPTER_MESSAGE);

  const features = WANTED_FEATURES.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) requiredLimits[name] = adapter.limits[name];

  const device = await adapter.requestDevice({
    label: 'fluxion',
    requiredFeatures: features as GPUFeatureName[],
    requiredLimits,
  });
  const adapterInfo = summarize(adapter);
  const subgroupMinSize = adapter.info?.subgroupMinSize || undefined;
  const subgroupMaxSize = adapter.info?.subgroupMaxSize || undefined;
  const ctx: GpuContext = {
    device,
    adapterInfo,
    features: new Set<string>(features),
    limits: Object.fromEntries(WANTED_LIMITS.map((n) => [n, device.limits[n]])) as unknown as GpuLimits,
    subgroupMinSize,
    subgroupMaxSize,
    subgroupSize: subgroupMinSize !== undefined && subgroupMinSize === subgroupMaxSize ? subgroupMinSize : undefined,
    mainThreadNiced: await tameBusyPoll(adapterInfo.isCpu),
    builtinSinCosError: await measureBuiltinSinCos(device),
  };
  if (debugLevel() >= 1) {
    debugLog(`WebGPU device: ${adapterInfo.vendor} | ${adapterInfo.architecture} | ${adapterInfo.description} ` +
      `(isCpu=${adapterInfo.isCpu}, features=[${features.join(', ')}], subgroups=${subgroupMinSize ?? '?'}..${subgroupMaxSize ?? '?'}, ` +
      `maxStorageBufferBindingSize=${ctx.limits.maxStorageBufferBindingSize}, main thread niced=${ctx.mainThreadNiced}, ` +
      `builtin sin/cos error=${ctx.builtinSinCosError.toExponential(1)})`);
  }
  void device.lost.then((info) => {
    if (current === ctx) current = undefined;
    if (info.reason === 'destroyed' || releasing) return;
    console.error(
      `fluxion: WebGPU device lost (${info.reason}): ${info.message || 'no message'}. ` +
        'Arrays on it and results in flight are gone; call `await useBackend(\'webgpu\')` to acquire a new device.',
    );
  });
  device.onuncapturederror = (ev) => {
    console.error(`fluxion: uncaptured WebGPU error: ${ev.error.message}`);
  };
  installExitHook();
  return ctx;
}

/**
 * The process-wide WebGPU context, created on first use.
 * @example const { device, adapterInfo } = await getDevice(); console.log(adapterInfo.description);
 */
export function getDevice(): Promise<GpuContext> {
  if (current) return Promise.resolve(current);
  if (!pending) {
    pending = acquire().then(
      (ctx) => {
        current = ctx;
        pending = undefined;
        return ctx;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
  }
  return pending;
}

/** The context if a device is acquired and alive, else undefined: for code that cannot await. */
export const currentContext = (): GpuContext | undefined => current;

/**
 * Destroy the device (if any). The next getDevice() acquires a fresh one.
 * Runs automatically at process exit, because exiting with a live Dawn device has segfaulted.
 * @example releaseDevice();
 */
export function releaseDevice(): void {
  const ctx = current;
  current = undefined;
  if (!ctx) return;
  releasing = true;
  try {
    ctx.device.destroy();
  } finally {
    releasing = false;
  }
}
