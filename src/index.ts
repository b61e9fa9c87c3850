/**
 * fluxion: a purely functional, JAX-style array library.
 * @example
 * import { np, grad } from 'fluxion';
 * const f = (x) => np.sum(np.sin(x).mul(x));
 * const g = grad(f)(np.array([1, 2, 3]));
 */
import { installHooks } from './core/hooks';
import { setExecutor } from './core/trace';
import { cpuExecute, cpuFromHost } from './backend/cpu/executor';
import { abstractEval } from './primitives/table';
import './transforms/index';
import './numpy/methods';

installHooks({ abstractEval, fromHost: cpuFromHost });
setExecutor(cpuExecute);

export * as np from './numpy/index';
export * as lax from './primitives/lax';
export * as random from './random/index';
export * from './transforms/index';
export { Tensor, ConcreteArray, Tracer } from './core/tensor';
export { Jaxpr, typecheckJaxpr } from './core/jaxpr';
export { ShapedArray } from './core/shape';
export type { DType, TypedArray } from './core/dtype';
export { treeFlatten, treeUnflatten, treeMap, treeLeaves } from './tree/pytree';
export { stopGradient } from './numpy/math';
