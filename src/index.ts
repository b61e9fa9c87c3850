/**
 * fluxion: a purely functional, JAX-style array library.
 * @example
 * import { np, grad } from 'fluxion';
 * const f = (x) => np.sum(np.sin(x).mul(x));
 * const g = grad(f)(np.array([1, 2, 3]));
 */
import { installHooks } from './core/hooks';
import { abstractEval } from './primitives/table';
import { initBackend } from './backend/select';
import './transforms/index';
import './numpy/methods';

installHooks({ abstractEval });
// FLUXION_BACKEND (default webgpu, falling back to the CPU with a notice): acquiring a device is
// async, so the module waits for it once here and every op afterwards is synchronous.
await initBackend();

export * as np from './numpy/index';
export * as lax from './primitives/lax';
export * as random from './random/index';
export * as facm from './facm/index';
export * from './transforms/index';
export { Tensor, ConcreteArray, Tracer } from './core/tensor';
export { Jaxpr, typecheckJaxpr } from './core/jaxpr';
export { ShapedArray } from './core/shape';
export type { DType, TypedArray } from './core/dtype';
export { treeFlatten, treeUnflatten, treeMap, treeLeaves } from './tree/pytree';
export { stopGradient } from './numpy/math';
export { useBackend, currentBackend, type BackendName } from './backend/select';
export { scope } from './backend/webgpu/memory';
export { webgpuStats, type WebGpuStats } from './backend/webgpu/stats';
export { kernelsOf, setKernelOptions, type KernelInfo, type KernelOptions } from './backend/webgpu/executor';
export * as nn from './nn/index';
export * as optim from './optim/index';
export * as data from './data/index';
export * as metrics from './metrics/index';
export * as io from './io/index';
