/**
 * What the compiler needs to know about the adapter it generates code for. Kernel choice is per
 * adapter (docs/webgpu.md): on CPU rasterisers (lavapipe) the subgroup-broadcast register
 * matmul wins and workgroup barriers are costly; on real GPUs shared-memory tiles win.
 */
export type MatmulKernel = 'subgroup' | 'tiled' | 'register';

export interface Target {
  /** The `subgroups` feature is enabled on the device. */
  readonly subgroups: boolean;
  /** The subgroup size when the adapter reports a single fixed one (lavapipe: 8), else undefined. */
  readonly subgroupSize?: number;
  /** A software adapter running on CPU cores (llvmpipe / lavapipe / SwiftShader). */
  readonly isCpu: boolean;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  /** Forces a matmul variant (specs reach every variant this way); default: chosen per adapter. */
  readonly matmulKernel?: MatmulKernel;
  /**
   * Forces how row kernels (reductions) parallelise: 'thread' = one invocation per kept index,
   * 'workgroup' = one workgroup per kept index, lanes striding the reduced index and combining
   * through workgroup memory. Default: 'workgroup' when there are few rows and long ones.
   */
  readonly rowKernel?: 'thread' | 'workgroup';
  /**
   * Which sin/cos kernels call: 'builtin' (WGSL's, when the adapter's are accurate to float32) or
   * 'fluxion' (range-reduced, src/compiler/sincos.ts). Default 'builtin'; the WebGPU backend
   * measures each adapter's builtins once and picks 'fluxion' where they are too loose.
   */
  readonly sinCos?: 'builtin' | 'fluxion';
  /** Elements per invocation of elementwise kernels (default 4 for large arrays, else 1). */
  readonly elementwiseUnroll?: number;
  /** Statements per element from which elementwise kernels loop over their elements instead of unrolling (default 12; bench/elementwise-loop.ts). */
  readonly elementwiseLoopStatements?: number;
}

/** A conservative target (WebGPU's default limits, no subgroups): for compiling without a device. */
export const DEFAULT_TARGET: Target = {
  subgroups: false,
  isCpu: false,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeWorkgroupsPerDimension: 65535,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
};

/** The matmul variant for a target: the override, else subgroup on CPU adapters with size-8 subgroups, else tiled. */
export function chooseMatmulKernel(t: Target): MatmulKernel {
  if (t.matmulKernel) return t.matmulKernel;
  if (t.isCpu && t.subgroups && t.subgroupSize === 8) return 'subgroup';
  return t.isCpu ? 'register' : 'tiled';
}
