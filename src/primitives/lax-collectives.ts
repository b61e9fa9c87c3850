/**
 * Collectives over a named vmap axis, as JAX's lax.psum / pmean / pmax / pmin / axis_index under
 * `vmap(f, { axisName })`: the value over every member of the mapped axis, the same for each
 * member. Their rules are in transforms/collectives.ts; the vmap owning the name answers them.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import type { Primitive } from '../core/primitive.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind1 } from '../core/trace.js';
import * as validate from '../core/validate.js';
import { treeMap } from '../tree/pytree.js';
import * as lax from './lax.js';

export type Collective = 'psum' | 'pmax' | 'pmin' | 'axis_index';
export const isCollective = (p: Primitive): p is Collective => p === 'psum' || p === 'pmax' || p === 'pmin' || p === 'axis_index';

/** A collective met where no vmap binds its axis name (evaluated, or compiled by jit). */
export function unboundAxis(prim: string, axisName: string): ArgumentError {
  return new ArgumentError(`lax.${prim === 'axis_index' ? 'axisIndex' : prim}: the axis name '${axisName}' is not bound here: ` +
    `call it inside a function mapped by vmap(f, { axisName: '${axisName}' }) (JAX's axis_name).`);
}

function nameOf(op: string, axisName: unknown): string {
  if (typeof axisName !== 'string' || axisName === '') {
    throw new ArgumentError(`lax.${op}: axisName must be the name given to vmap (a non-empty string), got ${validate.describe(axisName)}; ` +
      `e.g. vmap((x) => lax.${op}(x, 'batch'), { axisName: 'batch' }).`);
  }
  return axisName;
}

const leafwise = <T>(op: string, x: T, f: (t: Tensor) => Tensor): T => treeMap((l: unknown) => {
  if (!isTensor(l)) throw new ArgumentError(`lax.${op}: expected arrays (a pytree of them), got ${validate.describe(l)}.`);
  return f(l);
}, x);

/**
 * The sum over the named vmap axis (every member gets it); a pytree of arrays is summed leafwise.
 * @example vmap((x: Tensor) => x.div(lax.psum(x, 'i')), { axisName: 'i' })(np.array([1, 3])); // → [0.25, 0.75]
 */
export function psum<T>(x: T, axisName: string): T {
  const name = nameOf('psum', axisName);
  return leafwise('psum', x, (t) => bind1('psum', [t], { axisName: name }));
}

/**
 * The mean over the named vmap axis (integers give float32, as np.mean).
 * @example vmap((x: Tensor) => x.sub(lax.pmean(x, 'i')), { axisName: 'i' })(np.array([1, 2, 6])); // → [-2, -1, 3]
 */
export function pmean<T>(x: T, axisName: string): T {
  const name = nameOf('pmean', axisName);
  return leafwise('pmean', x, (t) => {
    const v = isFloat(t.dtype) ? t : lax.cast(t, 'float32');
    // The axis size, as a sum of ones over the axis: known only to the vmap that owns the name.
    const n = bind1('psum', [lax.full([], 1, v.dtype)], { axisName: name });
    return lax.div(bind1('psum', [v], { axisName: name }), lax.broadcastInDim(n, v.shape, []));
  });
}

/**
 * The maximum over the named vmap axis.
 * @example vmap((x: Tensor) => lax.pmax(x, 'i'), { axisName: 'i' })(np.array([1, 5, 2])); // → [5, 5, 5]
 */
export function pmax<T>(x: T, axisName: string): T {
  const name = nameOf('pmax', axisName);
  return leafwise('pmax', x, (t) => bind1('pmax', [t], { axisName: name }));
}

/**
 * The minimum over the named vmap axis.
 * @example vmap((x: Tensor) => lax.pmin(x, 'i'), { axisName: 'i' })(np.array([1, 5, 2])); // → [1, 1, 1]
 */
export function pmin<T>(x: T, axisName: string): T {
  const name = nameOf('pmin', axisName);
  return leafwise('pmin', x, (t) => bind1('pmin', [t], { axisName: name }));
}

/**
 * This member's position along the named vmap axis (an int32 scalar).
 * @example vmap((x: Tensor) => x.mul(lax.axisIndex('i')), { axisName: 'i' })(np.array([5, 5, 5])); // → [0, 5, 10]
 */
export function axisIndex(axisName: string): Tensor {
  return bind1('axis_index', [], { axisName: nameOf('axisIndex', axisName) });
}
