/**
 * Where the WebGPU entry point (a `GPU` object) comes from. In a browser it is `navigator.gpu`;
 * in Node the `fluxion/node` entry registers a provider backed by Dawn's bindings (the npm
 * `webgpu` package, src/backend/webgpu/dawn.ts). Keeping that choice behind this small
 * interface is what lets the browser entry hold no Node code: nothing reachable from
 * src/index.ts imports `webgpu` or a `node:` module.
 * @example
 * import { registerGpuProvider } from './provider.js';
 * registerGpuProvider({ name: 'mine', gpu: async () => navigator.gpu, noAdapterAdvice: 'check the GPU driver' });
 */
import { cpuBackendAdvice, inNode } from '../../config.js';

/** What the device code needs from the platform. Only `gpu` and `noAdapterAdvice` are required. */
export interface GpuProvider {
  /** Short name for messages and logs, e.g. 'navigator.gpu' or 'dawn'. */
  readonly name: string;
  /** The GPU entry point, or undefined when this platform has none. Called once per acquisition. */
  gpu(): Promise<GPU | undefined>;
  /** What to tell the user when no adapter is found (install a driver, enable a browser flag). */
  readonly noAdapterAdvice: string;
  /**
   * Optional: lower the main thread's scheduling priority (CPU adapters in Node); returns whether
   * it is lowered. Called only when the adapter is a CPU one and `reniceMainThread` is on.
   */
  reniceMainThread?(): Promise<boolean>;
  /** Optional: arrange for `release` to run before the process exits. */
  onExit?(release: () => void): void;
}

/** The browser's own WebGPU; also used by Deno or any runtime that defines `navigator.gpu`. */
export const navigatorGpuProvider: GpuProvider = {
  name: 'navigator.gpu',
  gpu: async () => (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu,
  get noAdapterAdvice(): string {
    if (inNode()) {
      return "Node has no built-in WebGPU: import 'fluxion/node' (it registers Dawn's bindings from the " +
        `'webgpu' package), or ${cpuBackendAdvice()}.`;
    }
    const hasApi = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu !== undefined;
    return (hasApi
      ? 'this browser has WebGPU but offered no adapter (GPU blocklisted or disabled); '
      : 'this browser does not expose WebGPU (navigator.gpu is missing; it needs a secure https/localhost page ' +
        'and a WebGPU-capable browser such as Chrome/Edge 113+); ') + `${cpuBackendAdvice()}.`;
  },
};

let provider: GpuProvider = navigatorGpuProvider;

/**
 * Makes `p` the source of WebGPU for devices acquired from now on (a device already acquired
 * stays). The Node entry calls this on import with Dawn's provider; importing takes no device.
 * @example registerGpuProvider(navigatorGpuProvider);
 */
export function registerGpuProvider(p: GpuProvider): void { provider = p; }

/** The provider devices are acquired from. @example gpuProvider().name; // 'dawn' in Node */
export const gpuProvider = (): GpuProvider => provider;
