/**
 * fluxion: a purely functional, JAX-style array library.
 * @example
 * import { np, grad } from 'fluxion';
 * const f = (x) => np.sum(np.sin(x).mul(x));
 * const g = grad(f)(np.array([1, 2, 3]));
 */
import { installHooks } from './core/hooks.js';
import { abstractEval } from './primitives/table.js';
import { initBackend } from './backend/select.js';
import './transforms/index.js';
import './numpy/methods.js';

installHooks({ abstractEval });
// FLUXION_BACKEND (default webgpu, falling back to the CPU with a notice): acquiring a device is
// async, so the module waits for it once here and every op afterwards is synchronous.
await initBackend();

export * as np from './numpy/index.js';
export * as lax from './primitives/lax.js';
export * as random from './random/index.js';
export * as facm from './facm/index.js';
export * from './transforms/index.js';
export { Tensor, ConcreteArray, Tracer } from './core/tensor.js';
export { Jaxpr, typecheckJaxpr } from './core/jaxpr.js';
export { ShapedArray } from './core/shape.js';
export type { DType, TypedArray } from './core/dtype.js';
export { treeFlatten, treeUnflatten, treeMap, treeLeaves } from './tree/pytree.js';
export { stopGradient } from './numpy/math.js';
export { useBackend, currentBackend, type BackendName } from './backend/select.js';
export { scope } from './backend/webgpu/memory.js';
export { webgpuStats, type WebGpuStats } from './backend/webgpu/stats.js';
export { kernelsOf, setKernelOptions, type KernelInfo, type KernelOptions } from './backend/webgpu/executor.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as data from './data/index.js';
export * as metrics from './metrics/index.js';
export * as io from './io/index.js';
export * as errors from './core/errors.js';
export { FluxionError } from './core/errors.js';
