// The public types name WebGPU objects (GPUDevice, GPUBuffer); this keeps the reference in the
// emitted index.d.ts so a consumer's TypeScript finds them (@webgpu/types is a dependency).
/// <reference types="@webgpu/types" preserve="true" />
/**
 * fluxion: a purely functional, JAX-style array library. This entry is browser-safe: it holds no
 * Node API and no Dawn code; WebGPU comes from `navigator.gpu` (in Node, the `fluxion/node` entry
 * and the Node build of this one register Dawn's bindings). Choose the backend with `await init()`.
 * @example
 * import { init, np, grad } from 'fluxion';
 * await init();
 * const f = (x) => np.sum(np.sin(x).mul(x));
 * const g = grad(f)(np.array([1, 2, 3]));
 * console.log(await g.data());
 */
import { installHooks } from './core/hooks.js';
import { abstractEval } from './primitives/table.js';
import { prepareFromEnvironment } from './backend/select.js';
import './transforms/index.js';
import './numpy/methods.js';

installHooks({ abstractEval });
// No top-level await (bundlers and `require` consumers cannot load it): acquiring a WebGPU device
// is async, so `await init()` chooses the backend. FLUXION_BACKEND=cpu needs no device and is
// installed here, synchronously; otherwise array operations say "call await init() first".
prepareFromEnvironment();

export * as np from './numpy/index.js';
export * as lax from './primitives/lax.js';
export * as random from './random/index.js';
export * as scipy from './scipy/index.js';
// jax.debug: print / callback inside jit, vmap and grad (issue 11).
export * as debug from './debug/index.js';
export * as facm from './facm/index.js';
export * from './transforms/index.js';
export { Tensor, ConcreteArray, Tracer } from './core/tensor.js';
export { Jaxpr, typecheckJaxpr } from './core/jaxpr.js';
export { ShapedArray } from './core/shape.js';
export type { DType, TypedArray } from './core/dtype.js';
export {
  treeFlatten, treeUnflatten, treeMap, treeLeaves, treeStructure, treeReduce, treeMapWithPath, treeLeavesWithPath, treePaths,
  treeDefToString, type TreeDef, type KeyPath,
} from './tree/pytree.js';
export * as tree from './tree/index.js';
export { ravelPytree } from './tree/ravel.js';
export { stopGradient } from './numpy/math.js';
export { init, useBackend, currentBackend, type BackendName } from './backend/select.js';
export type { BackendChoice, Config, InitOptions, PowerPreference } from './config.js';
export { ENV_VARS, parseEnv, parseOptions } from './config.js';
export { scope } from './backend/webgpu/memory.js';
export { webgpuStats, resetPeakMemory, type WebGpuStats } from './backend/webgpu/stats.js';
export { kernelsOf, setKernelOptions, type KernelInfo, type KernelOptions } from './backend/webgpu/executor.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as data from './data/index.js';
export * as metrics from './metrics/index.js';
export * as io from './io/index.js';
export * as plot from './plot/index.js';
export * as errors from './core/errors.js';
export { FluxionError } from './core/errors.js';
