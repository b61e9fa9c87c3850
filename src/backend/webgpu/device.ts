// One WebGPU adapter + device per process, acquired lazily from the registered GPU provider
// (provider.ts): navigator.gpu in a browser, Dawn's bindings in Node (dawn.ts, registered by the
// Node entry). This file touches no Node API, so the browser entry can hold it.
import { configOrThrow, debugLevel as configuredDebugLevel } from '../../config.js';
import { gpuProvider } from './provider.js';
import { measureBuiltinSinCos } from './sincos-probe.js';
import { BackendError } from '../../core/errors.js';

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
  /** float16 arrays are 2-byte `f16` on this device (shader-f16, and config.float16Storage 'auto'). */
  halfStorage: boolean;
  /** float16 arrays are packed two to a word at rest and widened for programs (program.ts packedBits). */
  packedHalf: boolean;
  limits: GpuLimits;
  /** The adapter's subgroup size range (undefined where the adapter does not report it). */
  subgroupMinSize?: number;
  subgroupMaxSize?: number;
  /**
   * The subgroup size when the adapter has exactly one (min = max; lavapipe: 8): kernels that
   * assume a size (the subgroup-broadcast matmul) are only correct then.
   */
  subgroupSize?: number;
  /** True when the main thread was niced to tame dawn.node's busy-poll (CPU adapters on Linux Node; see Config.reniceMainThread). */
  mainThreadNiced: boolean;
  /** Largest error of the adapter's builtin sin/cos on [-64, 64] (measured once; see sincos-probe.ts). */
  builtinSinCosError: number;
}

/** The message when no adapter is found: the provider's advice, for where this runs. */
export const noAdapterMessage = (): string => `fluxion: ${gpuProvider().noAdapterAdvice}`;

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

/** The debug level in force (init's `debug`, else FLUXION_DEBUG): the WebGPU runtime's logging ladder. */
export const debugLevel = (): number => configuredDebugLevel();

/** Writes one `[fluxion]` line to stderr (console.error in a browser). */
export const debugLog = (msg: string): void => { console.error(`[fluxion] ${msg}`); };

let pending: Promise<GpuContext> | undefined;
let current: GpuContext | undefined;
let releasing = false;
let exitHookInstalled = false;

function installExitHook(): void {
  const onExit = gpuProvider().onExit;
  if (exitHookInstalled || !onExit) return;
  exitHookInstalled = true;
  onExit(releaseDevice);
}

/**
 * What fluxion reports about an adapter. Chromium (and some drivers) leave `description` blank,
 * so the summary falls back to the device name, then to vendor and architecture.
 * @example summarizeAdapter({ vendor: 'google', architecture: 'swiftshader', description: '' }).description; // 'google swiftshader'
 */
export function summarizeAdapter(info: Partial<GPUAdapterInfo> | undefined): GpuAdapterSummary {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  // Chromium and some drivers leave the description blank: name the adapter by what is known.
  const description = info?.description || info?.device || [vendor, architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  const isCpu =
    Boolean(info?.isFallbackAdapter) || CPU_ADAPTER.test(`${vendor} ${architecture} ${description}`);
  return { vendor, architecture, description, isCpu };
}

async function acquire(): Promise<GpuContext> {
  const config = configOrThrow();
  const provider = gpuProvider();
  const gpu = await provider.gpu();
  const adapter = gpu ? await gpu.requestAdapter({ powerPreference: config.powerPreference }) : null;
  if (!adapter) throw new BackendError(noAdapterMessage());

  const features = WANTED_FEATURES.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) requiredLimits[name] = adapter.limits[name];

  const device = await adapter.requestDevice({
    label: 'fluxion',
    requiredFeatures: features as GPUFeatureName[],
    requiredLimits,
  });
  const adapterInfo = summarizeAdapter(adapter.info);
  const subgroupMinSize = adapter.info?.subgroupMinSize || undefined;
  const subgroupMaxSize = adapter.info?.subgroupMaxSize || undefined;
  const ctx: GpuContext = {
    device,
    adapterInfo,
    features: new Set<string>(features),
    halfStorage: features.includes('shader-f16') && (config.float16Storage ?? 'auto') === 'auto',
    packedHalf: config.float16Storage === 'packed' || ((config.float16Storage ?? 'auto') === 'auto' && !features.includes('shader-f16')),
    limits: Object.fromEntries(WANTED_LIMITS.map((n) => [n, device.limits[n]])) as unknown as GpuLimits,
    subgroupMinSize,
    subgroupMaxSize,
    subgroupSize: subgroupMinSize !== undefined && subgroupMinSize === subgroupMaxSize ? subgroupMinSize : undefined,
    // On CPU adapters only: see GpuProvider.reniceMainThread and Config.reniceMainThread.
    mainThreadNiced: adapterInfo.isCpu && config.reniceMainThread && provider.reniceMainThread
      ? await provider.reniceMainThread() : false,
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
