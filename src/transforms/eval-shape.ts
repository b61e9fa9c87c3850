/**
 * evalShape (jax.eval_shape): the shapes and dtypes `f` would return, found by tracing it, with
 * nothing computed and no device touched. Arguments may be arrays or ShapedArrays (JAX's
 * ShapeDtypeStruct), so a model's output shape can be checked before any weight exists.
 */
import { ArgumentError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import { traceToJaxpr } from '../core/staging.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../tree/pytree.js';
import { flattenFun, toTensor } from './args.js';

/** The types of a pytree of arguments whose leaves are arrays, numbers or ShapedArrays. */
export function argumentAvals(op: string, args: unknown): { avals: ShapedArray[]; def: TreeDef } {
  const { leaves, def } = treeFlatten(args);
  return { avals: leaves.map((l) => (l instanceof ShapedArray ? l : toTensor(op, l).aval)), def };
}

/** Arguments whose array leaves may be given as ShapedArrays (JAX's ShapeDtypeStruct): only types are used. */
export type AbstractArgs<A> = { [K in keyof A]: Abstractable<A[K]> };
type Abstractable<T> = T extends Tensor ? Tensor | ShapedArray
  : T extends (...a: never[]) => unknown ? T : T extends object ? { [K in keyof T]: Abstractable<T[K]> } : T;

/** What `evalShape` returns for a function returning `R`: its pytree with ShapedArrays as leaves. */
export type ShapeOf<R> = R extends readonly unknown[] ? { [K in keyof R]: ShapeOf<R[K]> }
  : R extends { aval: ShapedArray } ? ShapedArray
  : R extends object ? { [K in keyof R]: ShapeOf<R[K]> } : ShapedArray;

/**
 * The output shapes and dtypes of `f(...args)`, as ShapedArrays in `f`'s output structure, without
 * computing anything. Arguments may be ShapedArrays (`new ShapedArray([1024, 784], 'float32')`).
 * @example
 * const out = evalShape((x: Tensor) => np.matmul(x, np.ones([784, 10])), new ShapedArray([1024, 784], 'float32'));
 * [out.shape, out.dtype]; // → [[1024, 10], 'float32']
 */
export function evalShape<A extends unknown[], R>(f: (...args: A) => R, ...args: AbstractArgs<A>): ShapeOf<R> {
  validate.fn('evalShape', f);
  if (args.length === 0 && f.length > 0) {
    throw new ArgumentError(`evalShape: f takes ${f.length} argument(s) but none were given; pass arrays or ShapedArrays for them.`);
  }
  const { avals, def } = argumentAvals('evalShape', args);
  const flat = flattenFun('evalShape', f as unknown as (...a: unknown[]) => unknown, def);
  const { jaxpr } = traceToJaxpr(flat.fn, avals, 'evalShape');
  return treeUnflatten<ShapeOf<R>>(flat.outDef(), jaxpr.outAvals);
}
